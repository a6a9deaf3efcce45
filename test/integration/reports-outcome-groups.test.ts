import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cases, measurementScores, measurements, people } from '../../src/server/db/schema';
import { reportsRefreshJob } from '../../src/server/features/reports';
import * as live from '../../src/server/features/reports/reports-live-queries';
import * as summary from '../../src/server/features/reports/reports-queries';
import type { UnitGroupSumsRow } from '../../src/server/features/reports/reports-queries';
import { type OutcomeGroups, outcomeGroupDimensions } from '../../src/shared/contracts/reports';
import { roundTo } from '../../src/shared/statistics/disclosure';
import { type Cast, startCast } from '../helpers/cast';
import { makeCase, makeSite } from '../helpers/factories';

/*
 * The change broken down by group (issue 20): the summaries give the live figures of every
 * breakdown, every code of a fixed list is listed, and small groups are hidden with enough
 * of their neighbours that the scale's total minus the shown groups isolates no one.
 */

let cast: Cast;
let siteId = '';
let otherSiteId = '';

type Person = {
  sex: 'female' | 'male' | 'other';
  dateOfBirth: string;
  postalCode: string;
  language: 'fr' | 'en';
  reasons: string[];
  before: number;
  after: number | null;
};

/** 20 women (change -2 or -3), 12 men (change 0), 3 of another sex (change +1), 4 lost. */
const cohort: Person[] = [
  ...Array.from({ length: 20 }, (_, i): Person => ({
    sex: 'female',
    dateOfBirth: i % 2 ? '1950-06-15' : '1980-02-02',
    postalCode: i < 12 ? 'H2X 1Y4' : 'H3Z 2A1',
    language: i < 15 ? 'fr' : 'en',
    reasons: i % 3 ? ['loneliness_isolation'] : ['loneliness_isolation', 'money'],
    before: 8,
    after: i % 2 ? 5 : 6,
  })),
  ...Array.from({ length: 12 }, (_, i): Person => ({
    sex: 'male',
    dateOfBirth: '1950-06-15',
    postalCode: 'H2X 3B3',
    language: 'fr',
    reasons: ['low_mood_stress'],
    before: 6 + (i % 2),
    after: 6 + (i % 2),
  })),
  ...Array.from({ length: 3 }, (): Person => ({
    sex: 'other',
    dateOfBirth: '2001-01-01',
    postalCode: 'G1A 0A2',
    language: 'en',
    reasons: ['housing'],
    before: 5,
    after: 6,
  })),
  ...Array.from({ length: 4 }, (): Person => ({
    sex: 'female',
    dateOfBirth: '1950-06-15',
    postalCode: 'H2X 1Y4',
    language: 'fr',
    reasons: ['food'],
    before: 7,
    after: null,
  })),
];

async function score(
  made: { id: string; personId: string },
  site: string,
  timepoint: 'baseline' | 'month_3',
  takenOn: string,
  value: number,
): Promise<void> {
  const db = cast.t.database.db;
  const [row] = await db
    .insert(measurements)
    .values({
      caseId: made.id,
      personId: made.personId,
      siteId: site,
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

async function refer(site: string, person: Person): Promise<void> {
  const db = cast.t.database.db;
  const made = await makeCase(db, site);
  await db
    .update(cases)
    .set({
      status: 'active',
      reasons: person.reasons,
      acceptedAt: new Date('2026-03-10T12:00:00Z'),
      referredAt: new Date('2026-03-10T10:00:00Z'),
    })
    .where(eq(cases.id, made.id));
  await db
    .update(people)
    .set({
      sex: person.sex,
      dateOfBirth: person.dateOfBirth,
      postalCode: person.postalCode,
      preferredLanguage: person.language,
    })
    .where(eq(people.id, made.personId));
  await score(made, site, 'baseline', '2026-03-12', person.before);
  if (person.after !== null) await score(made, site, 'month_3', '2026-06-15', person.after);
}

beforeAll(async () => {
  cast = await startCast();
  const db = cast.t.database.db;
  siteId = (await makeSite(db)).id;
  otherSiteId = (await makeSite(db)).id;
  for (const person of cohort) await refer(siteId, person);
  for (const person of cohort.slice(0, 5)) await refer(otherSiteId, person);
  await cast.t.runJob(reportsRefreshJob);
}, 120_000);
afterAll(() => cast.close());

type Row = {
  key: string;
  instrument_id: string;
  scale: string;
  before: number;
  after: number | null;
  count: number;
};
/** Per group and scale: pairs, and the sums of the scores before, of the changes and of their squares. */
type Sums = Record<string, [number, number, number, number]>;
function addTo(sums: Sums, key: string, values: [number, number, number, number]): void {
  const [n, before, change, squares] = sums[key] ?? [0, 0, 0, 0];
  sums[key] = [n + values[0], before + values[1], change + values[2], squares + values[3]];
}
function sumsOfPairs(rows: readonly Row[]): Sums {
  const sums: Sums = {};
  for (const r of rows) {
    if (r.after === null) continue;
    const change = Number(r.after) - Number(r.before);
    addTo(sums, `${r.key}|${r.instrument_id}.${r.scale}`, [
      r.count,
      r.count * Number(r.before),
      r.count * change,
      r.count * change ** 2,
    ]);
  }
  return sums;
}
function sumsOfUnits(rows: readonly UnitGroupSumsRow[]): Sums {
  const sums: Sums = {};
  for (const r of rows) {
    addTo(sums, `${r.key}|${r.instrument_id}.${r.scale}`, [
      r.pairs,
      r.sum_before,
      r.sum_change,
      r.sum_change_squared,
    ]);
  }
  return sums;
}

async function breakdown(dimension: string, scope = `site:${siteId}`): Promise<OutcomeGroups> {
  const response = await cast.others.evaluator.get(
    `/api/reports/outcomes/groups?period=2026&scope=${scope}&dimension=${dimension}`,
  );
  expect(response.statusCode, response.body).toBe(200);
  return response.json<OutcomeGroups>();
}

const ucla = (groups: OutcomeGroups, key: string) =>
  groups.groups
    .find((g) => g.key === key)
    ?.cells.find((c) => c.instrumentId === 'ucla3' && c.scale === 'total');

describe('the change by group', () => {
  it('reads from the summaries the sums of the pairs the pathway tables give, for every breakdown', async () => {
    const db = cast.t.database.db;
    for (const siteIds of [[siteId], null]) {
      const filter = { siteIds, from: '2026-01-01', to: '2026-12-31' };
      for (const dimension of outcomeGroupDimensions) {
        const expected = sumsOfPairs(
          await live.selectOutcomeGroupPairCounts(db, filter, dimension),
        );
        const read = sumsOfUnits(await summary.selectOutcomeGroupUnits(db, filter, dimension));
        expect(read, dimension).toEqual(expected);
        expect(Object.keys(read).length, dimension).toBeGreaterThan(0);
      }
    }
  });

  it('lists every sex and hides the small group with its smallest neighbour', async () => {
    const groups = await breakdown('sex');
    expect(groups.groups.map((g) => g.key)).toEqual(['female', 'male', 'other', 'not_stated']);
    // 20 women: mean change -2.5 from 8 to 5.5.
    expect(ucla(groups, 'female')).toMatchObject({
      suppressed: false,
      n: 20,
      meanBefore: 8,
      meanAfter: 5.5,
      meanChange: -2.5,
    });
    // 3 of another sex are hidden, and the 12 men too: the total (35 pairs) less the women
    // would otherwise give those 3.
    expect(ucla(groups, 'other')?.suppressed).toBe(true);
    expect(ucla(groups, 'male')).toMatchObject({ suppressed: true, n: null, meanChange: null });
    expect(ucla(groups, 'not_stated')?.suppressed).toBe(true);
  });

  it('adds small areas up in others, names sites, and counts each reason given', async () => {
    const areas = await breakdown('area');
    expect(areas.groups.map((g) => g.key)).toEqual(['H2X', 'others']);
    expect(ucla(areas, 'H2X')?.n).toBe(25);
    expect(ucla(areas, 'others')?.n).toBe(10);
    const sites = await breakdown('site', 'programme');
    // Every site of the programme, each named.
    expect(sites.groups.map((g) => g.key)).toEqual(expect.arrayContaining([siteId, otherSiteId]));
    expect(sites.groups.every((g) => g.label)).toBe(true);
    const reasons = await breakdown('reason');
    expect(ucla(reasons, 'loneliness_isolation')?.n).toBe(20);
    expect(ucla(reasons, 'money')?.suppressed).toBe(true);
    expect(ucla(reasons, 'food')?.suppressed).toBe(true);
    expect(roundTo(ucla(reasons, 'loneliness_isolation')?.meanChange ?? 0, 1)).toBe(-2.5);
  });

  it('refuses a breakdown it does not know', async () => {
    const response = await cast.others.evaluator.get(
      `/api/reports/outcomes/groups?scope=site:${siteId}&dimension=postal_code`,
    );
    expect(response.statusCode).toBe(400);
  });
});
