import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  actionPlans,
  assessments,
  cases,
  connections,
  measurementScores,
  measurements,
} from '../../src/server/db/schema';
import { reportsRefreshJob } from '../../src/server/features/reports';
import { outcomeGroupDimensions } from '../../src/shared/contracts/reports';
import { Client, startTestApp, type TestApp, signedInClient } from '../helpers/app';
import {
  type DashboardAnswer,
  type GapMapAnswer,
  type Observation,
  type OutcomeGroupsAnswer,
  type OutcomesAnswer,
  type Population,
  Knowledge,
  attack,
  describePopulations,
} from '../helpers/differencing-attacker';
import {
  makeAccount,
  makeCase,
  makeOrganisation,
  makePerson,
  makeSite,
} from '../helpers/factories';

/**
 * The attacker test (issue 11, item 12): a programme with small cells, then every request
 * the reports API allows, as an evaluator and as a site manager, attacked by every
 * differencing the attacker can compose (test/helpers/differencing-attacker.ts), outcome
 * attrition and headline shares included (some people have no follow-up). It must recover
 * no count from 1 to 7 and no small group's scores.
 */

/** Counts from 1 to this are what the attacker must not recover. */
const smallestSafeCount = 8;

let t: TestApp;
const site: Record<'A' | 'B' | 'C' | 'D', string> = { A: '', B: '', C: '', D: '' };
const clients: Record<'evaluator' | 'manager' | 'administrator', Client | null> = {
  evaluator: null,
  manager: null,
  administrator: null,
};

type Seed = {
  site: keyof typeof site;
  day: string;
  sex: 'female' | 'male' | 'other' | 'not_stated';
  dateOfBirth: string;
  postalCode: string;
  language: 'fr' | 'en';
  source: 'clinician' | 'agency' | 'self';
  reasons: string[];
  /** How far along the pathway: 0 referred only ... 6 attended. */
  depth: number;
  discharged: 'goals_met' | 'moved' | null;
  partner: 'P1' | 'P2' | null;
  declined: boolean;
  /** Baseline and follow-up; a follow-up of null: lost to follow-up. */
  ucla: [number, number | null] | null;
};

/** Days of the referrals of each site: across a year's end, a few people a month at the small sites. */
const days: Record<keyof typeof site, string[]> = {
  A: [
    '2025-11-03',
    '2025-11-07',
    '2025-11-12',
    '2025-11-20',
    '2025-11-21',
    '2025-11-28',
    '2025-12-02',
    '2025-12-05',
    '2025-12-09',
    '2025-12-15',
    '2025-12-18',
    '2025-12-30',
    '2026-01-06',
    '2026-01-08',
    '2026-01-14',
    '2026-01-22',
    '2026-01-27',
    '2026-02-03',
    '2026-02-05',
    '2026-02-11',
    '2026-02-17',
    '2026-02-24',
  ],
  B: [
    '2025-12-01',
    '2025-12-04',
    '2025-12-11',
    '2025-12-19',
    '2026-01-05',
    '2026-01-09',
    '2026-01-16',
    '2026-01-29',
    '2026-02-02',
    '2026-02-13',
    '2026-02-26',
  ],
  C: ['2026-01-07', '2026-01-15', '2026-01-23', '2026-02-09', '2026-02-19'],
  D: ['2026-02-10', '2026-02-16'],
};

/** The people referred: `repeat` times as many at the two larger sites. */
function seeds(repeat: number): Seed[] {
  const out: Seed[] = [];
  let n = 0;
  for (const key of ['A', 'B', 'C', 'D'] as const) {
    const referred =
      key === 'A' || key === 'B'
        ? Array.from({ length: repeat }, () => days[key]).flat()
        : days[key];
    referred.forEach((day, i) => {
      n += 1;
      out.push({
        site: key,
        day,
        sex:
          key === 'D' && i === 0
            ? 'other'
            : (key === 'B' && i === 3) || (key === 'C' && i === 1)
              ? 'not_stated'
              : n % 2 === 0
                ? 'female'
                : 'male',
        dateOfBirth:
          key === 'A' && i === 0
            ? '2010-01-01'
            : i === 0
              ? '1940-01-01'
              : n % 3 === 0
                ? '1975-05-05'
                : '1950-06-15',
        postalCode:
          key === 'C' && i === 2 ? '75011' : key === 'D' && i === 1 ? 'H2X 1Y4' : 'K6H 5R5',
        language: n % 9 === 0 ? 'en' : 'fr',
        source: i === 1 ? 'self' : n % 5 === 0 ? 'agency' : 'clinician',
        reasons:
          key === 'C' && i === 4
            ? ['housing']
            : n % 11 === 0
              ? ['loneliness_isolation', 'money']
              : ['loneliness_isolation'],
        depth: (n * 5) % 7,
        discharged:
          (key === 'A' && i < 2) || (key === 'B' && i === 0)
            ? i === 1
              ? 'moved'
              : 'goals_met'
            : null,
        partner: (n * 5) % 7 >= 5 ? (n % 4 === 0 ? 'P2' : 'P1') : null,
        declined: key === 'B' && i === 2,
        ucla:
          (key === 'A' && i < 12) || (key === 'B' && i < 10) || (key === 'C' && i < 3)
            ? [3 + ((n * 5 + 1) % 7), 3 + ((n * 3 + 2) % 7)]
            : (key === 'A' && i < 22) || (key === 'B' && i < 14) || (key === 'C' && i === 3)
              ? [3 + ((n * 5 + 1) % 7), null]
              : null,
      });
    });
  }
  if (repeat > 1) out.push(...evaluatedMonth());
  return out;
}

/**
 * The larger programme's November at site A: with its first six people, 18 pairs (9 less
 * lonely, 9 not) and 12 people lost to follow-up, so that attrition, its comparison and a
 * headline share are shown somewhere, and attacked.
 */
function evaluatedMonth(): Seed[] {
  return Array.from({ length: 24 }, (_, i) => ({
    site: 'A',
    day: `2025-11-${String(4 + (i % 20)).padStart(2, '0')}`,
    sex: i % 2 === 0 ? 'female' : 'male',
    dateOfBirth: '1950-06-15',
    postalCode: 'K6H 5R5',
    language: 'fr',
    source: 'clinician',
    reasons: ['loneliness_isolation'],
    depth: 2,
    discharged: null,
    partner: null,
    declined: false,
    ucla: i < 6 ? [8, 5] : i < 12 ? [5, 6] : [4 + (i % 5), null],
  }));
}

async function signedIn(grants: Parameters<typeof makeAccount>[1]): Promise<Client> {
  const account = await makeAccount(t.database.db, grants);
  const client = await signedInClient(t.app, account);
  return client;
}

function client(name: keyof typeof clients): Client {
  const found = clients[name];
  if (!found) throw new Error(`no ${name}`);
  return found;
}

async function measure(
  caseRow: { id: string; personId: string },
  siteId: string,
  timepoint: 'baseline' | 'month_3',
  takenOn: string,
  value: number,
): Promise<void> {
  const [row] = await t.database.db
    .insert(measurements)
    .values({
      caseId: caseRow.id,
      personId: caseRow.personId,
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
  await t.database.db
    .insert(measurementScores)
    .values({ measurementId: row.id, scale: 'total', value, band: null });
}

async function seedProgramme(repeat: number): Promise<void> {
  t = await startTestApp();
  const db = t.database.db;
  for (const key of ['A', 'B', 'C', 'D'] as const) site[key] = (await makeSite(db)).id;
  const partners = {
    P1: (await makeOrganisation(db, 'community_partner')).id,
    P2: (await makeOrganisation(db, 'community_partner')).id,
  };
  const workers = Object.fromEntries(
    await Promise.all(
      (['A', 'B', 'C', 'D'] as const).map(async (key) => [
        key,
        (await makeAccount(db, [{ role: 'link_worker', siteId: site[key] }])).id,
      ]),
    ),
  ) as Record<keyof typeof site, string>;

  for (const seed of seeds(repeat)) {
    const siteId = site[seed.site];
    const person = await makePerson(db, siteId, {
      sex: seed.sex,
      dateOfBirth: seed.dateOfBirth,
      postalCode: seed.postalCode,
      preferredLanguage: seed.language,
    });
    const made = await makeCase(db, siteId, { personId: person.id });
    const at = (plus: number): Date =>
      new Date(Date.parse(`${seed.day}T12:00:00Z`) + plus * 86_400_000);
    const d = seed.depth;
    await db
      .update(cases)
      .set({
        source: seed.source,
        reasons: seed.reasons,
        referredAt: at(0),
        assignedTo: workers[seed.site],
        firstContactAt: d >= 1 ? at(2) : null,
        acceptedAt: d >= 2 ? at(5) : null,
        status: seed.discharged ? 'discharged' : d >= 2 ? 'active' : 'assigned',
        closureReason: seed.discharged,
        closedAt: seed.discharged ? at(90) : null,
      })
      .where(eq(cases.id, made.id));
    if (d >= 3) {
      // "What matters" needs, which the gap map counts by area.
      const needs = seed.reasons.includes('money')
        ? { social_connection: 'high' as const, money: 'some' as const }
        : { social_connection: 'high' as const };
      await db.insert(assessments).values({ caseId: made.id, completedAt: at(10), needs });
    }
    if (d >= 4) await db.insert(actionPlans).values({ caseId: made.id, agreedOn: seed.day });
    if (seed.partner) {
      await db.insert(connections).values({
        caseId: made.id,
        partnerOrganisationId: partners[seed.partner],
        organisationName: seed.partner,
        activity: 'Walking group',
        status: d >= 6 ? 'attended' : 'accepted',
      });
    }
    if (seed.declined) {
      await db.insert(connections).values({
        caseId: made.id,
        partnerOrganisationId: partners.P2,
        organisationName: 'P2',
        activity: 'Choir',
        status: 'declined',
        statusReason: 'full',
      });
    }
    if (seed.ucla) {
      await measure(made, siteId, 'baseline', seed.day, seed.ucla[0]);
      if (seed.ucla[1] !== null) {
        await measure(made, siteId, 'month_3', '2026-06-01', seed.ucla[1]);
      }
    }
  }

  clients.evaluator = await signedIn([{ role: 'evaluator' }]);
  clients.manager = await signedIn([
    { role: 'site_manager', siteId: site.A },
    { role: 'site_manager', siteId: site.B },
  ]);
  clients.administrator = await signedIn([{ role: 'administrator' }]);
  await t.runJob(reportsRefreshJob);
  await defineGroupings();
}

type Spec = {
  paths: Record<string, Record<string, { parameters?: { in: string; name: string }[] }>>;
};

/** The query parameters the API documents for an aggregate endpoint. */
async function parametersOf(path: string): Promise<string[]> {
  const spec = (await client('administrator').get('/api/openapi.json')).json<Spec>();
  const operation = spec.paths[path]?.get;
  if (!operation) throw new Error(`no GET ${path} in the API description`);
  return (operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
}

/** Groupings of sites, if the API lets administrators define them: overlapping on purpose. */
async function defineGroupings(): Promise<void> {
  const spec = (await client('administrator').get('/api/openapi.json')).json<Spec>();
  if (!spec.paths['/api/report-groupings']?.post) return;
  for (const [name, keys] of [
    ['North', ['A', 'B']],
    ['North and Cedar', ['A', 'B', 'C']],
    ['South', ['C', 'D']],
    ['Alder and Cedar', ['A', 'C']],
  ] as const) {
    const response = await client('administrator').post('/api/report-groupings', {
      name,
      siteIds: keys.map((key) => site[key]),
    });
    expect(response.statusCode, response.body).toBe(201);
  }
}

type Option = { query: Record<string, string>; sites?: string[]; times?: string[] };

const years = ['2025', '2026'];
const months = years.flatMap((y) =>
  Array.from({ length: 12 }, (_, i) => `${y}-${String(i + 1).padStart(2, '0')}`),
);

function daysBetween(first: string, last: string): string[] {
  const out: string[] = [];
  for (
    let d = Date.parse(`${first}T00:00:00Z`);
    d <= Date.parse(`${last}T00:00:00Z`);
    d += 86_400_000
  ) {
    out.push(new Date(d).toISOString().slice(0, 10));
  }
  return out;
}

/** Every value the attacker tries for each parameter the API takes, and whom or when it covers. */
async function optionsFor(
  parameters: string[],
  caller: Client,
): Promise<{ time: Option[]; sites: Option[] }> {
  const known = ['period', 'scope', 'from', 'to', 'siteIds'];
  const unknown = parameters.filter((p) => !known.includes(p));
  // A parameter the attacker cannot enumerate would leave requests untried: teach it first.
  expect(unknown, 'query parameters the attacker does not know how to enumerate').toEqual([]);

  let time: Option[] = [{ query: {}, times: [...months] }];
  if (parameters.includes('period')) {
    time = years.flatMap((year) => [
      { query: { period: year }, times: months.filter((m) => m.startsWith(year)) },
      ...[1, 2, 3, 4].map((q) => ({
        query: { period: `${year}-Q${q}` },
        times: months.filter((m) => m.startsWith(year) && Math.ceil(Number(m.slice(5)) / 3) === q),
      })),
      ...months
        .filter((m) => m.startsWith(year))
        .map((m) => ({ query: { period: m }, times: [m] })),
    ]);
  } else if (parameters.includes('from') || parameters.includes('to')) {
    // Free dates: windows a day apart, and whole months.
    const all = daysBetween('2025-11-01', '2026-02-28');
    time = [
      { query: {}, times: all },
      ...all.map((day) => ({ query: { to: day }, times: all.filter((d) => d <= day) })),
      ...['2025-11', '2025-12', '2026-01', '2026-02'].map((m) => ({
        query: { from: `${m}-01`, to: all.filter((d) => d.startsWith(m)).at(-1) ?? '' },
        times: all.filter((d) => d.startsWith(m)),
      })),
    ];
  }

  let sites: Option[] = [{ query: {} }];
  if (parameters.includes('scope')) {
    const scopes = (await caller.get('/api/reports/scopes')).json<{
      programme: boolean;
      sites: { id: string }[];
      groupings: { id: string; siteIds: string[] }[];
    }>();
    sites = [
      ...(scopes.programme ? [{ query: { scope: 'programme' }, sites: Object.values(site) }] : []),
      ...scopes.sites.map((s) => ({ query: { scope: `site:${s.id}` }, sites: [s.id] })),
      ...scopes.groupings.map((g) => ({ query: { scope: `grouping:${g.id}` }, sites: g.siteIds })),
    ];
  } else if (parameters.includes('siteIds')) {
    const visible = (await caller.get('/api/sites')).json<{ items: { id: string }[] }>().items;
    const ids = visible.map((s) => s.id);
    sites = [];
    for (let mask = 1; mask < 1 << ids.length; mask += 1) {
      const chosen = ids.filter((_, i) => mask & (1 << i));
      sites.push({ query: { siteIds: chosen.join(',') }, sites: chosen });
    }
  }
  return { time, sites };
}

/** Asks everything; the old free-date API gets its windows a day apart for single sites and all of them. */
async function observe(
  caller: Client,
  allSites: string[],
): Promise<{ observations: Observation[]; requests: number }> {
  const [dashboardParameters, outcomeParameters, groupParameters, gapParameters] =
    await Promise.all([
      parametersOf('/api/reports/dashboard'),
      parametersOf('/api/reports/outcomes'),
      parametersOf('/api/reports/outcomes/groups'),
      parametersOf('/api/reports/gap-map'),
    ]);
  // The gap map also takes a distance, which changes its supply (the public directory), not
  // the people it counts: the default is asked.
  expect(gapParameters.toSorted()).toEqual([...dashboardParameters, 'distance'].toSorted());
  // The outcomes also take the date their period is read by; this attacker reads them by
  // referral date (the default), the population it models.
  expect(outcomeParameters.toSorted()).toEqual([...dashboardParameters, 'window'].toSorted());
  // The breakdowns take the same choices and which breakdown, every one of which is asked.
  expect(groupParameters.toSorted()).toEqual(
    [...dashboardParameters, 'dimension', 'window'].toSorted(),
  );
  const { time, sites } = await optionsFor(dashboardParameters, caller);
  const observations: Observation[] = [];
  let requests = 0;
  for (const when of time) {
    for (const where of sites) {
      const whereSites = where.sites ?? allSites;
      const dayWindow = 'to' in when.query && !('from' in when.query);
      if (dayWindow && whereSites.length > 1 && whereSites.length < allSites.length) continue;
      const query = new URLSearchParams({ ...when.query, ...where.query }).toString();
      const [dashboard, outcomes, gapMap, ...groups] = await Promise.all([
        caller.get(`/api/reports/dashboard?${query}`),
        caller.get(`/api/reports/outcomes?${query}`),
        caller.get(`/api/reports/gap-map?${query}`),
        ...outcomeGroupDimensions.map((dimension) =>
          caller.get(`/api/reports/outcomes/groups?${query}&dimension=${dimension}`),
        ),
      ]);
      requests += 3 + groups.length;
      expect(gapMap.statusCode, `${query}: ${gapMap.body}`).toBe(200);
      for (const answer of groups) expect(answer.statusCode, `${query}: ${answer.body}`).toBe(200);
      expect(dashboard.statusCode, `${query}: ${dashboard.body}`).toBe(200);
      expect(outcomes.statusCode, `${query}: ${outcomes.body}`).toBe(200);
      const population: Population = { sites: whereSites, times: when.times ?? months };
      observations.push({
        population,
        dashboard: dashboard.json<DashboardAnswer>(),
        outcomes: outcomes.json<OutcomesAnswer>(),
        gapMap: gapMap.json<GapMapAnswer>(),
        groups: groups.map((answer) => answer.json<OutcomeGroupsAnswer>()),
      });
    }
  }
  return { observations, requests };
}

/**
 * Two programmes: a small one, and one with three times the people at its two larger sites,
 * where rounding alone let the attacker pin a count (two nested figures at opposite ends of
 * their ranges) until the overlap rule hid such pairs.
 */
describe.each([1, 3])('differencing the reports of a programme (larger sites x%i)', (repeat) => {
  beforeAll(() => seedProgramme(repeat), 180_000);
  afterAll(() => t.close());
  for (const role of ['evaluator', 'manager'] as const) {
    it(`recovers no small count and no score as ${role === 'manager' ? 'a site manager' : 'an evaluator'}`, async () => {
      const everySite = role === 'manager' ? [site.A, site.B] : Object.values(site);
      const { observations, requests } = await observe(client(role), everySite);
      // The new outcome figures are among those attacked, not all hidden.
      const outcomeItems = observations.flatMap((o) => o.outcomes.items);
      if (repeat > 1) {
        expect(outcomeItems.some((item) => item.attrition?.lost.value)).toBe(true);
        expect(outcomeItems.some((item) => item.attrition?.comparison)).toBe(true);
        const headlines = observations.flatMap((o) => o.outcomes.headlines ?? []);
        expect(headlines.some((headline) => headline.share !== null)).toBe(true);
        // Some breakdown cells are shown, so the attacker has group figures to work on.
        const cells = observations.flatMap((o) =>
          (o.groups ?? []).flatMap((b) => b.groups.flatMap((g) => g.cells)),
        );
        expect(cells.some((cell) => cell.n !== null)).toBe(true);
        // The gap map's demand is shown somewhere, so its figures are attacked too.
        const gapCells = observations.flatMap((o) =>
          [o.gapMap?.demandByReason, o.gapMap?.demandByNeed].flatMap((table) =>
            (table?.rows ?? []).flatMap((row) => row.cells),
          ),
        );
        expect(gapCells.some((cell) => cell.value !== null)).toBe(true);
      }
      const result = attack(observations);
      console.info(
        `${role}: ${requests} requests, ${result.figures} figures, ` +
          `${result.knowledge.size.variables} unknowns, ${result.knowledge.size.relations} equations`,
      );
      const recovered = result.knowledge.pinned(1, smallestSafeCount - 1);
      const first = recovered[0];
      const populations = describePopulations();
      const why = first
        ? [
            ...result.knowledge.explain(first.name, 3),
            ...[...populations].map(([id, key]) => `${id}: ${key}`),
          ].join('\n')
        : '';
      expect
        .soft(recovered.slice(0, 10), `${recovered.length} small counts recovered\n${why}`)
        .toEqual([]);
      expect
        .soft(result.scoreRecoveries.slice(0, 10), `${result.scoreRecoveries.length} score sums`)
        .toEqual([]);
    }, 600_000);
  }
});

describe('the attacker itself', () => {
  it('recovers one person from exact counts a day apart, and nothing from rounded ones', () => {
    const exact = new Knowledge();
    exact.claim('to 12 March', { lo: 25, hi: 25 });
    exact.claim('to 11 March', { lo: 24, hi: 24 });
    exact.relate(['to 12 March'], ['to 11 March', '12 March']);
    exact.propagate();
    expect(exact.pinned(1, 7)).toEqual([{ name: '12 March', value: 1 }]);

    const rounded = new Knowledge();
    rounded.claim('to 12 March', { lo: 23, hi: 27 });
    rounded.claim('to 11 March', { lo: 22, hi: 26 });
    rounded.relate(['to 12 March'], ['to 11 March', '12 March']);
    rounded.propagate();
    expect(rounded.pinned(1, 7)).toEqual([]);
    expect(rounded.interval('12 March')).toEqual({ lo: 0, hi: 5 });
  });
});
