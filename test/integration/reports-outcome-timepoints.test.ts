import { eq } from 'drizzle-orm';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cases, measurementScores, measurements } from '../../src/server/db/schema';
import { reportsRefreshJob } from '../../src/server/features/reports';
import type { OutcomeGroups, OutcomesReport } from '../../src/shared/contracts/reports';
import { errorOf } from '../helpers/app';
import { type Cast, startCast } from '../helpers/cast';
import { makeCase, makeSite } from '../helpers/factories';

/*
 * The change at each follow-up timepoint apart, and periods read by measurement date
 * (issue 20). Twenty people referred in November 2025 give a UCLA-3 baseline that month,
 * then a 3-month follow-up in February 2026 and a 6-month one in May 2026; the first
 * twelve of them a discharge measure later in May 2026 too. (Latest follow-ups in two
 * months would make the year differ from one month by fewer than 10 pairs: the overlap
 * rule would rightly hide it.) Every expected figure below is
 * worked out here from those scores with plain arithmetic, not by the code under test;
 * the intervals use t quantiles from standard tables.
 */

let cast: Cast;
let siteId = '';

type Timepoint = 'baseline' | 'month_3' | 'month_6' | 'month_12' | 'discharge';

const people = Array.from({ length: 20 }, (_, i) => {
  const baseline = 6 + (i % 4);
  return {
    baseline,
    month_3: baseline - 1 - (i % 2),
    month_6: baseline - 2 - (i % 3 === 0 ? 1 : 0),
    discharge: i < 12 ? baseline - 3 + (i % 2) : null,
  };
});

/** t quantiles (0.975) by degrees of freedom, from standard tables. */
const t975: Record<number, number> = { 11: 2.200985, 19: 2.093024 };

const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
const sd = (values: number[]): number => {
  const m = mean(values);
  return Math.sqrt(values.reduce((a, v) => a + (v - m) ** 2, 0) / (values.length - 1));
};
/** One decimal, half away from zero (the reports' documented rounding). */
const oneDecimal = (value: number): number =>
  (Math.sign(value) * Math.round(Math.abs(value) * 10)) / 10;

/** The figures a cell should show for these (before, after) pairs, worked out by hand. */
function expected(pairs: { before: number; after: number }[]) {
  const changes = pairs.map((p) => p.after - p.before);
  const half = ((t975[pairs.length - 1] ?? Number.NaN) * sd(changes)) / Math.sqrt(pairs.length);
  return {
    suppressed: false,
    n: Math.round(pairs.length / 5) * 5,
    meanBefore: oneDecimal(mean(pairs.map((p) => p.before))),
    meanAfter: oneDecimal(mean(pairs.map((p) => p.after))),
    meanChange: oneDecimal(mean(changes)),
    ci95: [oneDecimal(mean(changes) - half), oneDecimal(mean(changes) + half)],
  };
}

const pairsAt = (timepoint: 'month_3' | 'month_6' | 'discharge') =>
  people.flatMap((p) => {
    const after = p[timepoint];
    return after === null ? [] : [{ before: p.baseline, after }];
  });

async function measure(
  made: { id: string; personId: string },
  timepoint: Timepoint,
  takenOn: string,
  value: number,
): Promise<void> {
  const db = cast.t.database.db;
  const [row] = await db
    .insert(measurements)
    .values({
      caseId: made.id,
      personId: made.personId,
      siteId,
      instrumentId: 'ucla3',
      instrumentVersion: 1,
      timepoint,
      takenOn,
      answeredBy: 'link_worker',
      complete: true,
    })
    .returning({ id: measurements.id });
  if (!row) throw new Error('no measurement');
  await db.insert(measurementScores).values({ measurementId: row.id, scale: 'total', value });
}

beforeAll(async () => {
  cast = await startCast();
  const db = cast.t.database.db;
  siteId = (await makeSite(db)).id;
  for (const person of people) {
    const made = await makeCase(db, siteId);
    await db
      .update(cases)
      .set({
        status: 'active',
        referredAt: new Date('2025-11-15T10:00:00Z'),
        acceptedAt: new Date('2025-11-16T10:00:00Z'),
      })
      .where(eq(cases.id, made.id));
    await measure(made, 'baseline', '2025-11-20', person.baseline);
    await measure(made, 'month_3', '2026-02-20', person.month_3);
    await measure(made, 'month_6', '2026-05-20', person.month_6);
    if (person.discharge !== null) await measure(made, 'discharge', '2026-05-25', person.discharge);
  }
  await cast.t.runJob(reportsRefreshJob);
}, 120_000);
afterAll(() => cast.close());

async function outcomes(query: string): Promise<OutcomesReport> {
  const response = await cast.others.evaluator.get(
    `/api/reports/outcomes?scope=site:${siteId}&${query}`,
  );
  expect(response.statusCode, response.body).toBe(200);
  return response.json<OutcomesReport>();
}

const uclaAt = (report: OutcomesReport, timepoint: string) => {
  const index = report.items.findIndex((i) => i.instrumentId === 'ucla3' && i.scale === 'total');
  return report.timepoints.find((row) => row.timepoint === timepoint)?.cells[index];
};
const ucla = (report: OutcomesReport) =>
  report.items.find((i) => i.instrumentId === 'ucla3' && i.scale === 'total');

describe('the change by timepoint', () => {
  it('pairs the baseline with each follow-up apart, every timepoint listed', async () => {
    const report = await outcomes('period=2025');
    expect(report.window).toBe('referral');
    expect(report.timepoints.map((row) => row.timepoint)).toEqual([
      'month_3',
      'month_6',
      'month_12',
      'discharge',
    ]);
    for (const row of report.timepoints) expect(row.cells).toHaveLength(report.items.length);
    expect(uclaAt(report, 'month_3')).toMatchObject(expected(pairsAt('month_3')));
    expect(uclaAt(report, 'month_6')).toMatchObject(expected(pairsAt('month_6')));
    // Twelve discharges: their own pairs, not the twenty of the other timepoints.
    expect(uclaAt(report, 'discharge')).toMatchObject(expected(pairsAt('discharge')));
    // Nobody was measured at 12 months: nothing is shown, not a zero.
    expect(uclaAt(report, 'month_12')).toMatchObject({ suppressed: true, n: null });
    // The pairing rule's change takes each person's latest follow-up: discharge, else 6 months.
    const latest = people.map((p) => ({ before: p.baseline, after: p.discharge ?? p.month_6 }));
    const { suppressed, n, meanBefore, meanAfter, meanChange } = expected(latest);
    expect(ucla(report)).toMatchObject({ suppressed, n, meanBefore, meanAfter, meanChange });
  });

  it('writes each timepoint score beside the baseline in the research export', async () => {
    const response = await cast.others.evaluator.get(
      `/api/reports/export.csv?scope=site:${siteId}`,
    );
    expect(response.statusCode, response.body).toBe(200);
    const rows = Papa.parse<Record<string, string>>(response.body.trim(), { header: true }).data;
    const scored = rows.filter((row) => row['ucla3.total.baseline']);
    expect(scored).toHaveLength(20);
    const got = scored
      .map((row) => [
        Number(row['ucla3.total.baseline']),
        Number(row['ucla3.total.month_3']),
        Number(row['ucla3.total.month_6']),
        row['ucla3.total.month_12'],
        row['ucla3.total.discharge'] === '' ? null : Number(row['ucla3.total.discharge']),
        row['ucla3.total.measured_month'],
      ])
      .toSorted((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    const want = people
      .map((p) => [p.baseline, p.month_3, p.month_6, '', p.discharge, '2026-05'])
      .toSorted((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    expect(got).toEqual(want);
  });
});

describe('periods by measurement date', () => {
  it('counts a pair in the period its follow-up was measured in', async () => {
    // By referral date, 2026 holds none of these people.
    const byReferral = await outcomes('period=2026');
    expect(ucla(byReferral)).toMatchObject({ suppressed: true, n: null });
    expect(uclaAt(byReferral, 'month_3')).toMatchObject({ suppressed: true });

    // By measurement date, 2026 holds all their follow-ups.
    const year = await outcomes('period=2026&window=measurement');
    expect(year.window).toBe('measurement');
    expect(ucla(year)).toMatchObject({ suppressed: false, n: 20 });
    expect(uclaAt(year, 'month_3')).toMatchObject(expected(pairsAt('month_3')));

    // The first quarter holds the 3-month follow-ups only: no latest pair ends there.
    const q1 = await outcomes('period=2026-Q1&window=measurement');
    expect(uclaAt(q1, 'month_3')).toMatchObject(expected(pairsAt('month_3')));
    expect(uclaAt(q1, 'month_6')).toMatchObject({ suppressed: true });
    expect(ucla(q1)).toMatchObject({ suppressed: true });

    // 2025 by measurement date: the baselines were taken then, but no pair ends then.
    const before = await outcomes('period=2025&window=measurement');
    expect(ucla(before)).toMatchObject({ suppressed: true });
  });

  it('breaks the change down by group in the same window', async () => {
    const response = await cast.others.evaluator.get(
      `/api/reports/outcomes/groups?scope=site:${siteId}&period=2026&window=measurement&dimension=site`,
    );
    expect(response.statusCode, response.body).toBe(200);
    const groups = response.json<OutcomeGroups>();
    expect(groups.window).toBe('measurement');
    const cell = groups.groups
      .find((g) => g.key === siteId)
      ?.cells.find((c) => c.instrumentId === 'ucla3' && c.scale === 'total');
    expect(cell).toMatchObject({ suppressed: false, n: 20 });
  });

  it('refuses a window it does not know, naming the field and the choices', async () => {
    const refused = await cast.others.evaluator.get(
      '/api/reports/outcomes?period=2026&window=discharge',
    );
    expect(refused.statusCode).toBe(400);
    const error = errorOf(refused);
    expect(error.code).toBe('validation_failed');
    expect(error.issues).toEqual([
      expect.objectContaining({ field: 'window', message: expect.stringMatching(/referral/) }),
    ]);
  });
});
