import { readFile } from 'node:fs/promises';
import { expect, type Page, test } from '@playwright/test';
import Papa from 'papaparse';
import readXlsxFile from 'read-excel-file/node';
import { demo, expectNoAxeViolations, expectNoSidewaysScroll, signIn } from './support';

/** Clicks a download link and returns the file's path once the browser has saved it. */
async function download(page: Page, name: string | RegExp): Promise<string> {
  const saved = page.waitForEvent('download');
  await page.getByRole('button', { name }).click();
  const file = await (await saved).path();
  return file;
}

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

  // The same figures as a spreadsheet for the funder: one sheet per table, the gaps first.
  const xlsx = await download(page, 'Download the gap map’s tables (.xlsx)');
  const sheets = await readXlsxFile(xlsx);
  expect(sheets.map((sheet) => sheet.sheet)).toEqual([
    'Unmet needs',
    'Needs and services',
    'Referred by reason',
    'What matters',
    'Connections ended',
    'Why they ended',
  ]);
  const [header, ...gapRows] = sheets[0]?.data ?? [];
  expect(header).toEqual(['Area', 'Need', 'Counted as', 'People referred', 'Why']);
  const money = gapRows.find((row) => row[0] === 'K1L' && row[1] === 'Money');
  expect(money?.slice(0, 4)).toEqual(['K1L', 'Money', 'referral reason', 10]);
  expect(String(money?.[4])).toMatch(/no service for this need \(Practical support\) within 50 km/);
  const reasons = sheets[2]?.data ?? [];
  const shownK1L = await page
    .getByRole('table', { name: 'People referred by area and referral reason' })
    .getByRole('row', { name: /^K1L/ })
    .getByRole('cell')
    .first()
    .textContent();
  expect(reasons.find((row) => row[0] === 'K1L')?.[1]).toBe(Number(shownK1L));
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

    // Each area's needs against the services near it, as CSV in French.
    const csv = await download(page, /besoins de chaque secteur face aux services proches \(CSV\)/);
    const text = await readFile(csv, 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const rows = Papa.parse<string[]>(text.slice(1).trim()).data;
    expect(rows[0]).toEqual([
      'Secteur',
      'Besoin',
      'Compté comme',
      'Personnes orientées',
      'Ouverts',
      'Liste d’attente',
      'Complets',
      'Langues des services ouverts',
      'Non comblé',
    ]);
    expect(rows.find((row) => row[0] === 'K1L' && row[1] === 'Argent')?.slice(2)).toEqual([
      'motif d’orientation',
      '10',
      '0',
      '0',
      '0',
      '',
      'Non comblé',
    ]);
  });
});
