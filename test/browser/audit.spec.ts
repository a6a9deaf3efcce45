import { expect, test } from '@playwright/test';
import { apiAs, demo, expectNoAxeViolations, signIn } from './support';

test('a refused read of another site’s case shows in the audit trail as denied', async ({
  page,
  request,
  playwright,
  baseURL,
}) => {
  const riverside = await apiAs(request, 'linkworker.riverside@passerelle.example');
  const { items } = await riverside.get<{ items: { id: string }[] }>(
    '/api/cases/caseload?assignee=all',
  );
  const caseId = items[0]?.id;
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
  const refusal = page.getByRole('row').filter({ hasText: caseId ?? '' });
  await expect(refusal).toHaveCount(1);
  await expect(refusal).toContainText('Karim Haddad');
  await expect(refusal).toContainText('Access to a record refused');
  await expect(refusal).toContainText('GET /api/cases/:id');
  await expect(refusal).toContainText('Denied');
  await expectNoAxeViolations(page);
});
