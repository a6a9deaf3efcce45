import { expect, test } from '@playwright/test';
import { demo, expectNoAxeViolations, expectNoSidewaysScroll, signIn } from './support';

test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

test('on a phone, a referrer signs in, sees their home page and opens the menu', async ({
  page,
}) => {
  await page.goto('/sign-in');
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Français' })).toBeVisible();
  await expectNoAxeViolations(page);
  await expectNoSidewaysScroll(page);

  await signIn(page, demo.referrer.email);
  await expect(
    page.getByRole('heading', { level: 1, name: 'Welcome, Dr Emily Chen' }),
  ).toBeVisible();
  const roles = page.getByRole('region', { name: 'Your roles' });
  await expect(roles.getByRole('listitem')).toHaveText('Referrer – Riverside CHC – Queen Street');
  await expectNoAxeViolations(page);
  await expectNoSidewaysScroll(page);

  const navigation = page.getByRole('navigation', { name: 'Main navigation' });
  const menuButton = page.getByRole('button', { name: 'Navigation menu' });
  await expect(navigation.getByRole('link', { name: 'My account' })).not.toBeInViewport();
  await expect(menuButton).toHaveAttribute('aria-expanded', 'false');

  await menuButton.click();
  await expect(menuButton).toHaveAttribute('aria-expanded', 'true');
  await expect(navigation.getByRole('link', { name: 'My account' })).toBeInViewport();
  await expectNoAxeViolations(page);

  await navigation.getByRole('link', { name: 'My account' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'My account' })).toBeVisible();
  await expect(navigation.getByRole('link', { name: 'Home' })).not.toBeInViewport();
  await expectNoAxeViolations(page);
  await expectNoSidewaysScroll(page);
});
