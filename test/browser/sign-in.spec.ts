import { expect, test } from '@playwright/test';
import { adminApi, demo, expectNoAxeViolations, signIn, waitForEmail } from './support';

test('the sign-in page leads a person looking for support to the self-referral form', async ({
  page,
}) => {
  await page.goto('/sign-in');
  await expect(page.getByText('Looking for support for yourself?')).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole('link', { name: 'Refer yourself, no account needed' }).click();
  await expect(page).toHaveURL(/\/refer-yourself$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Refer yourself' })).toBeVisible();

  await page.goto('/sign-in');
  await page.getByRole('button', { name: 'Français' }).click();
  await page.getByRole('link', { name: 'Demander un accompagnement, sans compte' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Demander un accompagnement' }),
  ).toBeVisible();
  await expectNoAxeViolations(page);
});

test('someone who forgot their password asks for a link, sets a new one from the email and signs in', async ({
  page,
  request,
}) => {
  // An account of its own: the demo accounts keep their password for the other journeys.
  const email = `forgetful-${Date.now()}@passerelle.example`;
  const admin = await adminApi(request);
  await admin.send('POST', '/api/accounts', {
    email,
    displayName: 'Robin Forgetful',
    locale: 'en',
    password: 'the password they forgot',
    grants: [{ role: 'evaluator' }],
  });

  await page.goto('/sign-in');
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Forgot your password?' }),
  ).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole('textbox', { name: 'Email address' }).fill(email);
  const since = new Date();
  await page.getByRole('button', { name: 'Email me a link' }).click();
  await expect(page.getByRole('status')).toContainText(
    `If an account uses ${email}, a link to choose a new password is on its way.`,
  );
  await expectNoAxeViolations(page);

  const sent = await waitForEmail(request, {
    to: email,
    subjectIncludes: 'Set a new Passerelle password',
    since,
  });
  const link = sent.links.find((url) => url.includes('/reset-password#'));
  expect(link, sent.text).toBeTruthy();
  expect(sent.text).toContain('Hello Robin Forgetful');

  await page.goto(link ?? '');
  await expect(
    page.getByRole('heading', { level: 1, name: 'Choose a new password' }),
  ).toBeVisible();
  // The token leaves the address bar once read.
  await expect(page).toHaveURL(/\/reset-password$/);
  await expectNoAxeViolations(page);
  await page.getByLabel('New password').fill('short');
  await page.getByRole('button', { name: 'Set my new password' }).click();
  await expect(page.getByText('Use at least 12 characters.')).toBeVisible();
  await page.getByLabel('New password').fill('a fresh passphrase to remember');
  await page.getByRole('button', { name: 'Set my new password' }).click();
  await expect(page.getByRole('status')).toHaveText('Your new password is set. Sign in with it.');
  await expectNoAxeViolations(page);

  await page.getByRole('link', { name: 'Sign in' }).click();
  await signIn(page, email, 'a fresh passphrase to remember');
  await expect(
    page.getByRole('heading', { level: 1, name: 'Welcome, Robin Forgetful' }),
  ).toBeVisible();

  // The link worked once.
  const again = await page.context().browser()?.newContext();
  const other = await again?.newPage();
  if (!other) throw new Error('no second page');
  await other.goto(link ?? '');
  await other.getByLabel('New password').fill('yet another long passphrase');
  await other.getByRole('button', { name: 'Set my new password' }).click();
  await expect(other.getByRole('alert')).toContainText('no longer works');
  await expect(other.getByRole('link', { name: 'Ask for a new link' })).toBeVisible();
  await expectNoAxeViolations(other);
  await again?.close();
});

test('the account menu opens, moves and closes from the keyboard, and signs out', async ({
  page,
}) => {
  await page.goto('/sign-in');
  await signIn(page, demo.evaluator.email);
  // The menu is in the shell, there before the landing screen's own words: wait for those.
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const button = page.getByRole('button', { name: /account menu/ });
  await expect(button).toHaveAttribute('aria-expanded', 'false');

  await button.focus();
  await page.keyboard.press('ArrowDown');
  await expect(button).toHaveAttribute('aria-expanded', 'true');
  const account = page.getByRole('menuitem', { name: 'My account' });
  const leave = page.getByRole('menuitem', { name: 'Sign out' });
  await expect(account).toBeFocused();
  await expectNoAxeViolations(page);
  await page.keyboard.press('ArrowDown');
  await expect(leave).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(account).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('menu')).toHaveCount(0);
  await expect(button).toBeFocused();

  // A click elsewhere closes it too; Enter on an item does what it says.
  await button.click();
  await page.getByRole('heading', { level: 1 }).click();
  await expect(page.getByRole('menu')).toHaveCount(0);
  await button.click();
  await leave.focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/sign-in$/);
});
