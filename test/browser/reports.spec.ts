import { expect, test } from '@playwright/test';
import { demo, expectNoAxeViolations, expectNoSidewaysScroll, signIn } from './support';

test('an evaluator reads the programme figures: charts with their tables, and the export link', async ({
  page,
}) => {
  await page.goto('/sign-in');
  await signIn(page, demo.evaluator.email);
  const navigation = page.getByRole('navigation', { name: 'Main navigation' });
  await navigation.getByRole('link', { name: 'Reports' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Reports' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Pathway' })).toBeVisible();
  await expect(
    page.getByRole('img', { name: /Chart: Referrals reaching each stage/ }),
  ).toBeVisible();
  const funnel = page.getByRole('table', { name: 'Referrals reaching each stage' });
  await expect(funnel.getByRole('rowheader', { name: 'Referred' })).toBeVisible();
  await expect(page.getByTestId('reports-as-of')).toContainText('Figures as of');
  await expect(
    page.getByRole('heading', { level: 2, name: 'Change on each measure' }),
  ).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'Download de-identified cases (CSV)' }),
  ).toBeVisible();
  await expect(page.getByRole('group', { name: 'Sites' })).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByRole('textbox', { name: 'Referred from' }).fill('2020-01-01');
  await expect(funnel).toBeVisible();
  await expectNoAxeViolations(page);
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

  test('a site manager reads their site’s figures in French', async ({ page }) => {
    await page.goto('/sign-in');
    await signIn(page, 'manager@passerelle.example');
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    await page.goto('/reports');
    await expect(page.getByRole('heading', { level: 1, name: 'Rapports' })).toBeVisible();
    await expect(
      page.getByRole('table', { name: 'Orientations ayant atteint chaque étape' }),
    ).toBeVisible();
    await expect(page.getByRole('link', { name: /Télécharger/ })).toHaveCount(0);
    await expect(page.getByTestId('reports-as-of')).toContainText('Chiffres au');
    await expectNoAxeViolations(page);
    await expectNoSidewaysScroll(page);
  });
});
