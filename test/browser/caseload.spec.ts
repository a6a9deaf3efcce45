import { type APIRequestContext, expect, test } from '@playwright/test';
import {
  adminApi,
  apiAs,
  demo,
  expectNoAxeViolations,
  expectNoSidewaysScroll,
  referByApi,
  resetLanguage,
  signIn,
} from './support';

/** A referral by the demo referrer: a new case in the triage queue of their site. */
function refer(request: APIRequestContext, familyName: string): Promise<string> {
  return referByApi(
    request,
    { givenName: 'Maurice', familyName, dateOfBirth: '1948-11-20', phone: '613-555-0177' },
    { reasons: ['loneliness_isolation', 'physical_inactivity'], urgency: 'soon' },
  );
}

test('a link worker takes a case from triage, records a contact and the person’s acceptance', async ({
  page,
  request,
}) => {
  const familyName = `Okafor-${Date.now()}`;
  const caseId = await refer(request, familyName);

  await page.goto('/sign-in');
  await signIn(page, 'linkworker.riverside@passerelle.example');
  await page.getByRole('link', { name: 'Triage', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Triage' })).toBeVisible();
  // Triage (/cases/triage) is highlighted, and Caseload (/cases) is not.
  const navigation = page.getByRole('navigation', { name: 'Main navigation' });
  await expect(navigation.locator('[aria-current="page"]')).toHaveText(['Triage']);
  await page.getByLabel('Order').selectOption('newest');
  const card = page.getByRole('listitem').filter({ hasText: familyName });
  await expect(card).toBeVisible();
  await expect(card.getByText('Soon')).toBeVisible();
  await expectNoAxeViolations(page);
  await card.getByRole('button', { name: /^Take case/ }).click();
  await expect(page.getByRole('status').filter({ hasText: /is now yours/ })).toBeVisible();
  await expect(card).toHaveCount(0);
  // The confirmation follows a switch of language, and back.
  await page.getByRole('button', { name: 'Français' }).click();
  await expect(page.getByRole('status').filter({ hasText: /vous est confié/ })).toBeVisible();
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('status').filter({ hasText: /is now yours/ })).toBeVisible();

  await page.getByRole('link', { name: 'Caseload', exact: true }).click();
  const row = page.getByRole('row').filter({ hasText: familyName });
  await expect(row.getByText('Waiting for contact')).toBeVisible();
  await expect(row.getByText('First contact')).toBeVisible();
  await expectNoAxeViolations(page);
  await row.getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`/cases/${caseId}$`));
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(familyName) })).toBeVisible();

  // The contact is recorded in its own section, the form opened on ask.
  await page.getByRole('tab', { name: 'Contacts and notes' }).click();
  await expect(page).toHaveURL(new RegExp(`/cases/${caseId}/contacts$`));
  const contacts = page.getByRole('region', { name: 'Contacts' });
  await contacts.getByRole('button', { name: 'Record a contact' }).click();
  await contacts.getByLabel('Channel').selectOption('phone');
  await contacts.getByLabel('Outcome').selectOption('reached');
  await contacts.getByLabel('Duration (minutes)').fill('20');
  await contacts.getByLabel('Notes').fill('Would like a walking group near home.');
  await contacts.getByRole('button', { name: 'Record contact' }).click();
  await expect(contacts.getByRole('status')).toHaveText('Contact recorded.');
  await expect(contacts.getByLabel('Notes')).toHaveCount(0);
  await expect(
    contacts.getByRole('list', { name: 'Contacts so far' }).getByText(/Reached/),
  ).toBeVisible();
  const header = page.getByRole('region', { name: new RegExp(familyName) });
  await expect(header.getByText('Contacting', { exact: true })).toBeVisible();

  await page.getByRole('tab', { name: 'Overview' }).click();
  await page.getByRole('button', { name: 'Record acceptance' }).click();
  const dialog = page.getByRole('dialog', { name: 'The person accepts social prescribing' });
  await expect(dialog.getByText(/referral to social prescribing service accepted/)).toBeVisible();
  await expectNoAxeViolations(page);
  await dialog.getByRole('button', { name: 'Confirm' }).click();
  await expect(dialog).toBeHidden();
  await expect(header.getByText('Status: Active')).toBeVisible();
  await expect(header.getByText('Accepted', { exact: true })).toBeVisible();
  await expect(page.getByText('Outcome: Social prescribing referral accepted')).toBeVisible();
  await page.getByRole('tab', { name: 'History' }).click();
  await expect(
    page.getByRole('region', { name: 'History' }).getByText('Assigned → Active'),
  ).toBeVisible();
  await expectNoAxeViolations(page);
});

test('the case screen fits a phone', async ({ page, request }) => {
  const familyName = `Nguyen-${Date.now()}`;
  const caseId = await refer(request, familyName);
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto('/sign-in');
  await signIn(page, 'linkworker.riverside@passerelle.example');
  await expect(page.getByRole('button', { name: /account menu/ })).toBeVisible();
  await page.goto(`/cases/${caseId}`);
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(familyName) })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Take this case' })).toBeVisible();
  await expectNoSidewaysScroll(page);
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Navigation menu' }).click();
  await page.getByRole('link', { name: 'Triage', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Triage' })).toBeVisible();
  await page.getByLabel('Order').selectOption('newest');
  await expect(page.getByRole('listitem').filter({ hasText: familyName })).toBeVisible();
  await expectNoSidewaysScroll(page);
  await expectNoAxeViolations(page);
});

/** A second link worker and a manager for Riverside, which has neither in the demo data. */
async function staffRiverside(
  request: APIRequestContext,
): Promise<{ manager: { email: string; password: string }; workerName: string }> {
  const admin = await adminApi(request);
  const sites = await admin.get<{ items: { id: string; name: string }[] }>('/api/sites');
  const riverside = sites.items.find((site) => site.name.startsWith('Riverside'));
  if (!riverside) throw new Error('no Riverside site in the demo data');
  const stamp = Date.now().toString(36);
  const manager = { email: `manager.${stamp}@example.org`, password: 'a long enough passphrase' };
  await admin.send('POST', '/api/accounts', {
    email: manager.email,
    displayName: 'Priya Raman',
    password: manager.password,
    locale: 'en',
    grants: [{ role: 'site_manager', siteId: riverside.id }],
  });
  const workerName = `Tomás Silva ${stamp}`;
  await admin.send('POST', '/api/accounts', {
    email: `worker.${stamp}@example.org`,
    displayName: workerName,
    password: 'a long enough passphrase',
    locale: 'en',
    grants: [{ role: 'link_worker', siteId: riverside.id }],
  });
  return { manager, workerName };
}

test('a site manager finds a person, sorts and filters the caseload, and reassigns two cases at once', async ({
  page,
  request,
}) => {
  const stamp = Date.now();
  const names = [`Adeyemi-${stamp}`, `Brunelle-${stamp}`];
  const ids = [await refer(request, names[0] ?? ''), await refer(request, names[1] ?? '')];
  const worker = await apiAs(request, 'linkworker.riverside@passerelle.example');
  for (const id of ids) await worker.send('POST', `/api/cases/${id}/take`, { version: 1 });
  // The request context holds one session at a time: the administrator's comes next.
  await worker.send('POST', '/api/auth/sign-out', {});
  const { manager, workerName } = await staffRiverside(request);

  await page.goto('/sign-in');
  await signIn(page, manager.email, manager.password);
  await expect(page.getByRole('button', { name: /account menu/ })).toBeVisible();
  await page.goto('/cases');

  // The search: a name without its accents finds the person; the words stay out of the address.
  await page.getByRole('searchbox', { name: 'Find a person or case' }).fill(`brunellé-${stamp}`);
  await page.getByRole('button', { name: 'Search' }).click();
  const results = page.getByRole('region', { name: 'People and cases found' });
  await expect(results.getByRole('link', { name: `Maurice ${names[1]}` })).toBeVisible();
  await expect(results.getByText(/born Nov 20, 1948/)).toBeVisible();
  expect(page.url()).not.toContain('runelle');
  await expectNoAxeViolations(page);

  // Order and filters live in the address: a reload keeps them.
  await page.getByRole('combobox', { name: 'Whose cases' }).selectOption('all');
  await page.getByRole('combobox', { name: 'Order' }).selectOption('name');
  await page.getByRole('combobox', { name: 'Stage' }).selectOption('waiting');
  await expect(page).toHaveURL(/assignee=all/);
  await expect(page).toHaveURL(/sort=name/);
  await expect(page).toHaveURL(/stage=waiting/);
  await page.reload();
  await expect(page.getByRole('combobox', { name: 'Order' })).toHaveValue('name');
  const rows = page.getByRole('row').filter({ hasText: `-${stamp}` });
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText(names[0] ?? '');
  await expectNoAxeViolations(page);

  // Both cases, to the new link worker, in one go.
  for (const row of await rows.all()) await row.getByRole('checkbox').check();
  await page
    .getByRole('combobox', { name: 'Reassign the selected cases to' })
    .selectOption({ label: workerName });
  await page.getByRole('button', { name: 'Reassign 2 cases' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'reassigned' })).toHaveText(
    `2 cases reassigned to ${workerName}.`,
  );
  for (const row of await rows.all()) await expect(row).toContainText(workerName);
  await page.getByRole('button', { name: 'Français' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'réattribués' })).toHaveText(
    `2 dossiers réattribués à ${workerName}.`,
  );
  await expect(
    page.getByRole('combobox', { name: 'Réattribuer les dossiers sélectionnés à' }),
  ).toBeVisible();
  await expectNoAxeViolations(page);
});

test('the referrer reads a change of link worker as a reassignment, not a second assignment', async ({
  page,
  request,
}) => {
  const familyName = `Ouellet-${Date.now()}`;
  const caseId = await refer(request, familyName);
  const worker = await apiAs(request, 'linkworker.riverside@passerelle.example');
  await worker.send('POST', `/api/cases/${caseId}/take`, { version: 1 });
  await worker.send('POST', '/api/auth/sign-out', {});
  const { manager, workerName } = await staffRiverside(request);
  // The page's own request context: the shared one still holds the administrator's session.
  const session = await page.request.post('/api/auth/sign-in', { data: manager });
  expect(session.status()).toBe(200);
  const headers = { 'x-csrf-token': ((await session.json()) as { csrfToken: string }).csrfToken };
  const caseload = (await (await page.request.get('/api/cases/caseload?assignee=all')).json()) as {
    assignees: { accountId: string; displayName: string }[];
  };
  const to = caseload.assignees.find((assignee) => assignee.displayName === workerName);
  const assigned = await page.request.post(`/api/cases/${caseId}/assign`, {
    headers,
    data: { accountId: to?.accountId, version: 2 },
  });
  expect(assigned.status(), await assigned.text()).toBe(200);
  expect((await page.request.post('/api/auth/sign-out', { headers })).ok()).toBe(true);
  // Nothing of the manager's session left for the page: the referrer signs in afresh.
  await page.context().clearCookies();

  await page.goto('/sign-in');
  await signIn(page, demo.referrer.email);
  await expect(page.getByRole('button', { name: /account menu/ })).toBeVisible();
  await page.goto(`/referrals/${caseId}`);
  const history = page.getByRole('region', { name: 'Status history' }).getByRole('listitem');
  await expect(history).toHaveCount(3);
  await expect(history.nth(1)).toContainText('A link worker is contacting the person');
  await expect(history.nth(2)).toHaveText(/: Reassigned to another link worker$/);
  // Which link workers: not the referrer's to know.
  await expect(page.getByText(workerName)).toHaveCount(0);
  await expectNoAxeViolations(page);
  // The switch is saved on the demo referrer's account: afterAll sets it back.
  await page.getByRole('button', { name: 'Français' }).click();
  const historique = page
    .getByRole('region', { name: 'Historique du statut' })
    .getByRole('listitem');
  await expect(historique.nth(2)).toHaveText(/\u202f: Réattribué à un autre agent de liaison$/);
  await expectNoAxeViolations(page);
});

test.afterAll(({ request }) => resetLanguage(request, demo.referrer.email));
