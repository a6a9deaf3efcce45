import { expect, test } from '@playwright/test';
import { demo, expectNoAxeViolations, expectNoSidewaysScroll, signIn } from './support';

/** A group's row: its figures, or why they are not shown. */
const shownOrNot = /^(—|-?\d+(?:[.,]\d)?)|Not shown|Non affiché/;

test('an evaluator reads the change on a measure by sex, then by referral reason', async ({
  page,
}) => {
  await page.goto('/sign-in');
  await signIn(page, demo.evaluator.email);
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
  await page.goto('/reports');
  const groupBy = page.getByRole('combobox', { name: 'Group by' });
  await expect(groupBy).toHaveValue('age_band');
  await expect(page.getByRole('table', { name: /change by age band/ })).toBeVisible();
  const answer = page.waitForResponse((r) => r.url().includes('dimension=sex'));
  await groupBy.selectOption('sex');
  expect((await answer).status()).toBe(200);
  const table = page.getByRole('table', { name: /change by sex/ });
  // Every sex is listed, whoever is in it.
  for (const name of ['Female', 'Male', 'Other', 'Not stated']) {
    await expect(table.getByRole('rowheader', { name, exact: true })).toBeVisible();
  }
  for (const text of await table.getByRole('cell').allInnerTexts()) {
    expect(text.trim()).toMatch(shownOrNot);
  }
  await groupBy.selectOption('reason');
  await expect(
    page.getByRole('table', { name: /change by referral reason/ }).getByRole('rowheader'),
  ).toHaveCount(10);
  await expect(page.getByRole('combobox', { name: 'Measure' })).toBeVisible();
  await expectNoAxeViolations(page);
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

  test('a site manager reads the change by age band in French', async ({ page }) => {
    await page.goto('/sign-in');
    await signIn(page, 'manager@passerelle.example');
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    await page.goto('/reports');
    await expect(page.getByRole('combobox', { name: 'Regrouper par' })).toHaveValue('age_band');
    const table = page.getByRole('table', { name: /évolution par tranche d’âge/ });
    await expect(table.getByRole('columnheader', { name: /Évolution moyenne/ })).toBeVisible();
    await page.getByRole('combobox', { name: 'Regrouper par' }).selectOption('language');
    const languages = page.getByRole('table', { name: /évolution par langue/ });
    await expect(languages.getByRole('rowheader', { name: 'Autre langue' })).toBeVisible();
    await expectNoAxeViolations(page);
    await expectNoSidewaysScroll(page);
  });
});
