import { expect, type Page, test } from '@playwright/test';
import type {
  CountTable,
  Dashboard,
  InstrumentChange,
  OutcomesReport,
  ReportCount,
} from '../../src/shared/contracts/reports';
import {
  demo,
  expectNoAxeViolations,
  expectNoSidewaysScroll,
  resetLanguage,
  signIn,
} from './support';

/*
 * How the reports page draws figures. The demo programme is small, so its real reports are
 * mostly hidden counts: these journeys answer the page's two report requests with the
 * server's own answer, its figures replaced by ones a larger programme would show.
 */

const count = (
  value: number | null,
  suppression: ReportCount['suppression'] = null,
): ReportCount =>
  value === null ? { value: null, suppression: suppression ?? 'small' } : { value, suppression };

/** Twelve months, five of them hidden: two alone between hidden ones, one by the overlap rule. */
const months: ReportCount[] = [
  count(10),
  count(null),
  count(15),
  count(20),
  count(null, 'overlap'),
  count(10),
  count(10),
  count(null),
  count(25),
  count(30),
  count(null),
  count(15),
];

function withFigures(dashboard: Dashboard): Dashboard {
  const funnel: CountTable = {
    ...dashboard.funnel,
    rows: dashboard.funnel.rows.map((row) => ({
      ...row,
      cells: [
        count(180),
        count(150),
        count(120),
        count(95),
        count(60),
        count(null, 'overlap'),
        count(null),
      ],
    })),
  };
  const byMonth: CountTable = {
    ...dashboard.referralsByMonth,
    rows: dashboard.referralsByMonth.rows.map((row, index) => ({
      ...row,
      cells: [months[index] ?? count(null)],
    })),
  };
  return { ...dashboard, funnel, referralsByMonth: byMonth };
}

/** Every measure shown, with figures as wide as they come. */
function withChange(report: OutcomesReport): OutcomesReport {
  const items = report.items.map((item): InstrumentChange => ({
    ...item,
    suppressed: false,
    n: 125,
    meanBefore: 14.6,
    sdBefore: 10.2,
    meanAfter: 11.3,
    sdAfter: 9.8,
    meanChange: -3.3,
    ci95: [-4.5, -2.1],
    tTest: { t: -5.43, pValue: 0.0004 },
    wilcoxon: { pValue: 0.0123, method: 'normal_approximation' },
    effectSize: { cohenDz: -0.48, wilcoxonR: 0.41 },
    shares: {
      improved: count(65),
      same: count(35),
      worsened: count(25),
      improvedShare: 0.52,
      sameShare: 0.28,
      worsenedShare: 0.2,
    },
  }));
  return { ...report, items };
}

async function reportsWithFigures(page: Page): Promise<void> {
  await page.route('**/api/reports/dashboard?*', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, json: withFigures((await response.json()) as Dashboard) });
  });
  await page.route('**/api/reports/outcomes?*', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, json: withChange((await response.json()) as OutcomesReport) });
  });
  await page.goto('/sign-in');
  await signIn(page, demo.evaluator.email);
  await expect(page).not.toHaveURL(/sign-in/);
  await page.goto('/reports');
  await expect(page.getByRole('heading', { level: 1, name: 'Reports' })).toBeVisible();
}

/** The texts of a chart's drawing: what the image shows, which its table repeats. */
function chartTexts(page: Page, title: string): Promise<string[]> {
  return page.locator(`svg[role="img"][aria-label^="Chart: ${title}"] text`).allTextContents();
}

/** Chart texts cut by the edges of their drawing, as "text (chart)". */
async function clippedChartTexts(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<SVGTextElement>('svg[role="img"] text')]
      .filter((element) => {
        const box = element.getBBox();
        const view = element.ownerSVGElement?.viewBox.baseVal;
        if (!view || box.width === 0) return false;
        return (
          box.x < view.x - 0.5 ||
          box.y < view.y - 0.5 ||
          box.x + box.width > view.x + view.width + 0.5 ||
          box.y + box.height > view.y + view.height + 0.5
        );
      })
      .map(
        (element) =>
          `${element.textContent ?? ''} (${element.ownerSVGElement?.getAttribute('aria-label')?.slice(0, 50) ?? ''})`,
      ),
  );
}

test('the funnel chart writes hidden counts as its table does, and never rises', async ({
  page,
}) => {
  await reportsWithFigures(page);
  const funnel = page.getByRole('table', { name: 'Referrals reaching each stage' });
  const cellOf = (stage: string): Promise<string> =>
    funnel
      .getByRole('row', { name: new RegExp(`^${stage}`) })
      .getByRole('cell')
      .innerText();
  await expect(funnel.getByRole('row', { name: /^Attended/ })).toBeVisible();
  expect(await cellOf('Connected')).toBe('x');
  expect(await cellOf('Attended')).toBe('<8');
  const drawn = await chartTexts(page, 'Referrals reaching each stage');
  // Each stage's name, then its figure as the table writes it.
  expect(drawn).toEqual([
    'Referred',
    '180',
    'Contacted',
    '150',
    'Accepted',
    '120',
    'Assessed',
    '95',
    'With a plan',
    '60',
    'Connected',
    'x',
    'Attended',
    '<8',
  ]);
  // Discharges are no stage of the funnel; the note says what each bar counts.
  await expect(funnel.getByRole('rowheader', { name: 'Discharged' })).toHaveCount(0);
  await expect(
    page.getByText(/Each stage counts the referrals that reached it or went further/),
  ).toBeVisible();
  await expectNoAxeViolations(page);
});

test('referrals by month: every month shown is drawn, hidden ones say why, months in words', async ({
  page,
}) => {
  await reportsWithFigures(page);
  const table = page.getByRole('table', { name: 'Referrals by month' });
  await expect(table.getByRole('rowheader', { name: 'January 2026' })).toBeVisible();
  await expect(table.getByRole('rowheader', { name: 'December 2026' })).toBeVisible();
  await expect(page.getByRole('main')).not.toContainText(/\b20\d\d-(0[1-9]|1[0-2])\b/);

  const chart = page.locator('svg[role="img"][aria-label^="Chart: Referrals by month"]');
  const shown = months.filter((month) => month.value !== null).length;
  // A point for each month shown, the two alone between hidden months included...
  await expect(chart.locator('[data-chart="point"]')).toHaveCount(shown);
  // ...a line only between two months shown side by side (March–April, June–July, Sept–Oct)...
  await expect(chart.locator('[data-chart="line"]')).toHaveCount(3);
  // ...and the hidden months say why, as the table does.
  const texts = await chartTexts(page, 'Referrals by month');
  expect(texts.filter((text) => text === '<8')).toHaveLength(3);
  expect(texts.filter((text) => text === 'x')).toHaveLength(1);
  expect(texts).toEqual(expect.arrayContaining(['Jan 2026', 'Dec 2026']));
  expect(await clippedChartTexts(page)).toEqual([]);
});

test('the change on each measure fits a 1280 pixel screen, its chart names uncut', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await reportsWithFigures(page);
  const region = page.getByRole('region', {
    name: 'Figures: Change between baseline and the latest follow-up',
  });
  await expect(region.getByRole('row', { name: /UCLA-3/ })).toContainText('125');
  const overflow = await region.evaluate((element) => element.scrollWidth - element.clientWidth);
  expect(overflow, 'the change table scrolls sideways at 1280 pixels').toBeLessThanOrEqual(0);
  await expectNoSidewaysScroll(page);
  expect(await clippedChartTexts(page)).toEqual([]);
  await expectNoAxeViolations(page);
});

test('in French, the change on each measure writes decimals with a comma', async ({
  page,
  request,
}) => {
  try {
    await reportsWithFigures(page);
    await page.getByRole('button', { name: 'Français' }).click();
    const table = page.getByRole('table', {
      name: 'Changement entre la mesure initiale et le dernier suivi',
    });
    // Cell by cell, as written: text matching would fold the narrow no-break spaces.
    const cells = (): Promise<string[]> =>
      table
        .getByRole('row', { name: /UCLA-3/ })
        .getByRole('cell')
        .allTextContents();
    await expect.poll(cells).toEqual([
      '125',
      '14,6 (10,2)',
      '11,3 (9,8)',
      // The minus sign and the space before % are the browser's Intl data's own.
      expect.stringMatching(/^[-−]3,3 \([-−]4,5\u202f; [-−]2,1\)$/),
      '<0,001',
      '0,012',
      expect.stringMatching(/^[-−]0,48$/),
      expect.stringMatching(/^65 \(52\s%\)$/),
      expect.stringMatching(/^35 \(28\s%\)$/),
      expect.stringMatching(/^25 \(20\s%\)$/),
    ]);
    await expectNoAxeViolations(page);
  } finally {
    await resetLanguage(request, demo.evaluator.email);
  }
});
