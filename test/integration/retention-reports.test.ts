import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectRows } from '../../src/server/db/client';
import { type DemoSeed, demoPassword, seedDemo } from '../../src/server/demo';
import { retentionJob } from '../../src/server/features/person-record';
import { rebuildSummaries, reportsRefreshJob } from '../../src/server/features/reports';
import type { RetentionReport } from '../../src/shared/contracts/person-record';
import { outcomeGroupDimensions } from '../../src/shared/contracts/reports';
import { Client, startTestApp, type TestApp } from '../helpers/app';

/*
 * Retention keeps the figures: on the demo programme, with its closed cases made old enough,
 * every report and outcome statistic is the same before and after the retention job
 * anonymised them, through the summaries' refresh and through a full rebuild.
 */

let t: TestApp;
let seeded: DemoSeed;

beforeAll(async () => {
  t = await startTestApp();
  const demo = await seedDemo(t.database.db, t.config);
  if (!demo) throw new Error('the demo found accounts in a new database');
  seeded = demo;
}, 60_000);
afterAll(() => t.close());

async function signedIn(email: string): Promise<Client> {
  const client = new Client(t.app);
  expect((await client.signIn(email, demoPassword)).statusCode, email).toBe(200);
  return client;
}

const summaryTables = [
  'report_case_facts',
  'report_connection_facts',
  'report_outcome_pairs',
  'report_month_cases',
  'report_month_connections',
  'report_month_outcomes',
];

/** Every summary row, in a stable order. */
async function summaries(): Promise<Record<string, unknown[]>> {
  const result: Record<string, unknown[]> = {};
  for (const table of summaryTables) {
    const rows = await selectRows<{ row: unknown }>(
      t.database.db,
      sql`select to_jsonb(x) as row from ${sql.raw(table)} x order by to_jsonb(x)::text`,
    );
    result[table] = rows.map((r) => r.row);
  }
  return result;
}

/** What the reports answer, without the moment they were refreshed. */
async function reports(evaluator: Client): Promise<Record<string, unknown>> {
  const year = new Date().getUTCFullYear();
  const result: Record<string, unknown> = {};
  const urls = [
    ...[year - 1, year].flatMap((period) => [
      `/api/reports/dashboard?period=${period}`,
      `/api/reports/outcomes?period=${period}`,
      ...outcomeGroupDimensions.map(
        (dimension) => `/api/reports/outcomes/groups?period=${period}&dimension=${dimension}`,
      ),
    ]),
    '/api/reports/export.csv',
  ];
  for (const url of urls) {
    const response = await evaluator.get(url);
    expect(response.statusCode, `${url}: ${response.body.slice(0, 200)}`).toBe(200);
    // The research export's case ids are pseudonyms made anew for each file: left out.
    result[url] = url.endsWith('.csv')
      ? response.body
          .split('\n')
          .map((line) => line.slice(line.indexOf(',') + 1))
          .sort()
      : JSON.parse(response.body, (key, value: unknown) => (key === 'asOf' ? null : value));
  }
  return result;
}

describe('retention and the reports', () => {
  it('leaves every report and outcome statistic as it was', async () => {
    const db = t.database.db;
    expect(seeded.cases).toBeGreaterThan(10);
    // The demo's closed cases, closed eight years ago.
    await db.execute(sql`update cases set closed_at = coalesce(closed_at, now()) - interval '8 years'
      where status in ('declined', 'unreachable', 'discharged')`);
    await t.runJob(reportsRefreshJob);
    const evaluator = await signedIn('evaluator@passerelle.example');
    const beforeRows = await summaries();
    const beforeReports = await reports(evaluator);
    expect(beforeRows.report_case_facts?.length).toBe(seeded.cases);

    const admin = await signedIn('admin@passerelle.example');
    const set = await admin.request('PUT', '/api/admin/retention', { retentionYears: 7 });
    expect(set.statusCode, set.body).toBe(200);
    const dryRun = set.json<RetentionReport>();
    expect(dryRun.people).toBeGreaterThan(0);

    await t.runJob(retentionJob);
    const [done] = await selectRows<{ people: number; cases: number; events: number }>(
      db,
      sql`select (select count(*)::int from people where anonymised_at is not null) as people,
        (select count(*)::int from cases c join people p on p.id = c.person_id
          where p.anonymised_at is not null) as cases,
        (select count(*)::int from audit_events where action = 'case.anonymised') as events`,
    );
    expect(done).toEqual({ people: dryRun.people, cases: dryRun.cases, events: dryRun.cases });

    await t.runJob(reportsRefreshJob);
    expect(await summaries()).toEqual(beforeRows);
    expect(await reports(evaluator)).toEqual(beforeReports);
    await rebuildSummaries(db);
    expect(await summaries()).toEqual(beforeRows);
    expect(await reports(evaluator)).toEqual(beforeReports);
  }, 60_000);
});
