import { expect, test } from '@playwright/test';
import {
  demo,
  expectNoAxeViolations,
  expectNoSidewaysScroll,
  resetLanguage,
  signIn,
} from './support';

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

test('on a phone, the caseload is a list of cards, and a case opens one section at a time', async ({
  page,
  request,
}) => {
  const linkWorker = 'linkworker.riverside@passerelle.example';
  await page.goto('/sign-in');
  await signIn(page, linkWorker);
  await expect(page.getByRole('button', { name: /account menu/ })).toBeVisible();
  await page.goto('/cases?assignee=all');
  await expect(page.getByRole('heading', { level: 1, name: 'Caseload' })).toBeVisible();
  const cards = page.getByRole('list', { name: 'Open cases' }).getByRole('listitem');
  await expect(cards.first()).toBeVisible();
  await expect(page.getByRole('table')).toHaveCount(0);
  // Every badge shows its whole word inside its card.
  const first = cards.first();
  const badge = first.locator('.mantine-Badge-root').first();
  const [cardBox, badgeBox] = [await first.boundingBox(), await badge.boundingBox()];
  expect(badgeBox && cardBox && badgeBox.x + badgeBox.width <= cardBox.x + cardBox.width).toBe(
    true,
  );
  await expectNoSidewaysScroll(page);
  await expectNoAxeViolations(page);

  await first.getByRole('link').first().click();
  await expect(page.getByRole('tablist', { name: 'Sections of the case' })).toBeVisible();
  await page.getByRole('tab', { name: 'Contacts and notes' }).click();
  await expect(page).toHaveURL(/\/contacts$/);
  await expectNoSidewaysScroll(page);
  await expectNoAxeViolations(page);

  try {
    // The choice is saved on the account before the page is opened again (the reload would
    // cancel the save otherwise, and the server would answer in English).
    const saved = page.waitForResponse(
      (response) => response.url().endsWith('/api/me') && response.request().method() === 'PATCH',
    );
    await page.getByRole('button', { name: 'Français' }).click();
    expect((await saved).ok()).toBe(true);
    await page.goto('/cases?assignee=all');
    await expect(page.getByRole('list', { name: 'Dossiers ouverts' })).toBeVisible();
    await expectNoSidewaysScroll(page);
    await expectNoAxeViolations(page);
  } finally {
    await resetLanguage(request, linkWorker);
  }
});
