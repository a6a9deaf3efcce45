import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { expectNoAxeViolations, expectNoSidewaysScroll, invitePersonByApi } from './support';

const phone = { width: 360, height: 740 };

test('the person’s whole journey in their own space, each step seen by the link worker', async ({
  browser,
  request,
}) => {
  const stamp = Date.now();
  const email = `amelie.${stamp}@example.org`;
  // Referred with partner sharing agreed; the link worker accepts, writes the plan with her
  // and asks the garden workshop, which accepts.
  const { caseId, linkWorker, invitation, link } = await invitePersonByApi(
    request,
    { givenName: 'Amélie', familyName: `Gagnon-${stamp}`, dateOfBirth: '1951-06-02', email },
    { goal: 'Voir du monde chaque semaine', step: 'Appeler le jardin communautaire' },
  );

  // The invitation arrives in French; she opens it on her phone.
  expect(invitation.text).toContain('Bonjour Amélie');
  const context = await browser.newContext({
    viewport: phone,
    locale: 'fr-CA',
    acceptDownloads: true,
  });
  const person = await context.newPage();
  await person.goto(`${link.pathname}${link.hash}`);
  await expect(person.getByRole('heading', { level: 1, name: 'Bonjour Amélie' })).toBeVisible();

  // Her plan, in French: she marks her step done.
  const planSection = person.getByRole('region', { name: 'Votre plan' });
  await expect(planSection).toContainText('Voir du monde chaque semaine');
  await planSection
    .getByRole('button', { name: 'Marquer comme fait : Appeler le jardin communautaire' })
    .click();
  await expect(planSection.getByRole('status')).toHaveText(
    'Étape marquée comme faite. Votre agent de liaison le verra.',
  );

  // She went to the workshop.
  const workshop = person
    .getByRole('region', { name: 'Vos activités' })
    .getByRole('article', { name: /Atelier de jardinage/ });
  await workshop.getByRole('radio', { name: 'J’y suis allé(e)' }).check();
  await workshop.getByRole('button', { name: 'Envoyer' }).click();
  await expect(workshop.getByRole('status')).toHaveText('Merci. Votre agent de liaison le verra.');

  // The questionnaires due since she said yes, in the words written for her.
  const questionnaires = person.getByRole('region', { name: 'Questionnaires' });
  const due = questionnaires.getByRole('article', { name: 'Au début' });
  await due.getByRole('button', { name: 'Répondre aux questions' }).click();
  const form = due.getByRole('form', { name: 'Au début' });
  const items = form.getByRole('group');
  await expect(items).toHaveCount(7);
  for (let index = 0; index < 7; index += 1) {
    await items.nth(index).getByRole('radio').nth(1).check();
  }
  await expectNoSidewaysScroll(person);
  await expectNoAxeViolations(person);
  await form.getByRole('button', { name: 'Envoyer mes réponses' }).click();
  await expect(questionnaires.getByRole('status')).toHaveText(
    'Vos réponses ont été transmises à votre agent de liaison.',
  );
  await expect(
    questionnaires.getByText('Aucun questionnaire à remplir pour le moment.'),
  ).toBeVisible();
  // Her own change over time, if she wants it: a chart and the same figures in a table.
  await questionnaires.getByText('Voir l’évolution de vos réponses').click();
  const loneliness = questionnaires.getByRole('group', { name: /UCLA/ });
  await expect(loneliness.getByRole('img', { name: /vos scores au fil du temps/ })).toBeVisible();
  await expect(loneliness.getByRole('row')).toHaveCount(2);
  await expect(loneliness).toContainText('Un score plus bas est meilleur.');
  await expectNoSidewaysScroll(person);
  await expectNoAxeViolations(person);

  // Her data: the readable page in French, and the JSON file.
  const data = person.getByRole('region', { name: 'Vos données' });
  const [page] = await Promise.all([
    context.waitForEvent('page'),
    data.getByRole('link', { name: 'Ouvrir une page lisible' }).click(),
  ]);
  await page.waitForLoadState();
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page.locator('body')).toContainText('Amélie');
  await page.close();
  const [download] = await Promise.all([
    person.waitForEvent('download'),
    data.getByRole('link', { name: 'Télécharger un fichier (JSON)' }).click(),
  ]);
  const file = JSON.parse(await readFile((await download.path()) ?? '', 'utf8')) as {
    format: string;
    version: number;
  };
  expect(file).toMatchObject({ format: 'passerelle.person-record', version: 1 });

  // She withdraws sharing with partners.
  await data.getByRole('button', { name: /^Retirer\s:\sLe partage/ }).click();
  await data.getByRole('button', { name: 'Oui, retirer' }).click();
  await expect(
    data.getByText('Retiré. Cela ne se fait plus à partir de maintenant.'),
  ).toBeVisible();
  await expectNoSidewaysScroll(person);
  await expectNoAxeViolations(person);
  await context.close();

  // The link worker sees each on the case: the step done, the activity attended, her
  // answers as hers, and the withdrawal.
  const workerPlan = await linkWorker.get<{ goals: { steps: { done: boolean }[] }[] }>(
    `/api/cases/${caseId}/plan`,
  );
  expect(workerPlan.goals[0]?.steps.map((step) => step.done)).toEqual([true]);
  const connections = await linkWorker.get<{ items: { status: string }[] }>(
    `/api/cases/${caseId}/connections`,
  );
  expect(connections.items[0]?.status).toBe('attended');
  const outcomes = await linkWorker.get<{
    instruments: {
      instrumentId: string;
      measurements: { answeredBy: string; timepoint: string }[];
    }[];
  }>(`/api/cases/${caseId}/measurements`);
  expect(outcomes.instruments.map((i) => [i.instrumentId, i.measurements[0]?.answeredBy])).toEqual(
    expect.arrayContaining([
      ['ucla3', 'person'],
      ['ons4', 'person'],
    ]),
  );
  const detail = await linkWorker.get<{ consent: { partnerSharingWithdrawnAt: string | null } }>(
    `/api/cases/${caseId}`,
  );
  expect(detail.consent.partnerSharingWithdrawnAt).not.toBeNull();
});
