import { expect, test } from '@playwright/test';
import type { OutcomesReport } from '../../src/shared/contracts/reports';
import { demo, expectNoAxeViolations, expectNoSidewaysScroll, signIn } from './support';

test('an evaluator reads outcomes by measurement date and at each timepoint, then prints the programme report', async ({
  page,
}) => {
  await page.goto('/sign-in');
  await signIn(page, demo.evaluator.email);
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
  await page.goto('/reports');
  await expect(page.getByRole('heading', { level: 1, name: 'Reports' })).toBeVisible();

  // The change at each timepoint apart: a column per timepoint, a row per measure.
  const timepoints = page.getByRole('table', { name: /at each follow-up/ });
  for (const name of ['3 months', '6 months', '12 months', 'Discharge']) {
    await expect(timepoints.getByRole('columnheader', { name })).toBeVisible();
  }
  await expect(timepoints.getByRole('rowheader').first()).toBeVisible();

  // By measurement date: the outcomes are asked for again with that window.
  const byMeasurement = page.waitForResponse(
    (r) =>
      new URL(r.url()).pathname === '/api/reports/outcomes' &&
      r.url().includes('window=measurement'),
  );
  await page.getByRole('combobox', { name: 'Period read by' }).selectOption('measurement');
  const answer = (await (await byMeasurement).json()) as OutcomesReport;
  expect(answer.window).toBe('measurement');
  expect(answer.timepoints.map((row) => row.timepoint)).toEqual([
    'month_3',
    'month_6',
    'month_12',
    'discharge',
  ]);
  await expect(page.getByText(/^Outcome periods: by referral date/)).toBeVisible();
  await expectNoAxeViolations(page);

  // The programme report of the same period and scope.
  await page.getByRole('link', { name: 'Programme report to print (funders)' }).click();
  await page.waitForURL(/\/reports\/programme\?period=\d{4}/);
  await expect(page.getByRole('heading', { level: 1, name: 'Programme report' })).toBeVisible();
  await expect(page.getByText(/^Whole programme, people referred from/)).toBeVisible();
  await expect(page.getByRole('table', { name: 'Referrals reaching each stage' })).toBeVisible();
  await expect(
    page.getByRole('table', { name: /Time from referral to first contact/ }),
  ).toBeVisible();
  await expect(
    page.getByRole('table', { name: 'Furthest stage reached, by age band' }),
  ).toBeVisible();
  await expect(page.getByRole('table', { name: 'Connections by category' })).toBeVisible();
  await expect(page.getByRole('table', { name: /Headline shares/ })).toBeVisible();
  await expect(page.getByRole('table', { name: /at each follow-up/ })).toBeVisible();
  await expect(page.getByRole('table', { name: /people lost to follow-up/ })).toBeVisible();
  // The methods note, written from the report's own figures.
  const methods = page.getByTestId('programme-methods');
  await expect(methods).toContainText(
    /Covering Whole programme, people referred from .* referrals\)/,
  );
  await expect(methods).toContainText('outcomes read by referral date');
  await expect(methods).toContainText('Pairs: for each person and measure');
  await expect(methods).toContainText('Missing data: the change uses complete cases only');
  await expect(methods).toContainText('Wilcoxon signed-rank test');
  await expect(methods).toContainText('every count is rounded to the nearest 5');
  await expect(methods).toContainText('counts under 8 are not shown');
  await expect(methods).toContainText('need 10 people with both scores');
  await expectNoAxeViolations(page);

  // The server's PDF of the same choices, downloaded as a file.
  const downloading = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download PDF' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^passerelle-programme-report-\d{4}\.pdf$/);
  const file = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of file) chunks.push(chunk as Buffer);
  expect(Buffer.concat(chunks).subarray(0, 5).toString()).toBe('%PDF-');

  // On paper: the report alone, without the app's navigation or the page's controls.
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('navigation', { name: 'Main navigation' })).toBeHidden();
  await expect(page.getByRole('button', { name: 'Print or save as PDF' })).toBeHidden();
  await expect(page.getByRole('heading', { level: 1, name: 'Programme report' })).toBeVisible();
  const pdf = await page.pdf({ format: 'A4' });
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  const letter = await page.pdf({ format: 'Letter' });
  expect(letter.subarray(0, 5).toString()).toBe('%PDF-');
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

  test('a site manager reads the programme report in French', async ({ page }) => {
    await page.goto('/sign-in');
    await signIn(page, 'manager@passerelle.example');
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    await page.goto('/reports/programme');
    await expect(
      page.getByRole('heading', { level: 1, name: 'Rapport du programme' }),
    ).toBeVisible();
    await expect(
      page.getByRole('button', { name: 'Imprimer ou enregistrer en PDF' }),
    ).toBeEnabled();
    await expect(page.getByRole('table', { name: /à chaque suivi/ })).toBeVisible();
    const methods = page.getByTestId('programme-methods');
    await expect(methods).toContainText('résultats lus selon la date d’orientation');
    await expect(methods).toContainText('Données manquantes');
    await expect(methods).toContainText('arrondi au multiple de 5');
    await expectNoSidewaysScroll(page);
    await expectNoAxeViolations(page);
  });
});
