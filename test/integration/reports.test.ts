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
import { ReportExportQuery } from '../../src/shared/contracts/reports';
import type { AuditEventList } from '../../src/shared/contracts/audit';
import type {
  CountTable,
  Dashboard,
  OutcomesReport,
  ReportScopes,
} from '../../src/shared/contracts/reports';
import { classifyChange, instruments } from '../../src/shared/instruments';
import { pairedSummary } from '../../src/shared/statistics/paired';
import { Client, errorOf, startTestApp, type TestApp, signedInClient } from '../helpers/app';
import { makeAccount, makeCase, makePerson, makeSite } from '../helpers/factories';

let t: TestApp;
let homeSite: { id: string; name: string };
let otherSite: { id: string; name: string };
/** Three people with UCLA-3 pairs, referred in the same month as the home site's. */
let smallSite: { id: string; name: string };
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

/** UCLA-3 baseline and latest follow-up of twelve people, plus one with a baseline only. */
const uclaPairs: [number, number][] = [
  [8, 6],
  [9, 7],
  [7, 7],
  [6, 4],
  [8, 9],
  [9, 5],
  [7, 5],
  [8, 8],
  [6, 6],
  [9, 6],
  [5, 4],
  [7, 6],
];

async function signedIn(grants: Parameters<typeof makeAccount>[1]): Promise<Client> {
  const account = await makeAccount(t.database.db, grants);
  const client = await signedInClient(t.app, account);
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
  const baselineOnly = made[12];
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

  smallSite = await makeSite(db);
  for (const [before, after] of [
    [9, 3],
    [3, 9],
    [6, 6],
  ] as const) {
    const person = await makePerson(db, smallSite.id);
    const caseRow = await makeCase(db, smallSite.id, { personId: person.id });
    await db
      .update(cases)
      .set({ referredAt: new Date(Date.UTC(2026, 0, 20)) })
      .where(eq(cases.id, caseRow.id));
    await measure(caseRow, smallSite.id, 'ucla3', 'baseline', '2026-02-01', before);
    await measure(caseRow, smallSite.id, 'ucla3', 'month_3', '2026-05-01', after);
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

const homeJanuary = (): string => `scope=site:${homeSite.id}&period=2026-01`;

async function dashboard(name: string, query = homeJanuary()): Promise<Dashboard> {
  const response = await client(name).get(`/api/reports/dashboard?${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<Dashboard>();
}

describe('the dashboard', () => {
  it('counts the funnel of the chosen site and period, rounded, small counts hidden', async () => {
    const report = await dashboard('manager');
    expect(report.funnel.columns).toEqual([
      'referred',
      'contacted',
      'accepted',
      'assessed',
      'planned',
      'connected',
      'attended',
    ]);
    // True counts 14, 12, 10, 9, 8, 7, 6; the 5 discharges are in their own table.
    expect(values(report.funnel).all).toEqual([15, 10, 10, 10, 10, null, null]);
    expect(report.funnel.rows[0]?.cells[5]).toEqual({ value: null, suppression: 'small' });
    expect(report.protection).toEqual({
      roundTo: 5,
      hiddenBelow: 8,
      pairsAtLeast: 10,
      decimals: 1,
    });
    expect(report.scope).toMatchObject({
      period: '2026-01',
      from: '2026-01-01',
      to: '2026-01-31',
      kind: 'site',
      id: homeSite.id,
      name: homeSite.name,
      siteIds: [homeSite.id],
    });
  });

  it('gives a site manager their own site for the current year when nothing is named', async () => {
    const report = await dashboard('manager', '');
    expect(report.scope.siteIds).toEqual([homeSite.id]);
    expect(report.scope.period).toBe(String(new Date().getUTCFullYear()));
    expect(report.referralsBySite.rows.map((row) => row.key)).toEqual([homeSite.id]);
    expect(report.referralsBySite.rows[0]?.label).toBe(homeSite.name);
    expect(report.referralsByMonth.rows).toHaveLength(12);
  });

  it('rounds every total on its own and lists every code, whether or not anyone is in it', async () => {
    const report = await dashboard('manager');
    // 11 clinicians, 3 agencies, no self-referral; 14 in all.
    expect(values(report.referralsBySource)).toEqual({
      clinician: [10],
      agency: [null],
      self: [null],
    });
    expect(report.referralsBySource.grandTotal?.value).toBe(15);
    expect(report.referralsBySource.rows.every((row) => row.total === null)).toBe(true);
    expect(report.equity.sex.rows.map((row) => row.key)).toEqual([
      'female',
      'male',
      'other',
      'not_stated',
    ]);
    // Equity rows share out their people: their totals are given.
    expect(report.equity.sex.rows[0]?.total?.value).toBe(10);
    expect(report.equity.sex.rows[1]?.total?.value).toBeNull();
    // A sum of connections, declines and attendances counts no one: no row total there.
    expect(report.connectionsByPartner.grandTotal).toBeNull();
  });

  it('reports time to first contact, reasons, months, connections and discharges', async () => {
    const report = await dashboard('manager');
    // First contacts after 1 to 12 days: 12 people, median 6.5 days; too few for a 90th centile.
    expect(report.timeToFirstContact.n.value).toBe(10);
    expect(report.timeToFirstContact.medianDays).toBe(7);
    expect(report.timeToFirstContact.p90Days).toBeNull();
    expect(values(report.referralsByReason).loneliness_isolation).toEqual([15]);
    expect(values(report.referralsByReason).housing).toEqual([null]);
    expect(values(report.referralsByMonth)).toEqual({ '2026-01': [15] });
    expect(values(report.dischargeReasons).goals_met).toEqual([null]);
    expect(values(report.connectionsByCategory).uncategorised?.[0]).toBe(10);
    expect(report.partnerDeclines.rows.map((row) => row.key)).toEqual([
      'full',
      'not_eligible',
      'not_suitable',
      'service_closed',
      'other',
    ]);
    expect(report.partnerDeclines.rows.every((row) => row.cells[0]?.value === null)).toBe(true);
    expect(report.caseload.rows[0]?.label).toBe(linkWorkerName);
    expect(report.caseload.rows[0]?.cells[0]?.value).toBe(15);
    expect(report.caseload.rows.map((row) => row.key).slice(1)).toEqual(['others', 'unassigned']);
  });

  it('breaks the figures down by age band, sex, language and area', async () => {
    const report = await dashboard('manager');
    expect(report.equity.ageBand.rows.map((row) => row.key)).toEqual([
      'under_18',
      '18_24',
      '25_44',
      '45_64',
      '65_79',
      '80_plus',
    ]);
    expect(report.equity.ageBand.rows[4]?.total?.value).toBe(15);
    expect(report.equity.language.rows.map((row) => row.key)).toEqual(['fr', 'en']);
    expect(report.equity.area.rows.map((row) => row.key)).toEqual(['K6H', 'others']);
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

  it('folds an area with fewer than 8 people into the others', async () => {
    const report = await dashboard('evaluator', `scope=site:${otherSite.id}&period=2026`);
    expect(report.equity.area.rows.map((row) => row.key)).toEqual(['others']);
    expect(JSON.stringify(report)).not.toContain('"75"');
  });

  it('shows an evaluator the programme without names or postal codes', async () => {
    const response = await client('evaluator').get('/api/reports/dashboard?period=2026');
    expect(response.statusCode).toBe(200);
    const report = response.json<Dashboard>();
    expect(report.scope.kind).toBe('programme');
    expect(report.scope.siteIds).toBeNull();
    // 23 referrals in 2026, but only 6 of them after March: beside the first quarter's 17,
    // the year's count would give those 6 away, so it is not shown.
    expect(report.funnel.rows[0]?.cells[0]).toEqual({ value: null, suppression: 'overlap' });
    expect(report.referralsBySite.rows.map((row) => row.key).toSorted()).toEqual(
      [homeSite.id, otherSite.id, smallSite.id].toSorted(),
    );
    expect(report.caseload.rows.every((row) => row.label === null)).toBe(true);
    expect(report.caseload.rows.some((row) => row.key === 'link_worker_1')).toBe(true);
    for (const secret of [...personNames, linkWorkerName, 'K6H 5R5', '1950-06-15', '613-555']) {
      expect(response.body).not.toContain(secret);
    }
    expect(response.body).not.toContain('Mme X.');
  });

  it('refuses another site and the programme to a site manager, and reports to a link worker', async () => {
    const other = await client('otherManager').get(
      `/api/reports/dashboard?scope=site:${homeSite.id}`,
    );
    expect(other.statusCode).toBe(404);
    const programme = await client('manager').get('/api/reports/dashboard?scope=programme');
    expect(programme.statusCode).toBe(403);
    const worker = await client('linkWorker').get('/api/reports/dashboard');
    expect(worker.statusCode).toBe(403);
    expect(errorOf(worker).code).toBe('forbidden');
    expect((await new Client(t.app).get('/api/reports/dashboard')).statusCode).toBe(401);
  });

  it('refuses free dates, lists of sites, an unknown scope and a malformed period', async () => {
    const unknown = await client('evaluator').get(
      '/api/reports/dashboard?scope=site:00000000-0000-4000-8000-000000000000',
    );
    expect(unknown.statusCode).toBe(404);
    for (const query of [
      'from=2026-01-11&to=2026-12-31',
      `siteIds=${homeSite.id},${otherSite.id}`,
      'period=2026-01-15',
      'period=2026-Q5',
      'scope=sites',
    ]) {
      const refused = await client('evaluator').get(`/api/reports/dashboard?${query}`);
      expect(refused.statusCode, query).toBe(400);
      expect(errorOf(refused).code, query).toBe('validation_failed');
    }
    const bad = await client('evaluator').get('/api/reports/outcomes?period=yesterday');
    expect(errorOf(bad).field).toBe('period');
    const csv = await client('evaluator').get('/api/reports/export.csv?from=2026-01-01');
    expect(csv.statusCode).toBe(400);
  });

  it('lists the scopes each caller may choose', async () => {
    const evaluator = (await client('evaluator').get('/api/reports/scopes')).json<ReportScopes>();
    expect(evaluator.programme).toBe(true);
    expect(evaluator.sites.map((site) => site.id)).toContain(smallSite.id);
    const manager = (await client('manager').get('/api/reports/scopes')).json<ReportScopes>();
    expect(manager).toEqual({
      programme: false,
      sites: [{ id: homeSite.id, name: homeSite.name }],
      groupings: [],
    });
  });
});

describe('the outcomes', () => {
  async function outcomes(name: string, query: string): Promise<OutcomesReport> {
    const response = await client(name).get(`/api/reports/outcomes?${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<OutcomesReport>();
  }

  it('gives the paired summary of the known pairs, rounded, the latest follow-up counting', async () => {
    const report = await outcomes('manager', homeJanuary());
    const ucla = report.items.find((item) => item.instrumentId === 'ucla3');
    const before = uclaPairs.map(([b]) => b);
    const after = uclaPairs.map(([, a]) => a);
    const expected = pairedSummary(before, after, {
      classify: (b, a) => classifyChange(instruments.ucla3, 'total', b, a),
    });
    const oneDecimal = (value: number | null | undefined): number =>
      Math.round((value ?? Number.NaN) * 10) / 10;
    expect(ucla?.suppressed).toBe(false);
    expect(expected.n).toBe(12);
    expect(ucla?.n).toBe(10);
    expect(ucla?.meanBefore).toBe(oneDecimal(expected.meanBefore));
    expect(ucla?.meanAfter).toBe(oneDecimal(expected.meanAfter));
    expect(ucla?.sdBefore).toBe(oneDecimal(expected.sdBefore));
    expect(ucla?.meanChange).toBe(oneDecimal(expected.meanChange));
    expect(ucla?.ci95?.[0]).toBe(oneDecimal(expected.tTest?.ci95[0]));
    expect(ucla?.ci95?.[1]).toBe(oneDecimal(expected.tTest?.ci95[1]));
    expect(ucla?.tTest?.pValue).toBeCloseTo(expected.tTest?.pValue ?? Number.NaN, 3);
    expect(ucla?.tTest).not.toHaveProperty('df');
    expect(ucla?.wilcoxon).not.toHaveProperty('v');
    expect(ucla?.effectSize.cohenDz).toBeCloseTo(expected.effectSize.cohenDz ?? Number.NaN, 2);
    // 8 improved (shown 10), 3 the same and 1 worse: hidden.
    expect(expected.shares?.improved.count).toBe(8);
    expect(ucla?.shares?.improved.value).toBe(10);
    expect(ucla?.shares?.improvedShare).toBe(1);
    expect(ucla?.shares?.same.value).toBeNull();
    expect(ucla?.label.en).toContain('Loneliness');
  });

  it('lists every scale, and hides one with fewer than 10 pairs', async () => {
    const report = await outcomes('evaluator', homeJanuary());
    expect(report.items.length).toBeGreaterThan(5);
    const phq9 = report.items.find((item) => item.instrumentId === 'phq9');
    expect(phq9?.suppressed).toBe(true);
    expect(phq9?.n).toBeNull();
    expect(phq9?.meanBefore).toBeNull();
    const nobody = report.items.find((item) => item.instrumentId === 'pa1');
    expect(nobody?.suppressed).toBe(true);
  });

  it('hides a group that differs from another by a few pairs', async () => {
    // The programme is the home site's 12 pairs and the small site's 3: their difference
    // would give the small site's scores, so the programme's are hidden, the site's shown.
    const programme = await outcomes('evaluator', 'scope=programme&period=2026-01');
    expect(programme.items.find((item) => item.instrumentId === 'ucla3')?.suppressed).toBe(true);
    const home = await outcomes('evaluator', homeJanuary());
    expect(home.items.find((item) => item.instrumentId === 'ucla3')?.suppressed).toBe(false);
    const small = await outcomes('evaluator', `scope=site:${smallSite.id}&period=2026-01`);
    expect(small.items.find((item) => item.instrumentId === 'ucla3')?.suppressed).toBe(true);
  });

  it('refuses another site to a site manager', async () => {
    const response = await client('otherManager').get(
      `/api/reports/outcomes?scope=site:${homeSite.id}`,
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
        ReportExportQuery.parse({}),
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
