import { type APIRequestContext, expect, test } from '@playwright/test';
import { expectNoAxeViolations, expectNoSidewaysScroll, referByApi, signIn } from './support';

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
  await page.getByRole('link', { name: 'Triage' }).click();
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

  await page.getByRole('link', { name: 'Caseload' }).click();
  const row = page.getByRole('row').filter({ hasText: familyName });
  await expect(row.getByText('Waiting for contact')).toBeVisible();
  await expect(row.getByText('First contact')).toBeVisible();
  await expectNoAxeViolations(page);
  await row.getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`/cases/${caseId}$`));
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(familyName) })).toBeVisible();

  const contacts = page.getByRole('region', { name: 'Contacts' });
  await contacts.getByLabel('Channel').selectOption('phone');
  await contacts.getByLabel('Outcome').selectOption('reached');
  await contacts.getByLabel('Duration (minutes)').fill('20');
  await contacts.getByLabel('Notes').fill('Would like a walking group near home.');
  await contacts.getByRole('button', { name: 'Record contact' }).click();
  await expect(contacts.getByRole('status')).toHaveText('Contact recorded.');
  await expect(
    contacts.getByRole('list', { name: 'Contacts so far' }).getByText(/Reached/),
  ).toBeVisible();
  await expect(page.getByText('Stage: Contacting')).toBeVisible();

  await page.getByRole('button', { name: 'Record acceptance' }).click();
  const dialog = page.getByRole('dialog', { name: 'The person accepts social prescribing' });
  await expect(dialog.getByText(/referral to social prescribing service accepted/)).toBeVisible();
  await expectNoAxeViolations(page);
  await dialog.getByRole('button', { name: 'Confirm' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('Status: Active')).toBeVisible();
  await expect(page.getByText('Stage: Accepted')).toBeVisible();
  await expect(page.getByText('Outcome: Social prescribing referral accepted')).toBeVisible();
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
  await page.getByRole('link', { name: 'Triage' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Triage' })).toBeVisible();
  await page.getByLabel('Order').selectOption('newest');
  await expect(page.getByRole('listitem').filter({ hasText: familyName })).toBeVisible();
  await expectNoSidewaysScroll(page);
  await expectNoAxeViolations(page);
});
