import { readFileSync } from 'node:fs';
import { and, eq } from 'drizzle-orm';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cases, measurementScores, measurements } from '../../src/server/db/schema';
import { reportsRefreshJob } from '../../src/server/features/reports';
import * as live from '../../src/server/features/reports/reports-live-queries';
import * as summary from '../../src/server/features/reports/reports-queries';
import type { OutcomesReport } from '../../src/shared/contracts/reports';
import { roundTo } from '../../src/shared/statistics/disclosure';
import { errorOf } from '../helpers/app';
import { type Cast, startCast } from '../helpers/cast';
import { makeCase, makeSite } from '../helpers/factories';

/*
 * What an evaluator publishes from the outcomes (issue 20): one pairing rule for the
 * dashboard, its summaries and the research export; measurements that would break it
 * refused at entry; attrition; the headline shares with their Wilson intervals. The
 * figures are compared with R's, for the cohort make-reference.R describes.
 */

type Cohort = {
  before: number[];
  after: number[];
  lost: number[];
  meanChange: number;
  confInt: [number, number];
  lessLonely: { x: number; n: number; estimate: number; confInt: [number, number] };
};
type TwoSample = {
  name: string;
  meanX: number;
  sdX: number;
  meanY: number;
  sdY: number;
  pValue: number;
  confInt: [number, number];
};
const reference = JSON.parse(
  readFileSync(new URL('../fixtures/statistics/reference.json', import.meta.url), 'utf8'),
) as { cohort: Cohort; twoSample: TwoSample[] };
const cohort = reference.cohort;
const attritionR = reference.twoSample.find((d) => d.name === 'cohort_attrition');

let cast: Cast;
/** The cohort's site (compared with R) and the site of the pairing rule's edge cases. */
let cohortSite = '';
let edgeSite = '';

type Timepoint = 'baseline' | 'month_3' | 'month_6' | 'month_12' | 'discharge';

async function caseReferred(
  siteId: string,
  day: string,
): Promise<{ id: string; personId: string }> {
  const db = cast.t.database.db;
  const made = await makeCase(db, siteId);
  await db
    .update(cases)
    .set({
      status: 'active',
      acceptedAt: new Date(`${day}T12:00:00Z`),
      referredAt: new Date(`${day}T10:00:00Z`),
    })
    .where(eq(cases.id, made.id));
  return made;
}

/** Written as older data may hold it (the entry's checks are tested through the API below). */
async function measure(
  made: { id: string; personId: string },
  siteId: string,
  timepoint: Timepoint,
  takenOn: string,
  value: number | null,
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
      complete: value !== null,
    })
    .returning({ id: measurements.id });
  if (!row) throw new Error('no measurement');
  await db
    .insert(measurementScores)
    .values({ measurementId: row.id, scale: 'total', value, band: null });
}

/** The edge cases, each with the follow-up the rule pairs (null: none). */
const edgeCases: {
  name: string;
  baseline: number;
  followUps: [Timepoint, string, number | null][];
  paired: number | null;
}[] = [
  {
    // Text order would take month_6 ('month_6' > 'discharge'); the timepoints' order takes discharge.
    name: 'two follow-ups on one day',
    baseline: 8,
    followUps: [
      ['month_6', '2026-09-01', 6],
      ['discharge', '2026-09-01', 4],
    ],
    paired: 4,
  },
  {
    name: 'the latest follow-up without a score',
    baseline: 7,
    followUps: [
      ['month_3', '2026-06-01', 5],
      ['month_6', '2026-09-01', null],
    ],
    paired: 5,
  },
  {
    name: 'a follow-up dated before the baseline',
    baseline: 9,
    followUps: [['month_3', '2026-03-01', 3]],
    paired: null,
  },
  {
    name: 'a later date beats a later timepoint',
    baseline: 6,
    followUps: [
      ['month_12', '2026-08-01', 5],
      ['month_6', '2026-10-01', 3],
    ],
    paired: 3,
  },
];

beforeAll(async () => {
  cast = await startCast();
  const db = cast.t.database.db;
  cohortSite = (await makeSite(db)).id;
  edgeSite = (await makeSite(db)).id;
  for (const [i, before] of cohort.before.entries()) {
    const made = await caseReferred(cohortSite, '2026-03-10');
    await measure(made, cohortSite, 'baseline', '2026-03-12', before);
    await measure(made, cohortSite, 'month_3', '2026-06-15', cohort.after[i] ?? null);
  }
  for (const before of cohort.lost) {
    const made = await caseReferred(cohortSite, '2026-03-11');
    await measure(made, cohortSite, 'baseline', '2026-03-12', before);
  }
  for (const edge of edgeCases) {
    const made = await caseReferred(edgeSite, '2026-03-05');
    await measure(made, edgeSite, 'baseline', '2026-03-15', edge.baseline);
    for (const [timepoint, day, value] of edge.followUps) {
      await measure(made, edgeSite, timepoint, day, value);
    }
  }
  await cast.t.runJob(reportsRefreshJob);
}, 120_000);
afterAll(() => cast.close());

type Pair = { before: number; after: number | null; count: number };
const ucla = (rows: live.PairCountRow[]): Pair[] =>
  rows
    .filter((row) => row.instrument_id === 'ucla3' && row.scale === 'total')
    .map((row) => ({
      before: Number(row.before),
      after: row.after === null ? null : Number(row.after),
      count: row.count,
    }));
const sorted = (pairs: Pair[]): Pair[] =>
  pairs.toSorted((a, b) => a.before - b.before || (a.after ?? -1) - (b.after ?? -1));

async function exportedPairs(scope: string): Promise<Pair[]> {
  const response = await cast.others.evaluator.get(`/api/reports/export.csv?scope=${scope}`);
  expect(response.statusCode, response.body).toBe(200);
  const rows = Papa.parse<Record<string, string>>(response.body.trim(), { header: true }).data;
  const counts = new Map<string, Pair>();
  for (const row of rows) {
    const before = row['ucla3.total.baseline'];
    if (!before) continue;
    const after = row['ucla3.total.latest'] ? Number(row['ucla3.total.latest']) : null;
    const key = `${before}|${after}`;
    const pair = counts.get(key) ?? { before: Number(before), after, count: 0 };
    pair.count += 1;
    counts.set(key, pair);
  }
  return sorted([...counts.values()]);
}

async function outcomes(scope: string): Promise<OutcomesReport> {
  const response = await cast.others.evaluator.get(
    `/api/reports/outcomes?period=2026&scope=${scope}`,
  );
  expect(response.statusCode, response.body).toBe(200);
  return response.json<OutcomesReport>();
}

describe('the pairing rule', () => {
  it('pairs the same scores in the dashboard, its summaries and the research export', async () => {
    const db = cast.t.database.db;
    const filter = { siteIds: [edgeSite], from: null, to: null };
    const expected = sorted(
      edgeCases.map((edge) => ({ before: edge.baseline, after: edge.paired, count: 1 })),
    );
    expect(sorted(ucla(await live.selectOutcomePairCounts(db, filter)))).toEqual(expected);
    expect(sorted(ucla(await summary.selectOutcomePairCounts(db, filter)))).toEqual(expected);
    expect(await exportedPairs(`site:${edgeSite}`)).toEqual(expected);

    const programme = { siteIds: null, from: null, to: null };
    const all = sorted(ucla(await live.selectOutcomePairCounts(db, programme)));
    expect(sorted(ucla(await summary.selectOutcomePairCounts(db, programme)))).toEqual(all);
    expect(await exportedPairs('programme')).toEqual(all);
  });
});

describe('the outcome report of the cohort, against R', () => {
  it('gives the change, attrition and share less lonely that R gives', async () => {
    const report = await outcomes(`site:${cohortSite}`);
    const item = report.items.find((i) => i.instrumentId === 'ucla3' && i.scale === 'total');
    expect(item?.suppressed).toBe(false);
    expect(item?.n).toBe(30);
    expect(item?.meanChange).toBe(roundTo(cohort.meanChange, 1));
    expect(item?.ci95).toEqual(cohort.confInt.map((v) => roundTo(v, 1)));

    // 42 baselines, 30 pairs, 12 lost: rounded to 5 each.
    const attrition = item?.attrition;
    expect(attrition?.baselines).toEqual({ value: 40, suppression: null });
    expect(attrition?.pairs).toEqual({ value: 30, suppression: null });
    expect(attrition?.lost).toEqual({ value: 10, suppression: null });
    expect(attrition?.lostShare).toBe(0.25);
    if (!attritionR) throw new Error('no attrition fixture');
    expect(attrition?.comparison).toEqual({
      lostMean: roundTo(attritionR.meanX, 1),
      lostSd: roundTo(attritionR.sdX, 1),
      completedMean: roundTo(attritionR.meanY, 1),
      completedSd: roundTo(attritionR.sdY, 1),
      difference: roundTo(attritionR.meanX - attritionR.meanY, 1),
      ci95: attritionR.confInt.map((v) => roundTo(v, 1)),
      pValue: roundTo(attritionR.pValue, 3),
    });

    const lessLonely = report.headlines.find((h) => h.key === 'less_lonely');
    expect(lessLonely).toMatchObject({
      instrumentId: 'ucla3',
      scale: 'total',
      suppressed: false,
      n: 30,
      share: roundTo(cohort.lessLonely.estimate, 2),
      ci95: cohort.lessLonely.confInt.map((v) => roundTo(v, 2)),
    });
    expect(lessLonely?.source).toMatch(/Foster et al\. 2020/);
    expect(lessLonely?.definition.en).toMatch(/fall of 1 point or more/);
    expect(lessLonely?.definition.fr).toMatch(/baisse d’au moins 1 point/);
    expect(report.headlines.map((h) => h.key)).toEqual([
      'less_lonely',
      'better_mental_health',
      'more_wellbeing',
      'more_belonging',
      'more_active',
    ]);
    // Nobody answered the others: nothing to show.
    expect(report.headlines.slice(1).every((h) => h.suppressed && h.share === null)).toBe(true);
  });

  it('hides the attrition comparison and the headline of a handful of people', async () => {
    const report = await outcomes(`site:${edgeSite}`);
    const item = report.items.find((i) => i.instrumentId === 'ucla3' && i.scale === 'total');
    expect(item?.suppressed).toBe(true);
    expect(item?.attrition.baselines).toEqual({ value: null, suppression: 'small' });
    expect(item?.attrition.comparison).toBeNull();
    expect(report.headlines[0]).toMatchObject({ suppressed: true, share: null, ci95: null });
  });
});

describe('a measurement that would break the pairing rule', () => {
  async function activeCase(): Promise<string> {
    return (await activeCaseRow()).id;
  }
  async function activeCaseRow(): Promise<{ id: string; personId: string }> {
    const db = cast.t.database.db;
    const made = await makeCase(db, cast.homeSiteId, { referrerAccountId: cast.referrer.id });
    await db
      .update(cases)
      .set({
        status: 'active',
        assignedTo: cast.linkWorker.id,
        acceptedAt: new Date('2026-05-02T12:00:00Z'),
        referredAt: new Date('2026-05-01T12:00:00Z'),
      })
      .where(eq(cases.id, made.id));
    return made;
  }
  const record = (caseId: string, timepoint: Timepoint, takenOn: string) =>
    cast.linkWorker.client.post(`/api/cases/${caseId}/measurements`, {
      instrumentId: 'ucla3',
      timepoint,
      takenOn,
      answers: { companionship: 3, left_out: 2, isolated: 3 },
    });
  const count = async (caseId: string): Promise<number> =>
    (
      await cast.t.database.db
        .select()
        .from(measurements)
        .where(and(eq(measurements.caseId, caseId), eq(measurements.instrumentId, 'ucla3')))
    ).length;

  it('is refused when dated before the referral, naming the date, in French', async () => {
    const caseId = await activeCase();
    const refused = await record(caseId, 'baseline', '2026-04-30');
    expect(refused.statusCode).toBe(400);
    expect(errorOf(refused)).toMatchObject({ code: 'date_before_referral', field: 'takenOn' });
    expect(errorOf(refused).message).toMatch(
      /^Date de la mesure\u202f: cette date précède l’orientation/,
    );
    expect(await count(caseId)).toBe(0);
    expect((await record(caseId, 'baseline', '2026-05-01')).statusCode).toBe(201);
  });

  it('is refused for a follow-up before the baseline, and a baseline after a follow-up', async () => {
    const caseId = await activeCase();
    expect((await record(caseId, 'baseline', '2026-06-10')).statusCode).toBe(201);
    const early = await record(caseId, 'month_3', '2026-06-09');
    expect(early.statusCode).toBe(400);
    expect(errorOf(early)).toMatchObject({ code: 'date_before_baseline', field: 'takenOn' });
    expect(await count(caseId)).toBe(1);
    // The same day as the baseline is allowed.
    expect((await record(caseId, 'month_3', '2026-06-10')).statusCode).toBe(201);

    // A baseline entered again, after a follow-up's day, once the old one is set aside.
    const otherCase = await activeCaseRow();
    const other = otherCase.id;
    const [old] = await cast.t.database.db
      .insert(measurements)
      .values({
        caseId: other,
        personId: otherCase.personId,
        siteId: cast.homeSiteId,
        instrumentId: 'ucla3',
        instrumentVersion: 1,
        timepoint: 'month_3',
        takenOn: '2026-08-01',
        answeredBy: 'link_worker',
        complete: true,
      })
      .returning({ id: measurements.id });
    expect(old).toBeDefined();
    const late = await record(other, 'baseline', '2026-08-02');
    expect(late.statusCode).toBe(400);
    expect(errorOf(late)).toMatchObject({ code: 'date_after_follow_up', field: 'takenOn' });
    expect(await count(other)).toBe(1);
  });

  it('is explained in English to an English speaker', async () => {
    const caseId = await activeCase();
    const refused = await cast.manager.client.post(`/api/cases/${caseId}/measurements`, {
      instrumentId: 'ucla3',
      timepoint: 'baseline',
      takenOn: '2026-04-01',
      answers: { companionship: 3, left_out: 2, isolated: 3 },
    });
    expect(refused.statusCode).toBe(400);
    expect(errorOf(refused).message).toMatch(/^Date taken: this date is before the referral/);
  });
});
