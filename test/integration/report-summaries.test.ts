import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSyntheticProgramme } from '../../bench/synthetic-programme';
import { selectRows } from '../../src/server/db/client';
import { reportsRefreshJob } from '../../src/server/features/reports';
import * as live from '../../src/server/features/reports/reports-live-queries';
import * as summary from '../../src/server/features/reports/reports-queries';
import { improvementSql } from '../../src/server/features/reports/report-expressions';
import type { Dashboard } from '../../src/shared/contracts/reports';
import { classifyChange, findInstrument, instruments } from '../../src/shared/instruments';
import { Client, startTestApp, type TestApp } from '../helpers/app';
import { makeAccount } from '../helpers/factories';

/**
 * The reports read summaries (report_case_facts and the monthly sums) that the
 * 'reports.refresh' job keeps current. On a known programme (the benchmark's synthetic one,
 * small: three years of referrals at 11 sites, every stage and instrument) every figure
 * read from the summaries must equal the one computed live from the pathway tables, for
 * every kind of period and scope a report takes; and a change shows once the job has run.
 */

let t: TestApp;
let siteIds: string[];

beforeAll(async () => {
  t = await startTestApp();
  await loadSyntheticProgramme(t.database.db, 600);
  await t.runJob(reportsRefreshJob);
  siteIds = (
    await selectRows<{ id: string }>(t.database.db, sql`select id from sites order by name`)
  ).map((row) => row.id);
}, 120_000);
afterAll(() => t.close());

type Filter = live.ReportFilter;

function sortRows<T>(rows: T[]): T[] {
  return rows
    .map((row) => JSON.stringify(row, Object.keys(row as object).toSorted()))
    .toSorted()
    .map((text) => JSON.parse(text) as T);
}

async function liveFigures(filter: Filter): Promise<unknown> {
  const db = t.database.db;
  const groups = await live.selectCaseGroups(db, filter);
  const reasons = await live.selectReasonCounts(db, filter);
  return {
    // The live 'all' row exists even over no case; the summaries have no row to sum then.
    groups: sortRows([
      ...groups.filter((row) => row.referred > 0),
      ...reasons.map((row) => ({
        dimension: 'reason',
        key: row.key,
        referred: row.count,
        ...Object.fromEntries(
          [
            'contacted',
            'accepted',
            'assessed',
            'planned',
            'connected',
            'attended',
            'discharged',
            'open',
            'only_referred',
            'only_contacted',
            'only_accepted',
            'only_assessed',
            'only_planned',
            'only_connected',
            'only_attended',
          ].map((column) => [column, 0]),
        ),
      })),
    ]),
    firstContact: await live.selectTimeToFirstContact(db, filter),
    connections: sortRows(await live.selectConnectionGroups(db, filter)),
    outcomes: await live.selectOutcomePairCounts(db, filter),
  };
}

async function summaryFigures(filter: Filter): Promise<unknown> {
  const db = t.database.db;
  return {
    groups: sortRows(await summary.selectCaseGroups(db, filter)),
    firstContact: await summary.selectTimeToFirstContact(db, filter),
    connections: sortRows(await summary.selectConnectionGroups(db, filter)),
    outcomes: await summary.selectOutcomePairCounts(db, filter),
  };
}

/** The filters a report can make: whole months, quarters and years, one or several sites. */
function filters(): [string, Filter][] {
  const [first = '', second = ''] = siteIds;
  return [
    ['the whole programme, all time', { siteIds: null, from: null, to: null }],
    ['one site', { siteIds: [first], from: null, to: null }],
    ['a grouping of two sites', { siteIds: [first, second], from: null, to: null }],
    ['a year', { siteIds: null, from: '2025-01-01', to: '2025-12-31' }],
    ['a quarter of one site', { siteIds: [first], from: '2024-07-01', to: '2024-09-30' }],
    ['a month', { siteIds: null, from: '2024-06-01', to: '2024-06-30' }],
    [
      'a leap February of a grouping',
      { siteIds: [first, second], from: '2024-02-01', to: '2024-02-29' },
    ],
  ];
}

type OutcomeRow = {
  site_id: string;
  month: string;
  measured_month: string;
  timepoint: string;
  instrument_id: string;
  scale: string;
  before: number;
  after: number | null;
  count: number;
};

/**
 * The overlap rule's figures per unit as the instruments' own rules count them from the
 * score pairs (report_month_outcomes), and as the summary holds them: they must be equal.
 */
async function outcomeFigures(): Promise<{ expected: unknown; summarised: unknown }> {
  const db = t.database.db;
  const pairs = await selectRows<OutcomeRow>(
    db,
    sql`select site_id, month::text, measured_month::text, timepoint, instrument_id, scale,
      before, after, count from report_month_outcomes`,
  );
  const expected = new Map<string, number>();
  const add = (row: OutcomeRow, figure: string): void => {
    const key = [
      row.site_id,
      row.month,
      row.measured_month,
      row.instrument_id,
      row.scale,
      figure,
    ].join(' ');
    expected.set(key, (expected.get(key) ?? 0) + row.count);
  };
  for (const row of pairs) {
    if (row.timepoint !== 'latest') add(row, `pairs@${row.timepoint}`);
    else if (row.after === null) {
      add(row, 'baselines');
      add(row, 'lost');
    } else {
      const definition = findInstrument(row.instrument_id);
      const improved =
        definition && classifyChange(definition, row.scale, row.before, row.after) === 'improved';
      add(row, 'baselines');
      add(row, 'pairs');
      add(row, improved ? 'improved' : 'not_improved');
    }
  }
  const rows = await selectRows<{ key: string; count: number }>(
    db,
    sql`select concat_ws(' ', site_id, month, measured_month, instrument_id, scale, figure) as key,
      count from report_month_outcome_figures`,
  );
  return {
    expected: Object.fromEntries([...expected].toSorted()),
    summarised: Object.fromEntries(rows.map((row) => [row.key, row.count]).toSorted()),
  };
}

describe('the report summaries', () => {
  it('count improvements in the database exactly as the instruments’ rules do', async () => {
    // Every pair of scores each scale can take, classified in SQL and in TypeScript.
    const cases = Object.values(instruments).flatMap((definition) =>
      definition.scales.flatMap((scale) => {
        const low = scale.bands[0]?.min ?? 0;
        const high = scale.bands.at(-1)?.max ?? 0;
        const scores = Array.from({ length: high - low + 1 }, (_, i) => low + i);
        return scores.flatMap((before) =>
          scores.map((after) => ({ instrument: definition.id, scale: scale.id, before, after })),
        );
      }),
    );
    expect(cases.length).toBeGreaterThan(1000);
    const rows = await selectRows<{ improved: boolean }>(
      t.database.db,
      sql`select ${improvementSql({
        instrumentId: sql`(e.v ->> 'instrument')`,
        scale: sql`(e.v ->> 'scale')`,
        before: sql`(e.v ->> 'before')::float8`,
        after: sql`(e.v ->> 'after')::float8`,
      })} as improved
      from jsonb_array_elements(${JSON.stringify(cases)}::jsonb) with ordinality as e(v, n)
      order by e.n`,
    );
    const inSql = rows.map((row) => row.improved);
    const inTypeScript = cases.map(({ instrument, scale, before, after }) => {
      const definition = findInstrument(instrument);
      return !!definition && classifyChange(definition, scale, before, after) === 'improved';
    });
    expect(inSql).toEqual(inTypeScript);
    expect(inSql.filter(Boolean).length).toBeGreaterThan(100);
    const { expected, summarised } = await outcomeFigures();
    expect(Object.keys(summarised as object).length).toBeGreaterThan(100);
    expect(summarised).toEqual(expected);
  });

  it('give exactly the live figures, for months, quarters, years, sites and groupings', async () => {
    const [row] = await selectRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from report_outcome_pairs`,
    );
    expect(row?.n ?? 0).toBeGreaterThan(100);
    for (const [name, filter] of filters()) {
      expect(await summaryFigures(filter), name).toEqual(await liveFigures(filter));
    }
  });

  it('show a change to a case, its person, a connection and a score once the job has run', async () => {
    const db = t.database.db;
    const whole: Filter = { siteIds: null, from: null, to: null };
    const [target] = await selectRows<{ id: string; person_id: string }>(
      db,
      sql`select c.id, c.person_id from cases c
        where c.first_contact_at is null and c.status = 'new' order by c.referred_at limit 1`,
    );
    if (!target) throw new Error('no new case in the synthetic programme');
    await db.execute(sql`update cases set first_contact_at = referred_at + interval '2 days',
      status = 'active' where id = ${target.id}`);
    await db.execute(sql`update people set sex = 'other' where id = ${target.person_id}`);
    await db.execute(sql`update connections set status = 'declined', status_reason = 'full'
      where id = (select id from connections order by id limit 1)`);
    await db.execute(sql`update measurement_scores set value = value + 1
      where measurement_id = (select m.id from measurements m
        where m.timepoint <> 'baseline' order by m.id limit 1)`);

    const before = await summaryFigures(whole);
    expect(before).not.toEqual(await liveFigures(whole));
    await t.runJob(reportsRefreshJob);
    expect(await summaryFigures(whole)).toEqual(await liveFigures(whole));
    for (const [name, filter] of filters()) {
      expect(await summaryFigures(filter), name).toEqual(await liveFigures(filter));
    }
    const [queued] = await selectRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from report_dirty_cases`,
    );
    expect(queued?.n).toBe(0);
    const { expected, summarised } = await outcomeFigures();
    expect(summarised).toEqual(expected);
  });

  it('say when the figures were computed', async () => {
    const account = await makeAccount(t.database.db, [{ role: 'evaluator' }]);
    const client = new Client(t.app);
    await client.signIn(account.email, account.password);
    const started = Date.now();
    await t.runJob(reportsRefreshJob);
    const body = (await client.get('/api/reports/dashboard')).json<Dashboard>();
    expect(body.scope.asOf).not.toBeNull();
    expect(Date.parse(body.scope.asOf ?? '')).toBeGreaterThanOrEqual(started - 5_000);
    const outcomes = await client.get('/api/reports/outcomes');
    expect(outcomes.json<{ scope: { asOf: string | null } }>().scope.asOf).toBe(body.scope.asOf);
  });
});
