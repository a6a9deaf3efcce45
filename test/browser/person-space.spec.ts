import { expect, test } from '@playwright/test';
import {
  acceptByApi,
  apiAs,
  expectNoAxeViolations,
  expectNoSidewaysScroll,
  referByApi,
  signIn,
  waitForEmail,
} from './support';

const phone = { width: 360, height: 740 };

test('the person gets an invitation, signs in by link on a phone and reads their plan in French', async ({
  page,
  browser,
  request,
}) => {
  const email = `theo.${Date.now()}@example.org`;
  const caseId = await referByApi(request, {
    givenName: 'Théo',
    familyName: `Lavoie-${Date.now()}`,
    preferredLanguage: 'fr',
    email,
  });
  const linkWorker = await apiAs(request, 'linkworker.riverside@passerelle.example');
  await acceptByApi(linkWorker, caseId);
  const plan = await linkWorker.get<{ version: number }>(`/api/cases/${caseId}/plan`);
  await linkWorker.send('PUT', `/api/cases/${caseId}/plan`, {
    version: plan.version,
    goals: [
      {
        text: 'Retrouver le plaisir de marcher dehors',
        steps: [
          { text: 'Essayer le club de marche du mardi', owner: 'person', dueOn: null },
          {
            text: 'Trouver un transport pour y aller',
            owner: 'link_worker',
            dueOn: null,
            done: true,
          },
        ],
      },
    ],
    agreedOn: null,
  });

  // The link worker sends the invitation from the case's plan.
  await page.goto('/sign-in');
  await signIn(page, 'linkworker.riverside@passerelle.example');
  await expect(page.getByRole('button', { name: /account menu/ })).toBeVisible();
  await page.goto(`/cases/${caseId}/plan`);
  const planRegion = page.getByRole('region', { name: 'Action plan' });
  await planRegion.getByRole('button', { name: 'Invite to their own space' }).click();
  await expect(
    planRegion.getByRole('status').filter({ hasText: `Invitation sent to ${email}` }),
  ).toBeVisible();

  const invitation = await waitForEmail(request, { to: email, subjectIncludes: 'Votre plan' });
  expect(invitation.text).toContain('Bonjour Théo');
  const link = new URL(invitation.links.find((href) => href.includes('/me/sign-in#')) ?? '');
  expect(link.hash.length).toBeGreaterThan(40);

  // The person, on their phone, in a browser of their own.
  const context = await browser.newContext({ viewport: phone, locale: 'fr-CA' });
  const person = await context.newPage();
  const requested: string[] = [];
  person.on('request', (sent) => requested.push(sent.url()));
  await person.goto(`${link.pathname}${link.hash}`);
  await expect(person.getByRole('heading', { level: 1, name: 'Bonjour Théo' })).toBeVisible();
  // The token never went to the server in an address, and left the address bar at once.
  expect(requested.filter((url) => url.includes(link.hash.slice(1)))).toEqual([]);
  expect(new URL(person.url()).hash).toBe('');
  expect(new URL(person.url()).pathname).toBe('/me');
  // No staff code came with the page.
  const staffFiles = /\/assets\/(main|shell|app-common|mantine[a-z-]*|vendor)-/;
  expect(requested.filter((url) => staffFiles.test(url))).toEqual([]);

  const planSection = person.getByRole('region', { name: 'Votre plan' });
  await expect(
    planSection.getByRole('heading', { level: 3, name: /Retrouver le plaisir de marcher dehors/ }),
  ).toBeVisible();
  const steps = planSection.getByRole('list', { name: 'Étapes' }).getByRole('listitem');
  await expect(steps).toHaveCount(2);
  await expect(steps.nth(0)).toContainText('Essayer le club de marche du mardi');
  await expect(steps.nth(0)).toContainText('Vous');
  await expect(steps.nth(0)).toContainText('À faire');
  await expect(steps.nth(1)).toContainText('Votre agent de liaison');
  await expect(steps.nth(1)).toContainText('Fait');
  const worker = person.getByRole('region', { name: 'Votre agent de liaison', exact: true });
  await expect(worker).toContainText('Grace Okafor');
  await expect(worker.getByRole('link', { name: /Écrire à Grace Okafor/ })).toHaveAttribute(
    'href',
    'mailto:linkworker.riverside@passerelle.example',
  );
  await expectNoSidewaysScroll(person);
  await expectNoAxeViolations(person);

  // The person marks their step done and writes to their link worker.
  await planSection
    .getByRole('button', { name: 'Marquer comme fait : Essayer le club de marche du mardi' })
    .click();
  await expect(planSection.getByRole('status')).toHaveText(
    'Étape marquée comme faite. Votre agent de liaison le verra.',
  );
  await expect(steps.nth(0)).toContainText('Fait');
  const notes = person.getByRole('region', { name: 'Une note pour votre agent de liaison' });
  await notes.getByRole('textbox', { name: 'Votre note' }).fill('J’y suis allé mardi, très bien.');
  await notes.getByRole('button', { name: 'Envoyer la note' }).click();
  await expect(notes.getByRole('status')).toHaveText('Note envoyée à votre agent de liaison.');
  await expect(notes.getByRole('listitem')).toContainText('J’y suis allé mardi, très bien.');
  await expectNoSidewaysScroll(person);
  await expectNoAxeViolations(person);

  // The link worker sees both on the case.
  await page.reload();
  await expect(planRegion.getByText('Notes from the person')).toBeVisible();
  await expect(planRegion.getByText('J’y suis allé mardi, très bien.')).toBeVisible();
  const workerPlan = await linkWorker.get<{ goals: { steps: { done: boolean }[] }[] }>(
    `/api/cases/${caseId}/plan`,
  );
  expect(workerPlan.goals[0]?.steps.map((step) => step.done)).toEqual([true, true]);

  await person.getByRole('button', { name: 'English' }).click();
  await expect(person.getByRole('heading', { level: 1, name: 'Hello Théo' })).toBeVisible();
  await expect(person.getByRole('region', { name: 'Your plan' })).toBeVisible();
  await expectNoAxeViolations(person);

  await person.getByRole('button', { name: 'Sign out' }).click();
  await expect(
    person.getByRole('heading', { level: 1, name: 'You are not signed in' }),
  ).toBeVisible();
  await expectNoAxeViolations(person);

  // The link worked once: opened again, it says so, in the language of the person's browser.
  await person.goto(`${link.pathname}${link.hash}`);
  await expect(
    person.getByRole('heading', { level: 1, name: 'Ce lien n’ouvre pas votre espace' }),
  ).toBeVisible();
  await expect(person.getByRole('main')).toContainText('Ce lien a déjà été utilisé.');
  await expectNoAxeViolations(person);
  await context.close();
});
