import { expect, type Page, test } from '@playwright/test';
import {
  apiAs,
  expectNoAxeViolations,
  expectNoSidewaysScroll,
  referByApi,
  resetLanguage,
  signIn,
} from './support';

const linkWorker = 'linkworker.riverside@passerelle.example';

test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

// The journey switches the link worker to French; whatever happens, it goes back.
test.afterEach(({ request }) => resetLanguage(request, linkWorker));

const sections = [
  '',
  '/contacts',
  '/what-matters',
  '/plan',
  '/connections',
  '/outcomes',
  '/history',
];

/** Each screen of a link worker's day fits 360 px (nothing wider than the phone) and is axe-clean. */
async function walkScreens(page: Page, caseId: string, heading: RegExp): Promise<void> {
  const screens = [
    '/',
    '/cases?assignee=all',
    ...sections.map((section) => `/cases/${caseId}${section}`),
    '/agenda',
    '/directory',
    '/notifications',
  ];
  for (const screen of screens) {
    await page.goto(screen);
    await expect(page.getByRole('heading', { level: 1 }), screen).toBeVisible();
    if (screen.startsWith('/cases/')) {
      await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
      await expect(page.getByRole('tablist')).toBeVisible();
    }
    await expect(page.locator('.mantine-Loader-root')).toHaveCount(0);
    await expectNoSidewaysScroll(page);
    await expectNoAxeViolations(page);
  }
}

test('on a phone, every screen of a link worker’s day fits 360 px in English and French, and discharging offers the discharge questionnaire', async ({
  page,
  request,
  playwright,
  baseURL,
}) => {
  // Two walks of twelve screens, each checked by axe: longer than one journey's two minutes
  // on a loaded machine.
  test.setTimeout(240_000);
  const familyName = `Tremblay-Lafontaine-${Date.now()}`;
  const caseId = await referByApi(request, { givenName: 'Marie-Françoise', familyName });
  // A session of its own: the shared one must stay free to set the language back afterwards.
  const workerContext = await playwright.request.newContext({ baseURL });
  const worker = await apiAs(workerContext, linkWorker);
  const { version } = await worker.get<{ version: number }>(`/api/cases/${caseId}`);
  await worker.send('POST', `/api/cases/${caseId}/take`, { version });
  await worker.send('POST', `/api/cases/${caseId}/contacts`, {
    channel: 'phone',
    outcome: 'reached',
    occurredAt: new Date(Date.now() - 60_000).toISOString(),
  });
  const reached = await worker.get<{ version: number }>(`/api/cases/${caseId}`);
  await worker.send('POST', `/api/cases/${caseId}/status`, {
    to: 'active',
    version: reached.version,
  });
  await workerContext.dispose();

  await page.goto('/sign-in');
  await signIn(page, linkWorker);
  await expect(page.getByRole('button', { name: /account menu/ })).toBeVisible();
  await walkScreens(page, caseId, new RegExp(familyName));

  // Discharging: the dialog offers the discharge questionnaire, on the outcomes section.
  await page.goto(`/cases/${caseId}`);
  await page.getByRole('button', { name: 'Discharge', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Discharge the person' });
  const questionnaire = dialog.getByRole('link', { name: 'Record the discharge questionnaire' });
  await expect(questionnaire).toHaveAttribute('href', `/cases/${caseId}/outcomes?closing=true`);
  await expectNoSidewaysScroll(page);
  await expectNoAxeViolations(page);
  await questionnaire.click();
  await expect(page).toHaveURL(new RegExp(`/cases/${caseId}/outcomes\\?closing=true$`));
  await expect(page.getByRole('region', { name: 'Outcome measures' })).toBeVisible();
  // Reached to record it, the questionnaire’s form is open already.
  await expect(page.getByRole('button', { name: 'Record a questionnaire' })).toHaveAttribute(
    'aria-expanded',
    'true',
  );
  await expect(page.getByRole('region', { name: 'Record a measurement' })).toBeVisible();
  await expectNoSidewaysScroll(page);

  await page.getByRole('button', { name: 'Français' }).click();
  await expect(page.getByRole('button', { name: /menu du compte/ })).toBeVisible();
  await walkScreens(page, caseId, new RegExp(familyName));
  await page.goto(`/cases/${caseId}`);
  await expect(
    page.getByRole('button', { name: 'Signaler une préoccupation de protection' }),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Fermer le dossier', exact: true }).click();
  await expect(
    page
      .getByRole('dialog', { name: 'Fermer le dossier de la personne' })
      .getByRole('link', { name: 'Saisir le questionnaire de sortie' }),
  ).toBeVisible();
  await expectNoSidewaysScroll(page);
});
