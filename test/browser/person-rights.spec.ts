import { gzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import {
  expectNoAxeViolations,
  expectNoSidewaysScroll,
  invitePersonByApi,
  signIn,
} from './support';

const phone = { width: 360, height: 740 };

test('the person tells how an activity went, withdraws partner sharing, asks for a correction, and the team sees each', async ({
  page,
  browser,
  request,
}) => {
  const stamp = Date.now();
  const email = `lea.${stamp}@example.org`;
  const familyName = `Bouchard-${stamp}`;
  // The Estrie referrer refers Léa, who agrees to share with partners; Karim accepts the case.
  const { caseId, linkWorker, link } = await invitePersonByApi(request, {
    givenName: 'Léa',
    familyName,
    dateOfBirth: '1948-03-13',
    email,
  });

  // Léa, on her phone, in French.
  const context = await browser.newContext({ viewport: phone, locale: 'fr-CA' });
  const person = await context.newPage();
  const scripts: string[] = [];
  person.on('request', (sent) => {
    if (sent.resourceType() === 'script') scripts.push(sent.url());
  });
  await person.goto(`${link.pathname}${link.hash}`);
  await expect(person.getByRole('heading', { level: 1, name: 'Bonjour Léa' })).toBeVisible();
  // The person's page stays light: its JavaScript, gzipped, under 80 KB, and no staff code.
  const staffFiles = /\/assets\/(main|shell|app-common|mantine[a-z-]*|vendor)-/;
  expect(scripts.filter((url) => staffFiles.test(url))).toEqual([]);
  let gzipped = 0;
  for (const url of new Set(scripts)) {
    const body = await (
      await request.get(url, { headers: { 'accept-encoding': 'identity' } })
    ).body();
    gzipped += gzipSync(body, { level: 9 }).length;
  }
  expect(gzipped).toBeLessThan(80_000);

  const activities = person.getByRole('region', { name: 'Vos activités' });
  const workshop = activities.getByRole('article', {
    name: /Atelier de jardinage au jardin communautaire/,
  });
  await expect(workshop).toContainText('On vous attend');
  await expect(workshop).toContainText('100, rue Water Ouest, Cornwall, K6J 1A1');
  await expect(workshop).toContainText('Les mardis et les samedis, de 9 h 30 à 11 h 30');
  await expect(workshop).toContainText('Gratuit');
  await expect(workshop.getByRole('link', { name: '613-555-0102' })).toBeVisible();
  await expectNoSidewaysScroll(person);
  await expectNoAxeViolations(person);

  await workshop.getByRole('radio', { name: 'J’y suis allé(e)' }).check();
  await workshop.getByRole('button', { name: 'Envoyer' }).click();
  await expect(workshop.getByRole('status')).toHaveText('Merci. Votre agent de liaison le verra.');
  await expect(workshop).toContainText('Vous y êtes allé(e)');
  await expect(workshop).toContainText('J’y suis allé(e)');

  // Her data: she withdraws sharing with partners, after a second thought.
  const data = person.getByRole('region', { name: 'Vos données' });
  await data.getByRole('button', { name: /^Retirer\s:\sLe partage/ }).click();
  await data.getByRole('button', { name: 'Oui, retirer' }).click();
  await expect(
    data.getByText('Retiré. Cela ne se fait plus à partir de maintenant.'),
  ).toBeVisible();
  await expect(data.getByText(/^Vous l’avez retiré le /)).toBeVisible();

  await data.getByRole('radio', { name: 'Une rectification' }).check();
  await data
    .getByRole('textbox', { name: 'Ce qui doit changer, ou pourquoi' })
    .fill('Je suis née le 31 mars, pas le 13.');
  await data.getByRole('button', { name: 'Envoyer la demande' }).click();
  await expect(data.getByText('Demande envoyée à la ou au responsable du site.')).toBeVisible();
  await expect(data.getByText('En attente de réponse')).toBeVisible();

  // Who opened her record: Karim's work shows as a link worker at Estrie, never by name.
  const accesses = data.getByRole('list', { name: 'Qui a ouvert votre dossier' });
  await expect(accesses.getByRole('listitem').first()).toContainText('un agent de liaison à');
  await expect(data).not.toContainText('Karim');
  await expectNoSidewaysScroll(person);
  await expectNoAxeViolations(person);

  // She switches to English: it stays on her record.
  await person.getByRole('button', { name: 'English' }).click();
  await expect(person.getByRole('heading', { level: 1, name: 'Hello Léa' })).toBeVisible();
  await expect(person.getByRole('region', { name: 'Your activities' })).toContainText(
    'Tuesdays and Saturdays, 09:30 to 11:30',
  );
  await expect
    .poll(
      async () =>
        (await linkWorker.get<{ person: { preferredLanguage: string } }>(`/api/cases/${caseId}`))
          .person.preferredLanguage,
    )
    .toBe('en');
  await expectNoAxeViolations(person);

  // The link worker: told of the activity, and sees it on the connection.
  const notices = await linkWorker.get<{ items: { kind: string; href: string }[] }>(
    '/api/notifications',
  );
  expect(notices.items).toContainEqual(
    expect.objectContaining({ kind: 'connection.person_said', href: `/cases/${caseId}` }),
  );
  const connections = await linkWorker.get<{
    items: { status: string; events: { via: string; personSaid: string | null }[] }[];
  }>(`/api/cases/${caseId}/connections`);
  expect(connections.items[0]?.status).toBe('attended');
  expect(connections.items[0]?.events.at(-1)).toMatchObject({ via: 'person', personSaid: 'went' });

  // The site manager sees the withdrawal and the request on the case, and refuses it with why.
  await page.goto('/sign-in');
  await signIn(page, 'manager@passerelle.example');
  await expect(page.getByRole('button', { name: /menu du compte|account menu/ })).toBeVisible();
  await page.goto(`/cases/${caseId}`);
  const referral = page.getByRole('region', { name: 'Orientation et consentement' });
  await expect(referral.getByText(/Retiré par la personne/)).toBeVisible();
  await expect(referral.getByText('Je suis née le 31 mars, pas le 13.')).toBeVisible();
  await referral.getByRole('radio', { name: 'Refusée' }).check();
  await referral
    .getByRole('textbox', { name: /Pourquoi elle est refusée/ })
    .fill('Votre carte santé indique le 13 mars : apportez-la à votre prochain rendez-vous.');
  await referral.getByRole('button', { name: 'Enregistrer la suite' }).click();
  await expect(referral.getByText(/Refusée · enregistré par Sophie Tremblay/)).toBeVisible();
  await expectNoAxeViolations(page);

  // Léa sees the answer, in English now, and not who gave it.
  await person.reload();
  const requests = person.getByRole('region', { name: 'Your data' });
  await expect(requests.getByText('Refused')).toBeVisible();
  await expect(
    requests.getByText(
      'Votre carte santé indique le 13 mars : apportez-la à votre prochain rendez-vous.',
    ),
  ).toBeVisible();
  await expect(requests).not.toContainText('Sophie');
  await expectNoSidewaysScroll(person);
  await expectNoAxeViolations(person);
  await context.close();
});
