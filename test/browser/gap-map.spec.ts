import { expect, test } from '@playwright/test';
import { demo, expectNoAxeViolations, expectNoSidewaysScroll, signIn } from './support';

/** The demo's Vanier people were referred 20 days ago (src/server/demo/demo-vanier.ts). */
const period = String(new Date(Date.now() - 20 * 86_400_000).getUTCFullYear());

test('an evaluator finds the unmet needs of Vanier on the gap map, and why', async ({ page }) => {
  await page.goto('/sign-in');
  await signIn(page, demo.evaluator.email);
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
  await page.goto(`/reports/gap-map?period=${period}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Gap map' })).toBeVisible();
  const gaps = page.getByTestId('gap-list');
  await expect(gaps.getByText('K1L: Money (referral reason), 10 people referred')).toBeVisible();
  await expect(gaps.getByText('K1L: Food (referral reason), 10 people referred')).toBeVisible();
  await expect(
    gaps
      .getByText(/the directory has no service for this need \(Practical support\) within 10 km/)
      .first(),
  ).toBeVisible();
  // The map: Vanier drawn as a gap, the table its text alternative.
  const map = page.getByRole('img', { name: /areas at their reference points/ });
  await expect(map).toBeVisible();
  await expect(map.locator('[data-area="K1L"]')).toHaveAttribute('data-gap', 'yes');
  const supply = page.getByRole('table', { name: /within 10 km of K1L/ });
  await expect(
    supply.getByRole('row', { name: /^Money \(referral reason\) ! Unmet/ }),
  ).toContainText('10');
  // A wider distance finds nothing more of practical support: the gap stays.
  await page.getByRole('combobox', { name: 'Distance to a service' }).selectOption('50');
  await expect(page.getByRole('table', { name: /within 50 km of K1L/ })).toBeVisible();
  await expect(gaps.getByText(/within 50 km/).first()).toBeVisible();
  await expect(
    page.getByRole('table', { name: 'People referred by area and referral reason' }),
  ).toBeVisible();
  await expectNoAxeViolations(page);
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

  test('a site manager opens the gap map from the reports, in French', async ({ page }) => {
    await page.goto('/sign-in');
    await signIn(page, 'manager@passerelle.example');
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    await page.goto('/reports');
    await page.getByRole('link', { name: /Carte des besoins non comblés/ }).click();
    await expect(
      page.getByRole('heading', { level: 1, name: 'Carte des besoins non comblés' }),
    ).toBeVisible();
    await page.goto(`/reports/gap-map?period=${period}`);
    const gaps = page.getByTestId('gap-list');
    await expect(
      gaps.getByText('K1L\u202f: Argent (motif d’orientation), 10 personnes orientées'),
    ).toBeVisible();
    await expect(
      gaps.getByText(/Pourquoi\u202f: le répertoire n’a aucun service/).first(),
    ).toBeVisible();
    await expect(
      page.getByRole('img', { name: /secteurs à leur point de référence/ }),
    ).toBeVisible();
    await expectNoAxeViolations(page);
    await expectNoSidewaysScroll(page);
  });
});
