import { expect, type Page, test } from '@playwright/test';
import { expectNoAxeViolations, expectNoSidewaysScroll } from './support';

/** At the test provider's own page (test/browser/identity-provider.ts): its login form. */
async function signInAtProvider(page: Page, email: string): Promise<void> {
  await expect(
    page.getByRole('heading', { level: 1, name: 'Test identity provider' }),
  ).toBeVisible();
  await page.getByRole('textbox', { name: 'Email' }).fill(email);
  await page.getByLabel('Password').fill('the provider checks this, not Passerelle');
  await page.getByRole('button', { name: 'Continue' }).click();
}

test('a link worker signs in through the organisation’s identity provider and lands on the caseload', async ({
  page,
}) => {
  // The caseload asked for first: sign-in brings them back to it after the provider.
  await page.goto('/cases');
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  const button = page.getByRole('link', { name: 'Sign in with Test Health ID' });
  await expect(button).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByRole('button', { name: 'Français' }).click();
  await expect(page.getByRole('link', { name: 'Se connecter avec Test Health ID' })).toBeVisible();
  await expect(
    page.getByText('ou avec votre adresse courriel et votre mot de passe'),
  ).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'English' }).click();

  await page.setViewportSize({ width: 360, height: 740 });
  await expectNoSidewaysScroll(page);

  await button.click();
  await signInAtProvider(page, 'linkworker.riverside@passerelle.example');
  await expect(page).toHaveURL(/\/cases$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Caseload' })).toBeVisible();
  await expectNoAxeViolations(page);

  // Signing out ends the app's session and the provider's, then comes back to sign-in.
  await page.getByRole('button', { name: /account menu/ }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/127\.0\.0\.1:\d+\/session\/end/);
  await page.getByRole('button', { name: /Yes, sign me out/i }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await page.goto('/cases');
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
});

test('someone the provider knows but Passerelle does not is refused in their language', async ({
  page,
}) => {
  await page.goto('/sign-in');
  await page.getByRole('button', { name: 'Français' }).click();
  await page.getByRole('link', { name: 'Se connecter avec Test Health ID' }).click();
  await signInAtProvider(page, 'newcomer@elsewhere.example');
  await expect(page).toHaveURL(/\/sign-in\?sso_error=account_unknown$/);
  await expect(page.getByRole('alert')).toHaveText(
    /Test Health ID a confirmé votre identité, mais aucun compte Passerelle n’utilise votre adresse courriel/,
  );
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('alert')).toHaveText(
    /Test Health ID confirmed who you are, but no Passerelle account uses your email address/,
  );
});
