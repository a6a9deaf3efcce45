import { expect, test } from '@playwright/test';
import {
  demoPassword,
  expectNoAxeViolations,
  expectNoSidewaysScroll,
  waitForEmail,
} from './support';

test.describe('on a phone, in French', () => {
  test.use({
    viewport: { width: 360, height: 740 },
    isMobile: true,
    hasTouch: true,
    locale: 'fr-CA',
  });

  test('a referrer refers a person from one screen and sees the reference', async ({
    page,
    request,
  }) => {
    await page.goto('/sign-in');
    await page
      .getByRole('textbox', { name: 'Adresse courriel' })
      .fill('referrer.estrie@passerelle.example');
    await page.getByRole('textbox', { name: 'Mot de passe', exact: true }).fill(demoPassword);
    await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();

    await page.getByRole('button', { name: 'Menu de navigation' }).click();
    const navigation = page.getByRole('navigation', { name: 'Navigation principale' });
    await navigation.getByRole('link', { name: 'Orienter une personne' }).click();
    await expect(
      page.getByRole('heading', { level: 1, name: 'Orienter une personne' }),
    ).toBeVisible();
    await expectNoAxeViolations(page);

    const familyName = `Bouchard-${Date.now().toString(36)}`;
    await page.getByRole('textbox', { name: 'Prénom' }).fill('Gisèle');
    await page.getByRole('textbox', { name: 'Nom de famille' }).fill(familyName);
    await page.getByLabel('Date de naissance').fill('1948-05-04');
    await expect(page.getByRole('radio', { name: 'Français' })).toBeChecked();
    await page.getByRole('textbox', { name: 'Téléphone' }).fill('819-555-0177');
    await page.getByRole('textbox', { name: 'Code postal' }).fill('J1H 5N4');
    await page.getByRole('checkbox', { name: 'Solitude ou isolement' }).check();
    await page.getByRole('checkbox', { name: 'Inactivité physique' }).check();
    await page.getByRole('radio', { name: 'Bientôt (dans la semaine)' }).check();
    await page.getByRole('textbox', { name: 'Contexte' }).fill('Vit seule depuis l’automne.');

    // Without the consent, nothing is sent and the form says why.
    await page.getByRole('button', { name: 'Envoyer l’orientation' }).click();
    await expect(page.getByRole('alert')).toContainText('La personne doit consentir');
    await expectNoAxeViolations(page);

    await page
      .getByRole('checkbox', {
        name: 'La personne accepte d’être orientée vers la prescription sociale',
      })
      .check();
    // The answer to the first send is lost after the server made the referral (a dropped
    // connection): the app sends it again with the same Idempotency-Key and is answered the
    // same referral, not a second one.
    const keys: (string | undefined)[] = [];
    await page.route('**/api/referrals', async (route) => {
      keys.push(route.request().headers()['idempotency-key']);
      if (keys.length > 1) return route.continue();
      await route.fetch();
      return route.abort('connectionreset');
    });
    await page.getByRole('button', { name: 'Envoyer l’orientation' }).click();

    await expect(page.getByRole('heading', { level: 1, name: 'Mes orientations' })).toBeVisible();
    await page.unroute('**/api/referrals');
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(keys[1]).toBe(keys[0]);
    await expect(page.getByText(familyName)).toHaveCount(1);
    const sent = page.getByRole('status').filter({ hasText: 'envoyée' });
    await expect(sent).toContainText(/Orientation P-[0-9A-Z]{6} envoyée/);
    const reference = ((await sent.textContent()) ?? '').match(/P-[0-9A-Z]{6}/)?.[0] ?? '';
    await expect(
      page.getByRole('link', { name: `Ouvrir l’orientation ${reference}` }),
    ).toBeVisible();
    await expectNoAxeViolations(page);
    await expectNoSidewaysScroll(page);

    await page.getByRole('link', { name: `Ouvrir l’orientation ${reference}` }).click();
    await expect(
      page.getByRole('heading', { level: 1, name: `Orientation ${reference}` }),
    ).toBeVisible();
    await expect(page.getByText('Reçue, en attente d’un agent de liaison').first()).toBeVisible();
    await expect(page.getByText('Un résumé s’affichera ici')).toBeVisible();
    await expectNoAxeViolations(page);

    // The site's link workers are told by email, without who or why.
    const email = await waitForEmail(request, {
      to: 'linkworker@passerelle.example',
      subjectIncludes: reference,
    });
    expect(email.subject).toBe(`Nouvelle orientation ${reference}, urgence\u202f: bientôt`);
    expect(email.text).not.toContain(familyName);
  });
});

test('a person refers themself in English and gets an acknowledgement', async ({
  page,
  request,
}) => {
  await page.goto('/refer-yourself');
  await expect(page.getByRole('heading', { level: 1, name: 'Refer yourself' })).toBeVisible();
  await expectNoAxeViolations(page);

  const address = `sam.${Date.now().toString(36)}@example.org`;
  await page
    .getByRole('combobox', { name: 'Where do you live or get care?' })
    .selectOption({ label: 'Riverside CHC – Queen Street (Riverside Community Health Centre)' });
  await page.getByRole('textbox', { name: 'Given name' }).fill('Sam');
  await page.getByRole('textbox', { name: 'Family name' }).fill('Taylor');
  await page.getByLabel('Date of birth').fill('1990-11-02');
  await page.getByRole('radio', { name: 'English' }).check();
  await expect(page.getByRole('combobox', { name: 'How should we contact you?' })).toHaveValue(
    'email',
  );
  await page.getByRole('textbox', { name: 'Email' }).fill(address);
  await page.getByRole('checkbox', { name: 'Low mood or stress' }).check();
  await page
    .getByRole('checkbox', {
      name: 'I agree that the link-worker team receives this request and contacts me',
    })
    .check();
  await page.getByRole('button', { name: 'Send my request' }).click();

  const done = page.getByRole('heading', { level: 1, name: 'Thank you, we received your request' });
  await expect(done).toBeVisible();
  await expect(done).toBeFocused();
  const referenceLine = page.getByText(/Your reference: P-[0-9A-Z]{6}/);
  await expect(referenceLine).toBeVisible();
  const reference = ((await referenceLine.textContent()) ?? '').match(/P-[0-9A-Z]{6}/)?.[0] ?? '';
  await expect(page.getByText('We also sent you an email')).toBeVisible();
  await expectNoAxeViolations(page);

  const email = await waitForEmail(request, { to: address, subjectIncludes: reference });
  expect(email.subject).toBe(`We received your request (${reference})`);
  expect(email.text).toContain('Riverside');
});
