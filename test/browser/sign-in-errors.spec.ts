import { expect, test } from '@playwright/test';
import { demo, expectNoAxeViolations, signIn } from './support';

test('a wrong password shows the error in the interface language', async ({ page }) => {
  await page.goto('/sign-in');
  await signIn(page, demo.evaluator.email, 'not-the-right-password');
  const alert = page.getByRole('alert');
  await expect(alert).toHaveText(
    'The email address or password is incorrect. After repeated failures, signing in to the account is paused for 15 minutes.',
  );
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByRole('button', { name: 'Français' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Connexion' })).toBeVisible();
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(alert).toHaveText(
    'L’adresse courriel ou le mot de passe est incorrect. Après plusieurs échecs, la connexion au compte est suspendue pendant 15 minutes.',
  );
  await expectNoAxeViolations(page);
});

test('an unknown address shows a page-not-found screen', async ({ page }) => {
  await page.goto('/nowhere/at/all');
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Back to the home page' })).toBeVisible();
  await expectNoAxeViolations(page);
});
