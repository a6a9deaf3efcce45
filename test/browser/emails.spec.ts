import { expect, test } from '@playwright/test';
import { demo, expectNoAxeViolations, signIn, waitForEmail } from './support';

test('an administrator sends an email that bounced again', async ({ page, request }) => {
  const recipient = 'inscriptions@club-marche-cornwall.example';
  await page.goto('/sign-in');
  await signIn(page, demo.admin.email);
  // The home page's count leads there (the menu does too).
  await page
    .getByRole('main')
    .getByRole('link', { name: /^\d+ undelivered emails?$/ })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Undelivered emails' })).toBeVisible();
  const row = page.getByRole('row', { name: new RegExp(recipient) });
  await expect(row).toContainText('Nouvelle mise en lien\u202f: Club de marche du mardi');
  await expect(row).toContainText('Recipient address rejected');
  await expectNoAxeViolations(page);

  const since = new Date();
  await row.getByRole('button', { name: `Send the email to ${recipient} again` }).click();
  await expect(page.getByRole('status')).toContainText('back in the queue');
  await expect(page.getByText('Every email went out')).toBeVisible();
  const sent = await waitForEmail(request, { to: recipient, since });
  expect(sent.subject).toBe('Nouvelle mise en lien\u202f: Club de marche du mardi');
});
