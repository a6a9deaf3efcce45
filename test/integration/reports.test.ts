import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accounts,
  actionPlans,
  assessments,
  cases,
  connections,
  measurementScores,
  measurements,
} from '../../src/server/db/schema';
import { prepareCaseExport, reportsRefreshJob } from '../../src/server/features/reports';
import type { Actor } from '../../src/server/platform/actor';
import { ReportQuery } from '../../src/shared/contracts/reports';
import type { AuditEventList } from '../../src/shared/contracts/audit';
import type { CountTable, Dashboard, OutcomesReport } from '../../src/shared/contracts/reports';
import { classifyChange, instruments } from '../../src/shared/instruments';
import { pairedSummary } from '../../src/shared/statistics/paired';
import { Client, errorOf, startTestApp, type TestApp } from '../helpers/app';
import { makeAccount, makeCase, makePerson, makeSite } from '../helpers/factories';

let t: TestApp;
let homeSite: { id: string; name: string };
let otherSite: { id: string; name: string };
let linkWorkerName: string;
const personNames: string[] = [];
const clients: Record<string, Client> = {};

/** Stages reached by the 14 referrals of the home site, one letter per stage after referral. */
const homeCases = [
  'contacted accepted assessed planned connected attended discharged',
  'contacted accepted assessed planned connected attended discharged',
  'contacted accepted assessed planned connected attended discharged',
  'contacted accepted assessed planned connected attended discharged',
  'contacted accepted assessed planned connected attended discharged',
  'contacted accepted assessed planned connected attended',
  'contacted accepted assessed planned connected',
  'contacted accepted assessed planned',
  'contacted accepted assessed',
  'contacted accepted',
  'contacted',
  'contacted',
  '',
  '',
];

/** UCLA-3 baseline and latest follow-up of six people, plus one with a baseline only. */
const uclaPairs: [number, number][] = [
  [8, 6],
  [9, 7],
  [7, 7],
  [6, 4],
  [8, 9],
  [9, 5],
];

async function signedIn(grants: Parameters<typeof makeAccount>[1]): Promise<Client> {
  const account = await makeAccount(t.database.db, grants);
  const client = new Client(t.app);
  expect((await client.signIn(account.email, account.password)).statusCode).toBe(200);
  return client;
}

function client(name: string): Client {
  const found = clients[name];
  if (!found) throw new Error(`no client ${name}`);
  return found;
}

async function measure(
  caseRow: { id: string; personId: string },
  siteId: string,
  instrumentId: string,
  timepoint: 'baseline' | 'month_3' | 'month_6',
  takenOn: string,
  value: number,
): Promise<void> {
  const [row] = await t.database.db
    .insert(measurements)
    .values({
      caseId: caseRow.id,
      personId: caseRow.personId,
      siteId,
      instrumentId,
      instrumentVersion: 1,
      timepoint,
      takenOn,
      answeredBy: 'link_worker',
      complete: true,
    })
    .returning({ id: measurements.id });
  if (!row) throw new Error('no measurement');
  await t.database.db
    .insert(measurementScores)
    .values({ measurementId: row.id, scale: 'total', value, band: null });
}

beforeAll(async () => {
  t = await startTestApp();
  const db = t.database.db;
  homeSite = await makeSite(db);
  otherSite = await makeSite(db);
  const linkWorker = await makeAccount(db, [{ role: 'link_worker', siteId: homeSite.id }]);
  const [worker] = await db
    .select({ name: accounts.displayName })
    .from(accounts)
    .where(eq(accounts.id, linkWorker.id));
  linkWorkerName = worker?.name ?? '';

  const made: { id: string; personId: string }[] = [];
  for (const [index, stages] of homeCases.entries()) {
    const person = await makePerson(db, homeSite.id, {
      sex: index < 11 ? 'female' : 'male',
      dateOfBirth: '1950-06-15',
    });
    personNames.push(person.givenName, person.familyName);
    const made1 = await makeCase(db, homeSite.id, { personId: person.id });
    made.push(made1);
    const has = (stage: string): boolean => stages.split(' ').includes(stage);
    const at = (day: number): Date => new Date(Date.UTC(2026, 0, 10 + day));
    await db
      .update(cases)
      .set({
        source: index < 11 ? 'clinician' : 'agency',
        referredAt: at(0),
        assignedTo: linkWorker.id,
        firstContactAt: has('contacted') ? at(index + 1) : null,
        acceptedAt: has('accepted') ? at(20) : null,
        status: has('discharged') ? 'discharged' : has('accepted') ? 'active' : 'assigned',
        closureReason: has('discharged') ? 'goals_met' : null,
        closedAt: has('discharged') ? at(200) : null,
      })
      .where(eq(cases.id, made1.id));
    if (has('assessed')) {
      await db.insert(assessments).values({ caseId: made1.id, completedAt: at(25) });
    }
    if (has('planned')) {
      await db.insert(actionPlans).values({ caseId: made1.id, agreedOn: '2026-02-10' });
    }
    if (has('connected')) {
      await db.insert(connections).values({
        caseId: made1.id,
        organisationName: 'Jardin partagé',
        activity: 'Gardening',
        status: has('attended') ? 'attended' : 'accepted',
      });
    }
  }
  // A partner declined one connection, with a reason typed by hand: it counts as "other".
  const declinedCase = made[8];
  if (!declinedCase) throw new Error('no case');
  await db.insert(connections).values({
    caseId: declinedCase.id,
    organisationName: 'Club de marche',
    activity: 'Walking',
    status: 'declined',
    statusReason: 'Mme X. lives too far away',
  });

  for (const [index, [before, after]] of uclaPairs.entries()) {
    const caseRow = made[index];
    if (!caseRow) throw new Error('no case');
    await measure(caseRow, homeSite.id, 'ucla3', 'baseline', '2026-02-01', before);
    // The first person also has a 3-month score; the 6-month one is the latest and counts.
    if (index === 0) await measure(caseRow, homeSite.id, 'ucla3', 'month_3', '2026-05-01', 9);
    await measure(
      caseRow,
      homeSite.id,
      'ucla3',
      index === 0 ? 'month_6' : 'month_3',
      '2026-08-01',
      after,
    );
  }
  const baselineOnly = made[6];
  if (!baselineOnly) throw new Error('no case');
  await measure(baselineOnly, homeSite.id, 'ucla3', 'baseline', '2026-02-01', 9);
  // Three pairs only: the whole row is suppressed.
  for (const index of [0, 1, 2]) {
    const caseRow = made[index];
    if (!caseRow) throw new Error('no case');
    await measure(caseRow, homeSite.id, 'phq9', 'baseline', '2026-02-01', 12);
    await measure(caseRow, homeSite.id, 'phq9', 'month_3', '2026-05-01', 8);
  }

  // The other site: 6 referrals, one person referred twice.
  const twice = await makePerson(db, otherSite.id, {
    postalCode: '75011',
    dateOfBirth: '2001-03-03',
  });
  personNames.push(twice.givenName, twice.familyName);
  for (let index = 0; index < 6; index += 1) {
    await makeCase(db, otherSite.id, index < 2 ? { personId: twice.id } : {});
  }

  clients.manager = await signedIn([{ role: 'site_manager', siteId: homeSite.id }]);
  clients.otherManager = await signedIn([{ role: 'site_manager', siteId: otherSite.id }]);
  clients.linkWorker = await signedIn([{ role: 'link_worker', siteId: homeSite.id }]);
  clients.evaluator = await signedIn([{ role: 'evaluator' }]);
  clients.administrator = await signedIn([{ role: 'administrator' }]);
  // The reports read summaries: bring them up to date as the recurring job would.
  await t.runJob(reportsRefreshJob);
});
afterAll(() => t.close());

function values(table: CountTable): Record<string, (number | null)[]> {
  return Object.fromEntries(table.rows.map((row) => [row.key, row.cells.map((c) => c.value)]));
}

async function dashboard(name: string, query = `siteIds=${homeSite.id}`): Promise<Dashboard> {
  const response = await client(name).get(`/api/reports/dashboard?${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<Dashboard>();
}

describe('the dashboard', () => {
  it('counts the funnel of the chosen site', async () => {
    const report = await dashboard('manager');
    expect(report.funnel.columns).toEqual([
      'referred',
      'contacted',
      'accepted',
      'assessed',
      'planned',
      'connected',
      'attended',
      'discharged',
    ]);
    expect(values(report.funnel).all).toEqual([14, 12, 10, 9, 8, 7, 6, 5]);
    expect(report.scope.siteIds).toEqual([homeSite.id]);
  });

  it('gives a site manager their own sites when none is named', async () => {
    const report = await dashboard('manager', '');
    expect(report.scope.siteIds).toEqual([homeSite.id]);
    expect(values(report.referralsBySite)).toEqual({ [homeSite.id]: [14] });
    expect(report.referralsBySite.rows[0]?.label).toBe(homeSite.name);
  });

  it('hides a cell under 5 and the cell that would give it away by subtraction', async () => {
    const report = await dashboard('manager');
    const [clinician, agency] = report.referralsBySource.rows;
    expect(agency?.key).toBe('agency');
    expect(agency?.cells[0]).toEqual({ value: null, suppression: 'primary' });
    expect(clinician?.key).toBe('clinician');
    expect(clinician?.cells[0]).toEqual({ value: null, suppression: 'secondary' });
    expect(report.referralsBySource.grandTotal.value).toBe(14);
  });

  it('reports time to first contact, reasons, months, connections and discharges', async () => {
    const report = await dashboard('manager');
    // First contacts after 1 to 12 days.
    expect(report.timeToFirstContact.n.value).toBe(12);
    expect(report.timeToFirstContact.medianDays).toBeCloseTo(6.5, 6);
    expect(report.timeToFirstContact.p90Days).toBeCloseTo(10.9, 6);
    expect(values(report.referralsByReason)).toEqual({ loneliness_isolation: [14] });
    expect(values(report.referralsByMonth)).toEqual({ '2026-01': [14] });
    expect(values(report.dischargeReasons)).toEqual({ goals_met: [5] });
    expect(values(report.connectionsByCategory).uncategorised?.[0]).toBe(8);
    // One declined connection: under 5, hidden.
    expect(report.partnerDeclines.rows.map((row) => row.key)).toEqual(['other']);
    expect(report.partnerDeclines.rows[0]?.cells[0]?.value).toBeNull();
    expect(report.caseload.rows[0]?.label).toBe(linkWorkerName);
    expect(report.caseload.rows[0]?.cells[0]?.value).toBe(14);
  });

  it('breaks the figures down by age band, sex, language and area', async () => {
    const report = await dashboard('manager');
    expect(report.equity.ageBand.rows.map((row) => row.key)).toEqual(['65_79']);
    expect(report.equity.ageBand.rows[0]?.total.value).toBe(14);
    expect(report.equity.sex.rows.map((row) => row.key)).toEqual(['female', 'male']);
    expect(report.equity.language.rows.map((row) => row.key)).toEqual(['fr']);
    expect(report.equity.area.rows.map((row) => row.key)).toEqual(['K6H']);
    expect(report.equity.sex.columns).toEqual([
      'referred',
      'contacted',
      'accepted',
      'assessed',
      'planned',
      'connected',
      'attended',
    ]);
  });

  it('shows an evaluator the whole programme without names or postal codes', async () => {
    const response = await client('evaluator').get('/api/reports/dashboard');
    expect(response.statusCode).toBe(200);
    const report = response.json<Dashboard>();
    expect(report.scope.siteIds).toBeNull();
    expect(values(report.funnel).all?.[0]).toBeGreaterThanOrEqual(20);
    expect(report.caseload.rows.every((row) => row.label === null)).toBe(true);
    expect(report.caseload.rows.some((row) => row.key === 'link_worker_1')).toBe(true);
    for (const secret of [...personNames, linkWorkerName, 'K6H 5R5', '1950-06-15', '613-555']) {
      expect(response.body).not.toContain(secret);
    }
    expect(response.body).not.toContain('Mme X.');
  });

  it('refuses another site to a site manager, and reports to a link worker', async () => {
    const other = await client('otherManager').get(`/api/reports/dashboard?siteIds=${homeSite.id}`);
    expect(other.statusCode).toBe(404);
    const worker = await client('linkWorker').get('/api/reports/dashboard');
    expect(worker.statusCode).toBe(403);
    expect(errorOf(worker).code).toBe('forbidden');
    expect((await new Client(t.app).get('/api/reports/dashboard')).statusCode).toBe(401);
  });

  it('refuses an unknown site and a malformed query', async () => {
    const unknown = await client('evaluator').get(
      '/api/reports/dashboard?siteIds=00000000-0000-4000-8000-000000000000',
    );
    expect(unknown.statusCode).toBe(404);
    const bad = await client('evaluator').get('/api/reports/dashboard?from=yesterday');
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad).field).toBe('from');
  });

  it('filters by referral date', async () => {
    const report = await dashboard(
      'evaluator',
      `siteIds=${homeSite.id}&from=2026-01-11&to=2026-12-31`,
    );
    expect(
      report.funnel.rows[0]?.cells.every((cell) => cell.value === 0 || cell.value === null),
    ).toBe(true);
    expect(report.funnel.rows[0]?.cells[0]?.value).toBeNull();
  });
});

describe('the outcomes', () => {
  it('equals the paired summary of the known pairs, the latest follow-up counting', async () => {
    const response = await client('manager').get(`/api/reports/outcomes?siteIds=${homeSite.id}`);
    expect(response.statusCode, response.body).toBe(200);
    const report = response.json<OutcomesReport>();
    const ucla = report.items.find((item) => item.instrumentId === 'ucla3');
    const before = uclaPairs.map(([b]) => b);
    const after = uclaPairs.map(([, a]) => a);
    const expected = pairedSummary(before, after, {
      classify: (b, a) => classifyChange(instruments.ucla3, 'total', b, a),
    });
    expect(ucla?.suppressed).toBe(false);
    expect(ucla?.n).toBe(6);
    expect(ucla?.meanBefore).toBeCloseTo(expected.meanBefore ?? Number.NaN, 10);
    expect(ucla?.meanAfter).toBeCloseTo(expected.meanAfter ?? Number.NaN, 10);
    expect(ucla?.sdBefore).toBeCloseTo(expected.sdBefore ?? Number.NaN, 10);
    expect(ucla?.meanChange).toBeCloseTo(expected.meanChange ?? Number.NaN, 10);
    // The pairs reach pairedSummary in another order: equal up to rounding.
    expect(ucla?.ci95?.[0]).toBeCloseTo(expected.tTest?.ci95[0] ?? Number.NaN, 10);
    expect(ucla?.ci95?.[1]).toBeCloseTo(expected.tTest?.ci95[1] ?? Number.NaN, 10);
    expect(ucla?.tTest?.pValue).toBeCloseTo(expected.tTest?.pValue ?? Number.NaN, 10);
    expect(ucla?.wilcoxon?.pValue).toBeCloseTo(expected.wilcoxon?.pValue ?? Number.NaN, 10);
    expect(ucla?.effectSize.cohenDz).toBeCloseTo(expected.effectSize.cohenDz ?? Number.NaN, 10);
    expect(ucla?.effectSize.wilcoxonR).toBeCloseTo(expected.effectSize.wilcoxonR ?? Number.NaN, 10);
    // 4 improved, 1 same, 1 worsened: all under 5, all hidden.
    expect(expected.shares?.improved.count).toBe(4);
    expect(ucla?.shares?.improved.value).toBeNull();
    expect(ucla?.shares?.same.value).toBeNull();
    expect(ucla?.label.en).toContain('Loneliness');
  });

  it('hides an instrument with fewer than 5 pairs', async () => {
    const report = (
      await client('evaluator').get(`/api/reports/outcomes?siteIds=${homeSite.id}`)
    ).json<OutcomesReport>();
    const phq9 = report.items.find((item) => item.instrumentId === 'phq9');
    expect(phq9?.suppressed).toBe(true);
    expect(phq9?.n).toBeNull();
    expect(phq9?.meanBefore).toBeNull();
  });

  it('refuses another site to a site manager', async () => {
    const response = await client('otherManager').get(
      `/api/reports/outcomes?siteIds=${homeSite.id}`,
    );
    expect(response.statusCode).toBe(404);
  });
});

describe('the research export', () => {
  async function exportCsv(name = 'evaluator'): Promise<string[][]> {
    const response = await client(name).get('/api/reports/export.csv');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toContain('text/csv');
    for (const secret of [...personNames, linkWorkerName, 'K6H 5R5', 'K6H5R5', '1950-06-15']) {
      expect(response.body).not.toContain(secret);
    }
    expect(response.body).not.toContain('Mme X.');
    expect(response.body).not.toContain('Lives alone');
    return response.body
      .trim()
      .split('\r\n')
      .map((line) => line.split(','));
  }

  it('writes the same rows whatever the size of the batches it reads', async () => {
    const account = await makeAccount(t.database.db, [{ role: 'evaluator' }]);
    const evaluator: Actor = {
      accountId: account.id,
      email: account.email,
      displayName: 'Evaluator',
      locale: 'en',
      grants: [{ role: 'evaluator', siteId: null }],
      twoFactorEnabled: false,
      twoFactorSetupRequired: false,
      sessionKey: 'batches',
      csrfToken: 'batches',
      origin: { ip: null, userAgent: 'reports test' },
    };
    const csvWith = async (batchSize?: number): Promise<string[]> => {
      const write = await prepareCaseExport(
        t.database.db,
        evaluator,
        ReportQuery.parse({}),
        batchSize,
      );
      const chunks: string[] = [];
      await write(async (chunk) => {
        chunks.push(chunk);
      });
      // Pseudonyms differ between exports by design: compare everything else.
      return chunks
        .join('')
        .split('\r\n')
        .map((line) => line.replace(/^[0-9a-f]{16},/, ''));
    };
    const whole = await csvWith();
    const inThrees = await csvWith(3);
    expect(whole.length).toBeGreaterThan(10);
    expect(inThrees).toEqual(whole);
  });

  it('is de-identified, with a pseudonym stable within one export and not across two', async () => {
    const first = await exportCsv();
    const header = first[0] ?? [];
    const column = (name: string): number => header.indexOf(name);
    expect(header).toContain('ucla3.total.baseline');
    expect(header).not.toContain('date_of_birth');
    const other = first.slice(1).filter((row) => row[column('area')] === '75');
    expect(other).toHaveLength(2);
    expect(other[0]?.[column('person')]).toBe(other[1]?.[column('person')]);
    expect(other[0]?.[column('age_band')]).toBe('25_44');
    const home = first.slice(1).filter((row) => row[column('site')] === homeSite.name);
    expect(home).toHaveLength(14);
    expect(new Set(home.map((row) => row[column('person')])).size).toBe(14);
    expect(home.every((row) => row[column('referred_month')] === '2026-01')).toBe(true);
    const withPair = home.find((row) => row[column('ucla3.total.baseline')] === '9');
    expect(withPair).toBeDefined();

    const second = await exportCsv('administrator');
    const pseudonymsOf = (rows: string[][]): Set<string | undefined> =>
      new Set(rows.slice(1).map((row) => row[column('person')]));
    const overlap = [...pseudonymsOf(first)].filter((id) => pseudonymsOf(second).has(id));
    expect(overlap).toEqual([]);
  });

  it('is audited, and refused to site managers', async () => {
    expect((await client('manager').get('/api/reports/export.csv')).statusCode).toBe(403);
    await exportCsv();
    const audit = (
      await client('administrator').get('/api/audit-events?action=report.exported')
    ).json<AuditEventList>();
    expect(audit.items.length).toBeGreaterThan(0);
    expect(audit.items[0]?.action).toBe('report.exported');
  });
});
