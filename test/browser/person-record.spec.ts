import { type APIRequestContext, expect, test } from '@playwright/test';
import {
  adminApi,
  apiAs,
  expectNoAxeViolations,
  expectNoSidewaysScroll,
  referByApi,
  signIn,
} from './support';

const estrieReferrer = 'referrer.estrie@passerelle.example';
const estrieLinkWorker = 'linkworker@passerelle.example';
const estrieManager = 'manager@passerelle.example';
const riversideLinkWorker = 'linkworker.riverside@passerelle.example';

/** The Estrie referrer refers a French-speaking person; the case is then declined. */
async function closedEstrieCase(
  request: APIRequestContext,
  familyName: string,
): Promise<{ id: string; reference: string }> {
  const referrer = await apiAs(request, estrieReferrer);
  const made = await referrer.send<{ id: string; reference: string }>('POST', '/api/referrals', {
    person: {
      givenName: 'Josée',
      familyName,
      dateOfBirth: '1952-02-11',
      preferredLanguage: 'fr',
      contactPreference: 'phone',
      phone: '613-555-0177',
    },
    reasons: ['loneliness_isolation'],
    urgency: 'routine',
    context: 'Vit seule depuis le printemps.',
    consent: {
      givenBy: 'person',
      givenAt: new Date(Date.now() - 60_000).toISOString(),
      coversReferral: true,
      coversReferrerUpdates: false,
    },
  });
  await referrer.send('POST', '/api/auth/sign-out', {});
  const team = await apiAs(request, estrieLinkWorker);
  await team.send('POST', `/api/cases/${made.id}/status`, {
    to: 'declined',
    reason: 'not_interested',
    version: 1,
  });
  await team.send('POST', '/api/auth/sign-out', {});
  return made;
}

test.describe('on a phone', () => {
  test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

  test('a site manager erases a person on request, in French, after typing the case reference', async ({
    page,
    request,
  }) => {
    const familyName = `Tremblay-${Date.now().toString(36)}`;
    const made = await closedEstrieCase(request, familyName);

    await page.goto('/sign-in');
    await signIn(page, estrieManager);
    await expect(page).not.toHaveURL(/sign-in/);
    await page.goto(`/cases/${made.id}`);
    const section = page.getByRole('region', { name: 'Le dossier de la personne' });
    await expect(section).toBeVisible();
    await expect(section.getByRole('link', { name: 'Ouvrir le dossier lisible' })).toHaveAttribute(
      'href',
      `/api/cases/${made.id}/person-record?format=html`,
    );
    await expectNoAxeViolations(page);
    await expectNoSidewaysScroll(page);

    await section.getByRole('button', { name: 'Effacer les données de cette personne…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Effacer les données de cette personne' });
    await expect(dialog.getByText('Cette action est définitive')).toBeVisible();
    await expectNoAxeViolations(page);

    // Without the grounds, and with the wrong reference, nothing is erased: each field says why.
    await dialog
      .getByRole('textbox', {
        name: `Saisissez la référence du dossier ${made.reference} pour confirmer`,
      })
      .fill('autre');
    await dialog.getByRole('button', { name: 'Effacer définitivement' }).click();
    await expect(dialog.getByRole('alert').first()).toBeVisible();
    await expectNoAxeViolations(page);
    await dialog
      .getByRole('combobox', { name: 'Motif de l’effacement' })
      .selectOption('person_request');
    await dialog.getByRole('button', { name: 'Effacer définitivement' }).click();
    await expect(
      dialog.getByText(
        'Saisissez la référence du dossier exactement comme affichée pour confirmer.',
      ),
    ).not.toHaveCount(0);
    await expect(
      page.getByRole('heading', { level: 1, name: new RegExp(familyName) }),
    ).toBeVisible();

    await dialog
      .getByRole('textbox', {
        name: `Saisissez la référence du dossier ${made.reference} pour confirmer`,
      })
      .fill(made.reference);
    await dialog
      .getByRole('textbox', { name: 'Votre référence pour la demande' })
      .fill('AIPRP-2026/7');
    await dialog.getByRole('button', { name: 'Effacer définitivement' }).click();
    await expect(dialog).toBeHidden();
    await expect(
      page.getByText('Les données de la personne ont été effacées de son dossier.'),
    ).toBeVisible();
    await expect(section.getByText(/a été anonymisé le/)).toBeVisible();
    await expect(
      page.getByRole('heading', { level: 1, name: 'Personne anonymisée' }),
    ).toBeVisible();
    await expect(
      section.getByRole('button', { name: 'Effacer les données de cette personne…' }),
    ).toHaveCount(0);
    await expectNoAxeViolations(page);
    await expectNoSidewaysScroll(page);

    // Found again by its reference, the case names no one, and says why.
    await page.goto('/cases');
    const search = page.getByRole('search', { name: 'Trouver une personne ou un dossier' });
    await search
      .getByRole('searchbox', { name: 'Trouver une personne ou un dossier' })
      .fill(made.reference);
    await search.getByRole('button', { name: 'Rechercher' }).click();
    const found = page.getByRole('region', { name: 'Personnes et dossiers trouvés' });
    await expect(found.getByRole('link', { name: 'Personne anonymisée' })).toBeVisible();
  });

  test('the readable record opens in the person’s language, fits a phone and passes axe', async ({
    page,
    request,
  }) => {
    const familyName = `Okafor-${Date.now().toString(36)}`;
    const caseId = await referByApi(
      request,
      { givenName: 'Ada', familyName },
      {
        context: 'Would like to meet people nearby.',
      },
    );
    await page.goto('/sign-in');
    await signIn(page, riversideLinkWorker);
    await expect(page).not.toHaveURL(/sign-in/);
    await page.goto(`/cases/${caseId}`);
    const section = page.getByRole('region', { name: 'The person’s record' });
    await expect(
      section.getByRole('link', { name: 'Download the full record (JSON)' }),
    ).toBeVisible();
    // A link worker may not erase: no such action is offered.
    await expect(section.getByRole('button', { name: /Erase/ })).toHaveCount(0);
    await expectNoAxeViolations(page);
    await expectNoSidewaysScroll(page);

    const [record] = await Promise.all([
      page.context().waitForEvent('page'),
      section.getByRole('link', { name: 'Open the readable record' }).click(),
    ]);
    await record.waitForLoadState();
    await expect(
      record.getByRole('heading', { level: 1, name: 'Your record at Passerelle' }),
    ).toBeVisible();
    await expect(record.getByText(familyName).first()).toBeVisible();
    await expect(record.getByText('Would like to meet people nearby.')).toBeVisible();
    await expect(
      record.getByRole('heading', { name: 'Who read or changed your record' }),
    ).toBeVisible();
    await expectNoAxeViolations(record);
    await expectNoSidewaysScroll(record);
  });
});

test('an administrator sets the retention period and reads the dry run, in English and French', async ({
  page,
  request,
}) => {
  await page.goto('/sign-in');
  await signIn(page, 'admin@passerelle.example');
  await expect(page).not.toHaveURL(/sign-in/);
  await page.goto('/admin/retention');
  await expect(page.getByRole('heading', { level: 1, name: 'Retention' })).toBeVisible();
  await expect(
    page.getByText('No retention period is set: the daily run anonymises nothing.'),
  ).toBeVisible();
  await expectNoAxeViolations(page);

  const years = page.getByRole('textbox', { name: 'Retention period (years)' });
  await years.fill('0');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('alert').first()).toBeVisible();
  await expectNoAxeViolations(page);

  await years.fill('7');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(
    page.getByText('Records are now kept 7 years after the last case closed.'),
  ).toBeVisible();
  // The demo's cases closed lately: nothing to anonymise yet, and no name anywhere.
  await expect(page.getByText(/^0 people, 0 cases closed more than 7 years ago\.$/)).toBeVisible();
  await expectNoAxeViolations(page);

  const admin = await adminApi(request);
  await admin.send('PATCH', '/api/me', { locale: 'fr' });
  try {
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'Conservation' })).toBeVisible();
    await expect(page.getByRole('textbox', { name: 'Durée de conservation (années)' })).toHaveValue(
      '7',
    );
    await expectNoAxeViolations(page);
    await page.setViewportSize({ width: 360, height: 740 });
    await expectNoSidewaysScroll(page);
  } finally {
    await admin.send('PATCH', '/api/me', { locale: 'en' });
    await admin.send('PUT', '/api/admin/retention', { retentionYears: null });
  }
});
