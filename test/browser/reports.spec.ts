import { expect, test } from '@playwright/test';
import { demo, expectNoAxeViolations, expectNoSidewaysScroll, signIn } from './support';

/** What a protected count may show: hidden (small, or x by the overlap rule), or a multiple of 5. */
const protectedCount = /^(<8|x|\d*[05])$/;

test('an evaluator reads the programme figures for a fixed period and scope, every count rounded', async ({
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
  await expect(page.getByTestId('reports-legend')).toContainText(
    'Counts are rounded to the nearest 5. <8: from 0 to 7 people',
  );
  await expect(
    page.getByRole('heading', { level: 2, name: 'Change on each measure' }),
  ).toBeVisible();
  await expect(
    page.getByRole('heading', { level: 2, name: 'How these figures protect people' }),
  ).toBeVisible();
  // The headline shares, each with what counts as an improvement and where the rule comes from.
  const headlines = page.getByRole('table', { name: /Headline shares/ });
  await expect(headlines.getByRole('rowheader', { name: 'Less lonely' })).toBeVisible();
  await expect(headlines).toContainText('a fall of 1 point or more');
  await expect(headlines).toContainText('Source: Any fall of one point or more');
  const attrition = page.getByRole('table', { name: /people lost to follow-up/ });
  await expect(
    attrition.getByRole('columnheader', { name: 'Lost to follow-up (share)' }),
  ).toBeVisible();
  await expect(page.getByText(/^Pairs: for each person and measure/)).toBeVisible();
  await expect(page.getByText(/^Complete cases:/)).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'Download de-identified cases (CSV)' }),
  ).toBeVisible();
  const scope = page.getByRole('combobox', { name: 'Covering' });
  await expect(scope).toHaveValue('programme');
  await expect(page.getByRole('combobox', { name: 'Period type' })).toHaveValue('year');
  for (const text of await funnel.getByRole('cell').allInnerTexts()) {
    expect(text.trim()).toMatch(protectedCount);
  }
  await expectNoAxeViolations(page);

  // One site, one quarter: still only whole periods and fixed scopes.
  const answer = page.waitForResponse(
    (response) =>
      response.url().includes('/api/reports/dashboard?') &&
      response.url().includes('period=') &&
      response.url().includes('-Q'),
  );
  await page.getByRole('combobox', { name: 'Period type' }).selectOption('quarter');
  expect((await answer).url()).not.toMatch(/from=|to=|siteIds=/);
  await scope.selectOption({ label: 'Riverside CHC – Queen Street' });
  await expect(funnel).toBeVisible();
  for (const text of await funnel.getByRole('cell').allInnerTexts()) {
    expect(text.trim()).toMatch(protectedCount);
  }
  await expectNoAxeViolations(page);
});

test('an administrator fixes a grouping of sites that reports may then cover', async ({ page }) => {
  const name = `Ontario sites ${Date.now()}`;
  await page.goto('/sign-in');
  await signIn(page, demo.admin.email);
  const navigation = page.getByRole('navigation', { name: 'Main navigation' });
  await navigation.getByRole('link', { name: 'Report groupings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Report groupings' })).toBeVisible();
  await page.getByRole('button', { name: 'New grouping' }).click();
  const dialog = page.getByRole('dialog', { name: 'New grouping' });
  await dialog.getByRole('textbox', { name: 'Name' }).fill(name);
  await dialog.getByRole('checkbox', { name: 'Riverside CHC – Queen Street' }).check();
  await dialog.getByRole('checkbox', { name: 'CSC de l’Estrie – Cornwall' }).check();
  await expectNoAxeViolations(page);
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('cell', { name, exact: true })).toBeVisible();
  await expectNoAxeViolations(page);

  await page.goto('/reports');
  const scope = page.getByRole('combobox', { name: 'Covering' });
  await scope.selectOption({ label: name });
  const bySite = page.getByRole('table', { name: 'Referrals by site' });
  await expect(
    bySite.getByRole('rowheader', { name: 'Riverside CHC – Queen Street' }),
  ).toBeVisible();
  await expect(bySite.getByRole('rowheader', { name: 'CSC de l’Estrie – Cornwall' })).toBeVisible();
  // Its two sites and the total, nothing else.
  await expect(bySite.getByRole('rowheader')).toHaveCount(3);

  // Removed again, so the journeys after see the demo as it was.
  await page.goto('/admin/report-groupings');
  await page.getByRole('button', { name: new RegExp(`Edit.*${name}`) }).click();
  await page.getByRole('button', { name: 'Remove this grouping' }).click();
  await expect(page.getByRole('cell', { name, exact: true })).toHaveCount(0);
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
    await expect(page.getByTestId('reports-legend')).toContainText('arrondis au multiple de 5');
    await expect(
      page
        .getByRole('table', { name: /Parts à retenir/ })
        .getByRole('rowheader', { name: 'Moins seules' }),
    ).toBeVisible();
    await expect(page.getByRole('table', { name: /perdues de vue/ })).toBeVisible();
    await expect(
      page.getByRole('combobox', { name: 'Portée' }).getByRole('option', {
        name: 'Ensemble du programme',
      }),
    ).toHaveCount(0);
    await expectNoAxeViolations(page);
    await expectNoSidewaysScroll(page);
  });
});
