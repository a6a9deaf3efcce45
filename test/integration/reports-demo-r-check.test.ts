import { readFileSync, writeFileSync } from 'node:fs';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPassword, seedDemo } from '../../src/server/demo';
import { reportsRefreshJob } from '../../src/server/features/reports';
import type {
  CountTable,
  Dashboard,
  InstrumentChange,
  OutcomesReport,
} from '../../src/shared/contracts/reports';
import * as summaries from '../../src/server/features/reports/reports-queries';
import { writeCsvRows } from '../../src/shared/csv';
import { pairedSummaryOfCounts } from '../../src/shared/statistics/paired';
import {
  centilesFrom,
  protectCount,
  protection,
  roundTo,
} from '../../src/shared/statistics/disclosure';
import { Client, startTestApp, type TestApp } from '../helpers/app';

/*
 * Issue 20's check: the demo programme's report, every figure reproduced by R from the
 * research export: the outcomes, and the dashboard the programme report shows (funnel, time
 * to first contact, referrals, reach, connections by category, partner declines,
 * discharges), R finding itself which figures the overlap rule hides. The demo is seeded with its today fixed, so its months are the same
 * on any date; the export is compared with the committed one R read (pseudonyms, fresh
 * each export, become p01, p02... and rows are sorted: cases referred the same moment come
 * in id order), and the report's figures, asked in English and in French, with R's
 * (test/fixtures/statistics/make-demo-report-reference.R), protected as the product says.
 * UPDATE_DEMO_EXPORT=1 rewrites the export fixture instead (then run the R script).
 */

const demoToday = new Date('2026-12-01T12:00:00Z');
const exportFixture = new URL('../fixtures/statistics/demo-export.csv', import.meta.url);

type Paired = {
  n: number;
  meanBefore?: number;
  sdBefore?: number;
  meanAfter?: number;
  sdAfter?: number;
  meanChange?: number;
  ci95?: [number, number] | null;
  t?: number;
  tPValue?: number;
  wilcoxonPValue?: number | null;
  wilcoxonMethod?: 'exact' | 'normal_approximation' | null;
  cohenDz?: number | null;
  wilcoxonR?: number | null;
};
type ScaleR = {
  baselines: number;
  pairs: number;
  lost: number;
  lostShare: number | null;
  change: Paired;
  shares: { improved: number; same: number; worsened: number };
  improvedWilson: { estimate: number; ci95: [number, number] } | null;
  attrition: {
    lostMean: number | null;
    lostSd: number | null;
    completedMean: number | null;
    completedSd: number | null;
    difference: number | null;
    ci95: [number, number] | null;
    pValue: number | null;
  };
  timepoints: Record<string, Paired>;
};
/** One dashboard table as R counted it: true counts by row key (sites by name), areas folded. */
type TableR = { columns: string[]; share: boolean; rows: Record<string, number[]> };
type DashboardR = {
  firstContact: { n: number; median: number | null; p90: number | null };
  tables: Record<string, TableR>;
  hiddenByOverlap: string[];
};
const reference = JSON.parse(
  readFileSync(
    new URL('../fixtures/statistics/demo-report-reference.json', import.meta.url),
    'utf8',
  ),
) as { cases: number; scales: Record<string, ScaleR>; dashboard: DashboardR };

/** The export with its pseudonyms numbered in row order and its rows sorted. */
function normalised(csv: string): string {
  const [header = [], ...rows] = Papa.parse<string[]>(csv.trim()).data;
  const person = header.indexOf('person');
  const key = (row: string[]): string => JSON.stringify(row.filter((_, i) => i !== person));
  const sorted = rows.toSorted((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const numbers = new Map<string, string>();
  for (const row of sorted) {
    const pseudonym = row[person] ?? '';
    if (!numbers.has(pseudonym))
      numbers.set(pseudonym, `p${String(numbers.size + 1).padStart(2, '0')}`);
    row[person] = numbers.get(pseudonym) ?? '';
  }
  return `${writeCsvRows([header, ...sorted], '\n')}\n`;
}

let t: TestApp;
let evaluator: Client;
beforeAll(async () => {
  t = await startTestApp();
  if (!(await seedDemo(t.database.db, t.config, { today: demoToday })))
    throw new Error('the demo found accounts in a new database');
  await t.runJob(reportsRefreshJob);
  evaluator = new Client(t.app);
  expect((await evaluator.signIn('evaluator@passerelle.example', demoPassword)).statusCode).toBe(
    200,
  );
}, 120_000);
afterAll(() => t.close());

async function report<T>(language: 'en' | 'fr', path: string): Promise<T> {
  const client = new Client(t.app, language);
  expect((await client.signIn('evaluator@passerelle.example', demoPassword)).statusCode).toBe(200);
  const response = await client.get(`/api/reports/${path}?period=2026`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<T>();
}
const outcomes = (language: 'en' | 'fr'): Promise<OutcomesReport> =>
  report<OutcomesReport>(language, 'outcomes');
const dashboard = (language: 'en' | 'fr'): Promise<Dashboard> =>
  report<Dashboard>(language, 'dashboard');

/**
 * What a table of the dashboard must show, from R's counts and the figures R found hidden
 * by the overlap rule: each count protected as the product says (a row R has not is none).
 */
function expectTable(
  name: string,
  r: TableR,
  shown: CountTable,
  rowKey: (key: string) => string,
): void {
  const hidden = new Set(reference.dashboard.hiddenByOverlap);
  const figure = (row: string, column: string): boolean =>
    row !== 'others' && hidden.has(`${name}|${row}|${column}`);
  expect(shown.columns, name).toEqual(r.columns);
  const keys = shown.rows.map((row) => rowKey(row.key));
  for (const key of Object.keys(r.rows)) expect(keys, `${name} has ${key}`).toContain(key);
  shown.rows.forEach((row, index) => {
    const key = keys[index] ?? '';
    const counts = r.rows[key] ?? r.columns.map(() => 0);
    expect(row.cells, `${name} ${key}`).toEqual(
      counts.map((count, c) => protectCount(count, figure(key, r.columns[c] ?? ''))),
    );
    const total = counts.reduce((a, b) => a + b, 0);
    expect(row.total, `${name} ${key} total`).toEqual(
      r.share ? protectCount(total, figure(key, '#total')) : null,
    );
  });
  const columnTotals = r.columns.map((_, c) =>
    Object.values(r.rows).reduce((sum, counts) => sum + (counts[c] ?? 0), 0),
  );
  expect(shown.columnTotals, `${name} totals`).toEqual(
    columnTotals.map((count, c) => protectCount(count, figure('#total', r.columns[c] ?? ''))),
  );
  const grand = columnTotals.reduce((a, b) => a + b, 0);
  expect(shown.grandTotal, `${name} grand total`).toEqual(
    r.share || r.columns.length === 1 ? protectCount(grand, figure('#total', '#total')) : null,
  );
}

const r1 = (value: number | null | undefined): number | null =>
  value === null || value === undefined ? null : roundTo(value, protection.decimals);
const r2 = (value: number | null | undefined): number | null =>
  value === null || value === undefined ? null : roundTo(value, 2);

/** What the product must show of one scale's change, from R's figures and its protection. */
function expectedChange(r: ScaleR, item: InstrumentChange): void {
  const key = `${item.instrumentId}.${item.scale}`;
  if (r.pairs < protection.pairsAtLeast) {
    expect(item.suppressed, key).toBe(true);
    expect(item.n, key).toBeNull();
    return;
  }
  // From 10 pairs a figure may still be hidden by the overlap rule; shown, it is R's.
  if (item.suppressed) return;
  const c = r.change;
  expect(item.n, key).toBe(protectCount(c.n).value);
  expect(
    [item.meanBefore, item.sdBefore, item.meanAfter, item.sdAfter, item.meanChange],
    key,
  ).toEqual([r1(c.meanBefore), r1(c.sdBefore), r1(c.meanAfter), r1(c.sdAfter), r1(c.meanChange)]);
  expect(item.ci95, key).toEqual(c.ci95?.map((v) => roundTo(v, protection.decimals)) ?? null);
  expect(item.tTest, key).toEqual({ t: r1(c.t), pValue: roundTo(c.tPValue ?? NaN, 3) });
  expect(item.wilcoxon?.pValue ?? null, key).toBe(
    c.wilcoxonPValue === null || c.wilcoxonPValue === undefined
      ? null
      : roundTo(c.wilcoxonPValue, 3),
  );
  expect(item.effectSize, key).toEqual({ cohenDz: r2(c.cohenDz), wilcoxonR: r2(c.wilcoxonR) });
}

describe('the demo programme report, against R', () => {
  it('is made from the export R read', async () => {
    const response = await evaluator.get('/api/reports/export.csv');
    expect(response.statusCode, response.body).toBe(200);
    const made = normalised(response.body);
    if (process.env.UPDATE_DEMO_EXPORT === '1') writeFileSync(exportFixture, made);
    expect(made).toBe(readFileSync(exportFixture, 'utf8'));
    expect(made.trim().split('\n')).toHaveLength(reference.cases + 1);
  });

  it('gives R’s outcome figures in English and in French', async () => {
    const [en, fr] = await Promise.all([outcomes('en'), outcomes('fr')]);
    // The figures do not depend on the reader's language.
    expect(fr.items).toEqual(en.items);
    expect(fr.headlines).toEqual(en.headlines);
    expect(fr.timepoints).toEqual(en.timepoints);
    expect(Object.keys(reference.scales).length).toBeGreaterThan(0);
    for (const [key, r] of Object.entries(reference.scales)) {
      const item = en.items.find((i) => `${i.instrumentId}.${i.scale}` === key);
      if (!item) throw new Error(`no ${key} in the report`);
      expectedChange(r, item);

      // Attrition: counts protected as any count (or hidden by the overlap rule).
      const counts: [keyof typeof item.attrition, number][] = [
        ['baselines', r.baselines],
        ['pairs', r.pairs],
        ['lost', r.lost],
      ];
      for (const [name, value] of counts) {
        const shown = item.attrition[name];
        const expected = protectCount(value);
        if (
          expected.suppression === null &&
          shown &&
          typeof shown === 'object' &&
          'suppression' in shown &&
          shown.suppression === 'overlap'
        )
          continue;
        expect(shown, `${key} ${name}`).toEqual(expected);
      }
      if (r.pairs < protection.pairsAtLeast || r.lost < protection.pairsAtLeast)
        expect(item.attrition.comparison, key).toBeNull();
      else if (item.attrition.comparison) {
        const a = r.attrition;
        expect(item.attrition.comparison, key).toEqual({
          lostMean: r1(a.lostMean),
          lostSd: r1(a.lostSd),
          completedMean: r1(a.completedMean),
          completedSd: r1(a.completedSd),
          difference: r1(a.difference),
          ci95: a.ci95?.map((v) => roundTo(v, protection.decimals)) ?? null,
          pValue: a.pValue === null ? null : roundTo(a.pValue, 3),
        });
      }

      // The headline share of this scale, if it has one: R's Wilson interval, or hidden.
      const headline = en.headlines.find((h) => `${h.instrumentId}.${h.scale}` === key);
      if (headline) {
        const { improved } = r.shares;
        const small = (count: number): boolean => count < protection.hiddenBelow;
        if (r.pairs < protection.pairsAtLeast || small(improved) || small(r.pairs - improved))
          expect(headline, key).toMatchObject({ suppressed: true, share: null, ci95: null });
        else if (!headline.suppressed)
          expect(headline, key).toMatchObject({
            n: protectCount(r.pairs).value,
            share: r2(r.improvedWilson?.estimate),
            ci95: r.improvedWilson?.ci95.map((v) => roundTo(v, 2)),
          });
      }

      // The change at each timepoint apart.
      for (const point of en.timepoints) {
        const cell = point.cells.find((c) => `${c.instrumentId}.${c.scale}` === key);
        const p = r.timepoints[point.timepoint];
        if (!cell || !p) throw new Error(`no ${key} at ${point.timepoint}`);
        if (p.n < protection.pairsAtLeast)
          expect(cell.suppressed, `${key} ${point.timepoint}`).toBe(true);
        else if (!cell.suppressed)
          expect(cell, `${key} ${point.timepoint}`).toMatchObject({
            n: protectCount(p.n).value,
            meanBefore: r1(p.meanBefore),
            meanAfter: r1(p.meanAfter),
            meanChange: r1(p.meanChange),
            ci95: p.ci95?.map((v) => roundTo(v, protection.decimals)) ?? null,
          });
      }
    }
    // Not vacuous: the demo's year has 10 pairs and 10 lost on UCLA-3 and on ONS4, and
    // none of another report's overlap, so its change, the attrition comparison and the
    // change at 3 months are all shown (and were checked against R above).
    for (const key of Object.keys(reference.scales)) {
      const item = en.items.find((i) => `${i.instrumentId}.${i.scale}` === key);
      expect(item?.suppressed, key).toBe(false);
      expect(item?.attrition.comparison, key).not.toBeNull();
      const atThreeMonths = en.timepoints
        .find((point) => point.timepoint === 'month_3')
        ?.cells.find((c) => `${c.instrumentId}.${c.scale}` === key);
      expect(atThreeMonths?.suppressed, key).toBe(false);
    }
    expect(Object.keys(reference.scales)).toEqual(
      expect.arrayContaining(['ucla3.total', 'ons4.satisfied']),
    );
  });

  it('gives R’s pathway, reach and connection figures in English and in French', async () => {
    const [en, fr] = await Promise.all([dashboard('en'), dashboard('fr')]);
    // The figures do not depend on the reader's language.
    expect(fr).toEqual(en);
    const r = reference.dashboard;
    const siteKeys = new Map(en.referralsBySite.rows.map((row) => [row.key, row.label ?? '']));
    const same = (key: string): string => key;
    const tables: [string, CountTable, (key: string) => string][] = [
      ['funnel', en.funnel, same],
      ['source', en.referralsBySource, same],
      ['reason', en.referralsByReason, same],
      ['site', en.referralsBySite, (key) => siteKeys.get(key) ?? key],
      ['month', en.referralsByMonth, same],
      ['category', en.connectionsByCategory, same],
      ['decline', en.partnerDeclines, same],
      ['discharge', en.dischargeReasons, same],
      ['age_band', en.equity.ageBand, same],
      ['sex', en.equity.sex, same],
      ['language', en.equity.language, same],
      ['area', en.equity.area, same],
    ];
    expect(tables.map(([name]) => name).toSorted()).toEqual(Object.keys(r.tables).toSorted());
    for (const [name, shown, rowKey] of tables) {
      const table = r.tables[name];
      if (!table) throw new Error(`R has no ${name} table`);
      expectTable(name, table, shown, rowKey);
    }
    // Time to first contact: whole days, the median from 10 people, the 90th centile from 20.
    const days = (value: number | null, from: number): number | null =>
      value === null || r.firstContact.n < from ? null : Math.round(value);
    expect(en.timeToFirstContact).toEqual({
      n: protectCount(r.firstContact.n, r.hiddenByOverlap.includes('ttfc|n|n')),
      medianDays: days(r.firstContact.median, centilesFrom.median),
      p90Days: days(r.firstContact.p90, centilesFrom.p90),
    });
    // Not vacuous: the demo's year shows its referrals, its median and connections.
    expect(en.funnel.rows[0]?.cells.map((cell) => cell.value)).not.toContain(null);
    expect(en.timeToFirstContact.medianDays).not.toBeNull();
    expect(en.timeToFirstContact.p90Days).not.toBeNull();
    for (const total of en.connectionsByCategory.columnTotals)
      expect(total.value).toBeGreaterThan(0);
  });

  it('computes R’s figures before protection hides them, to 1e-9', async () => {
    // What protection hides (timepoints with few pairs, figures the overlap rule names)
    // is still computed; the summaries' pairs (what the report computes from) give R's.
    const rows = await summaries.selectOutcomePairCounts(t.database.db, {
      siteIds: null,
      from: null,
      to: null,
    });
    const close = (value: number | null | undefined, expected: number | null | undefined): void => {
      if (expected === null || expected === undefined) expect(value ?? null).toBeNull();
      else expect(Math.abs((value ?? NaN) - expected)).toBeLessThan(1e-9);
    };
    for (const [key, r] of Object.entries(reference.scales)) {
      const mine = rows.filter((row) => `${row.instrument_id}.${row.scale}` === key);
      const baselines = mine.reduce((sum, row) => sum + row.count, 0);
      const pairs = mine.flatMap((row) =>
        row.after === null
          ? []
          : [{ before: Number(row.before), after: Number(row.after), count: row.count }],
      );
      expect([baselines, pairs.reduce((sum, p) => sum + p.count, 0)], key).toEqual([
        r.baselines,
        r.pairs,
      ]);
      const s = pairedSummaryOfCounts(pairs);
      const c = r.change;
      close(s.meanBefore, c.meanBefore);
      close(s.sdBefore, c.sdBefore);
      close(s.meanAfter, c.meanAfter);
      close(s.sdAfter, c.sdAfter);
      close(s.meanChange, c.meanChange);
      close(s.tTest?.t, c.t);
      close(s.tTest?.pValue, c.tPValue);
      close(s.tTest?.ci95[0], c.ci95?.[0]);
      close(s.tTest?.ci95[1], c.ci95?.[1]);
      close(s.wilcoxon?.pValue, c.wilcoxonPValue);
      expect(s.wilcoxon?.method ?? null, key).toBe(c.wilcoxonMethod ?? null);
      close(s.effectSize.cohenDz, c.cohenDz);
      if (c.wilcoxonMethod === 'normal_approximation') close(s.effectSize.wilcoxonR, c.wilcoxonR);
    }
  });
});
