import { expect, test } from '@playwright/test';
import { apiAs, demo, expectNoAxeViolations, resetLanguage, signIn } from './support';

test('a refused read of another site’s case shows in the audit trail as denied', async ({
  page,
  request,
  playwright,
  baseURL,
}) => {
  const riverside = await apiAs(request, 'linkworker.riverside@passerelle.example');
  const { items } = await riverside.get<{ items: { id: string; reference: string }[] }>(
    '/api/cases/caseload?assignee=all',
  );
  const caseId = items[0]?.id;
  const reference = items[0]?.reference;
  expect(caseId, 'Riverside has a case').toBeTruthy();

  // Karim works at the Estrie site: Riverside's cases are not his to read.
  const estrie = await playwright.request.newContext({ baseURL });
  try {
    await apiAs(estrie, 'linkworker@passerelle.example');
    expect((await estrie.get(`/api/cases/${caseId}`)).status()).toBe(404);
  } finally {
    await estrie.dispose();
  }

  await page.goto('/sign-in');
  await signIn(page, demo.admin.email);
  await page
    .getByRole('navigation', { name: 'Main navigation' })
    .getByRole('link', { name: 'Audit trail' })
    .click();
  await page.getByRole('combobox', { name: 'Outcome' }).selectOption({ label: 'Denied' });
  // The case is named by its reference, as people know it, not by its id.
  const refusal = page
    .getByRole('row')
    .filter({ hasText: 'Karim Haddad' })
    .filter({ hasText: reference ?? '' });
  await expect(refusal).toHaveCount(1);
  await expect(refusal).toContainText('Access to a record refused');
  await expect(refusal).toContainText('GET /api/cases/:id');
  await expect(refusal).toContainText('Denied');
  await expect(refusal).not.toContainText(caseId ?? '');
  await expectNoAxeViolations(page);
});

test('the audit trail says who acted and about what in words, never an id or "Unknown"', async ({
  page,
}) => {
  await page.goto('/sign-in');
  await signIn(page, demo.admin.email);
  await page
    .getByRole('navigation', { name: 'Main navigation' })
    .getByRole('link', { name: 'Audit trail' })
    .click();
  const events = page.getByRole('region', { name: 'Audit trail' }).getByRole('table');
  await expect(events.getByRole('row').nth(1)).toBeVisible();
  const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;
  expect(await events.innerText()).not.toMatch(uuid);
  await expect(events).not.toContainText('Unknown');

  // The demo's reminders are the app's own doing; a partner answered from an emailed link.
  await page
    .getByRole('combobox', { name: 'Action' })
    .selectOption({ label: 'Follow-up reminder sent' });
  const reminder = events.getByRole('row').nth(1);
  await expect(reminder.getByRole('cell').nth(1)).toHaveText('System');
  await expect(reminder.getByRole('cell').nth(4)).toHaveText(/^Case\s*P-[0-9A-Z]+$/);
  await page
    .getByRole('combobox', { name: 'Action' })
    .selectOption({ label: 'Connection accepted' });
  await expect(
    events.getByRole('cell', { name: 'A partner, from an emailed link' }).first(),
  ).toBeVisible();
  await expectNoAxeViolations(page);
});

test.describe('badges', () => {
  // The journey switches the demo administrator to French; whatever happens, it goes back.
  test.afterEach(({ request }) => resetLanguage(request, demo.admin.email));

  test('an outcome badge shows its whole word, in English and French, on a wide screen and a phone', async ({
    page,
  }) => {
    /** Every badge on the page whose text or label overflows its box, as "text (width)". */
    const cutBadges = (): Promise<string[]> =>
      page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('.mantine-Badge-root, .mantine-Badge-label')]
          .filter((badge) => badge.scrollWidth > badge.clientWidth)
          .map((badge) => `${badge.innerText} (${String(badge.clientWidth)}px)`),
      );
    await page.goto('/sign-in');
    await signIn(page, demo.admin.email);
    await expect(page.getByRole('button', { name: /account menu/ })).toBeVisible();
    await page.goto('/admin/audit');
    const events = page.getByRole('table');
    for (const [language, outcome] of [
      ['English', 'Success'],
      ['Français', 'Réussite'],
    ] as const) {
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.getByRole('button', { name: language }).click();
      for (const width of [1280, 360]) {
        await page.setViewportSize({ width, height: 800 });
        const badge = events.locator('.mantine-Badge-root', { hasText: outcome }).first();
        await expect(badge).toBeVisible();
        await expect(badge).toHaveText(outcome);
        await expect.poll(cutBadges, `${language} at ${String(width)} px`).toEqual([]);
      }
    }
    await expectNoAxeViolations(page);
  });
});
