import { readFile } from 'node:fs/promises';
import { expect, type Page, test } from '@playwright/test';
import Papa from 'papaparse';
import readXlsxFile from 'read-excel-file/node';
import type {
  InstrumentChange,
  OutcomeGroups,
  OutcomesReport,
  ReportCount,
} from '../../src/shared/contracts/reports';
import { demo, expectNoAxeViolations, expectNoSidewaysScroll, signIn } from './support';

/** Opens /reports and returns the outcomes answer the page itself read. */
async function openReports(page: Page, email: string): Promise<OutcomesReport> {
  await page.goto('/sign-in');
  await signIn(page, email);
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
  const answer = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/reports/outcomes');
  await page.goto('/reports');
  return (await (await answer).json()) as OutcomesReport;
}

const count = (value: number): ReportCount => ({ value, suppression: null });

/**
 * The demo programme is too small to show outcome figures, so this answers the page's
 * outcome requests with the server's own answers, their figures replaced by ones a larger
 * programme would show: a different figure for each measure and group (an order mixed up
 * in the file would show), and every third hidden.
 */
async function withFigures(page: Page): Promise<void> {
  const varied = <T extends { suppressed: boolean }>(cell: T, index: number, shown: T): T =>
    index % 3 === 2 ? cell : shown;
  await page.route(
    (url) => url.pathname === '/api/reports/outcomes',
    async (route) => {
      const response = await route.fetch();
      const report = (await response.json()) as OutcomesReport;
      const items = report.items.map((item, index): InstrumentChange => {
        const shown: InstrumentChange = {
          ...item,
          suppressed: false,
          n: 100 + 5 * index,
          meanBefore: 10 + index / 10,
          sdBefore: 3.1,
          meanAfter: 9 + index / 10,
          sdAfter: 2.9,
          meanChange: -1 - index / 10,
          ci95: [-1.5 - index / 10, -0.5 - index / 10],
          tTest: { t: -4.2, pValue: 0.0004 },
          wilcoxon: { pValue: 0.0012, method: 'normal_approximation' },
          effectSize: { cohenDz: -0.41, wilcoxonR: 0.37 },
          shares: {
            improved: count(60),
            same: count(25),
            worsened: count(15 + 5 * index),
            improvedShare: 0.6,
            sameShare: 0.25,
            worsenedShare: 0.15,
          },
        };
        return varied(item, index, shown);
      });
      const headlines = report.headlines.map((headline, index) => ({
        ...headline,
        suppressed: false,
        n: 100 + 5 * index,
        share: 0.4 + index / 100,
        ci95: [0.3, 0.5] as [number, number],
      }));
      await route.fulfill({ response, json: { ...report, items, headlines } });
    },
  );
  await page.route(
    (url) => url.pathname === '/api/reports/outcomes/groups',
    async (route) => {
      const response = await route.fetch();
      const answer = (await response.json()) as OutcomeGroups;
      let index = 0;
      const groups = answer.groups.map((group) => ({
        ...group,
        cells: group.cells.map((cell) => {
          index += 1;
          return varied(cell, index, {
            ...cell,
            suppressed: false,
            n: 10 + 5 * index,
            meanBefore: 12,
            meanAfter: 11 - index / 10,
            meanChange: -1 - index / 10,
            ci95: [-2, -index / 10] as [number, number],
          });
        }),
      }));
      await route.fulfill({ response, json: { ...answer, groups } });
    },
  );
}

/** Clicks a download link and returns the file's name and path once saved. */
async function download(page: Page, name: string): Promise<{ name: string; path: string }> {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name }).click(),
  ]);
  return { name: file.suggestedFilename(), path: await file.path() };
}

test('an evaluator downloads every outcome table as a spreadsheet, figure for figure the page', async ({
  page,
}) => {
  await withFigures(page);
  const report = await openReports(page, demo.evaluator.email);
  const file = await download(page, 'Download every table (.xlsx)');
  expect(file.name).toBe(`passerelle-outcomes-${report.scope.period}-en.xlsx`);
  const sheets = await readXlsxFile(file.path);
  expect(sheets.map((sheet) => sheet.sheet)).toEqual([
    'About',
    'Headline shares',
    'Change',
    'By timepoint',
    'Attrition',
    'By age band',
    'By sex',
    'By language',
    'By area',
    'By referral reason',
    'By site',
  ]);
  const sheet = (name: string): unknown[][] =>
    sheets.find((s) => s.sheet === name)?.data.map((row) => [...row]) ?? [];

  // The change: a row per measure in the page's order, its figures as numbers, hidden ones empty.
  const [header, ...rows] = sheet('Change');
  expect(header?.slice(0, 4)).toEqual(['Measure', 'Direction', 'People with both', 'Mean before']);
  expect(rows.map((row) => row[0])).toEqual(report.items.map((item) => item.label.en));
  report.items.forEach((item, index) => {
    expect(rows[index]?.slice(2, 10)).toEqual([
      item.n,
      item.meanBefore,
      item.sdBefore,
      item.meanAfter,
      item.sdAfter,
      item.meanChange,
      item.ci95?.[0] ?? null,
      item.ci95?.[1] ?? null,
    ]);
  });
  // The page shows the same people with both for the first measure it shows.
  const shown = report.items.find((item) => !item.suppressed && item.n !== null);
  const table = page.getByRole('table', { name: /Change between baseline and the latest/ });
  await expect(
    table
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: shown?.label.en }) })
      .first(),
  ).toContainText(String(shown?.n));

  // The change at each timepoint: a row per timepoint and measure, the timepoints in order.
  const byTimepoint = sheet('By timepoint').slice(1);
  expect(byTimepoint).toHaveLength(report.timepoints.length * report.items.length);
  expect([...new Set(byTimepoint.map((row) => row[0]))]).toEqual([
    '3 months',
    '6 months',
    '12 months',
    'Discharge',
  ]);
  expect(byTimepoint.map((row) => row[2])).toEqual(
    report.timepoints.flatMap((row) => row.cells.map((cell) => cell.n)),
  );

  // The headline shares, in whole percent as the page writes them.
  const headlines = sheet('Headline shares').slice(1);
  expect(headlines.map((row) => row[2])).toEqual(
    report.headlines.map((h) => (h.share === null ? null : Math.round(h.share * 100))),
  );

  // A group sheet holds what the page's group table reads, every group and measure.
  const answer = page.waitForResponse((r) => r.url().includes('dimension=sex'));
  await page.getByRole('combobox', { name: 'Group by' }).selectOption('sex');
  const groups = (await (await answer).json()) as OutcomeGroups;
  const bySex = sheet('By sex').slice(1);
  const cells = groups.groups.flatMap((group) => group.cells);
  expect(bySex).toHaveLength(cells.length);
  expect(bySex.map((row) => row[2])).toEqual(cells.map((cell) => cell.n));
  expect(new Set(bySex.map((row) => row[0]))).toEqual(
    new Set(['Female', 'Male', 'Other', 'Not stated']),
  );
  await expectNoAxeViolations(page);
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

  test('a site manager downloads the change on each measure as CSV, in French', async ({
    page,
  }) => {
    const report = await openReports(page, 'manager@passerelle.example');
    await expectNoSidewaysScroll(page);
    const file = await download(page, 'Télécharger l’évolution de chaque mesure (CSV)');
    expect(file.name).toBe(`passerelle-outcomes-${report.scope.period}-fr.csv`);
    const text = await readFile(file.path, 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const [header, ...rows] = Papa.parse<string[]>(text.slice(1).trim()).data;
    expect(header?.slice(0, 3)).toEqual(['Mesure', 'Sens', 'Personnes avec les deux']);
    expect(header).toContain('Perdus de vue');
    expect(rows.map((row) => row[0])).toEqual(report.items.map((item) => item.label.fr));
    const lost = header?.indexOf('Perdus de vue') ?? -1;
    report.items.forEach((item, index) => {
      const row = rows[index] ?? [];
      expect(row[2]).toBe(item.n === null ? '' : String(item.n));
      expect(row[7]).toBe(item.meanChange === null ? '' : String(item.meanChange));
      const lostCount = item.attrition.lost.value;
      expect(row[lost]).toBe(lostCount === null ? '' : String(lostCount));
    });
    await expectNoAxeViolations(page);
  });
});
