import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSyntheticProgramme } from '../../bench/synthetic-programme';
import { selectRows } from '../../src/server/db/client';
import { reportsRefreshJob } from '../../src/server/features/reports';
import * as live from '../../src/server/features/reports/reports-live-queries';
import * as summary from '../../src/server/features/reports/reports-queries';
import type { Dashboard } from '../../src/shared/contracts/reports';
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

describe('the report summaries', () => {
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
