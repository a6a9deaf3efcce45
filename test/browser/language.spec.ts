import { expect, test } from '@playwright/test';
import { demo, expectNoAxeViolations, resetLanguage, signIn, signOut } from './support';

// The journey switches the demo administrator to French; whatever happens, it goes back.
test.afterEach(({ request }) => resetLanguage(request, demo.admin.email));

test('an administrator signs in in English, switches to French, and the choice follows them', async ({
  page,
  browser,
}) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expectNoAxeViolations(page);

  await signIn(page, demo.admin.email);
  await expect(page.getByRole('heading', { level: 1, name: 'Welcome, Alex Martin' })).toBeVisible();
  await expect(page.getByText('Administrator', { exact: true })).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByRole('button', { name: 'Français' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Bienvenue, Alex Martin' }),
  ).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  const navigation = page.getByRole('navigation', { name: 'Navigation principale' });
  await expect(navigation.getByRole('link', { name: 'Comptes' })).toBeVisible();
  await expect(navigation.getByRole('link', { name: 'Journal d’audit' })).toBeVisible();
  await expect(page.getByText('Administrateur', { exact: true })).toBeVisible();
  await expectNoAxeViolations(page);

  await signOut(page, { menu: /menu du compte/, signOut: 'Se déconnecter' });
  await expect(page.getByRole('heading', { level: 1, name: 'Connexion' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expectNoAxeViolations(page);

  // A fresh browser in English: the account's saved choice wins over the browser's language.
  const elsewhere = await browser.newContext({ locale: 'en-CA' });
  const other = await elsewhere.newPage();
  await other.goto('/sign-in');
  await expect(other.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await signIn(other, demo.admin.email);
  await expect(
    other.getByRole('heading', { level: 1, name: 'Bienvenue, Alex Martin' }),
  ).toBeVisible();
  await expect(other.locator('html')).toHaveAttribute('lang', 'fr');

  // Put the demo administrator back in English for the other journeys.
  await other.getByRole('button', { name: 'English' }).click();
  await expect(
    other.getByRole('heading', { level: 1, name: 'Welcome, Alex Martin' }),
  ).toBeVisible();
  await expect(other.locator('html')).toHaveAttribute('lang', 'en');
  await signOut(other);
  await expect(other.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await elsewhere.close();
});
