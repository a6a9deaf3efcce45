import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assessments, cases, connections } from '../../src/server/db/schema';
import { reportsRefreshJob } from '../../src/server/features/reports';
import type { GapMap } from '../../src/shared/contracts/gap-map';
import { categories } from '../../src/shared/directory-categories';
import { Client, errorOf, startTestApp, type TestApp, signedInClient } from '../helpers/app';
import { makeAccount, makeCase, makePerson, makeSite } from '../helpers/factories';

/**
 * The gap map against hand-computed figures. One site, one month of last year (so no other
 * period or scope leaves out a few of its people, and the overlap rule hides nothing):
 *   K6H: 12 referred for housing, 9 of them for loneliness too; 10 assessed with a high
 *        housing need; 8 of them declined by a full practical service ('full').
 *   M6K: 10 referred for loneliness.
 *   75 (Paris): 3 referred for food: a small area, added up in 'others'.
 * The directory: at K6H a social service (open, fr and en) and a practical one (full);
 * 20 km north of it a practical service (open, no address); at M6K a social service
 * (waitlist). So within 10 km, housing at K6H meets nothing open (only a full service) and
 * loneliness at M6K only a waitlist; within 25 km, housing at K6H is met.
 */

let t: TestApp;
let siteId = '';
let otherSiteId = '';
const period = `${new Date().getUTCFullYear() - 1}-03`;
let evaluatorClient: Client | null = null;

function evaluator(): Client {
  if (!evaluatorClient) throw new Error('not signed in');
  return evaluatorClient;
}

const categoryId = (key: string): string => {
  const found = categories.find((c) => c.key === key);
  if (!found) throw new Error(key);
  return found.id;
};

/** A located directory service, and the search document the gap map reads its facts from. */
async function makeService(
  id: string,
  category: string,
  status: 'open' | 'waitlist' | 'full',
  place: { lat: number; lon: number; postalCode: string | null },
  languages: string[],
): Promise<void> {
  const db = t.database.db;
  await db.execute(sql`insert into directory_services (id, name, status, referral_status, record)
    values (${id}, ${id}, 'active', ${status}, '{}'::jsonb)`);
  await db.execute(sql`insert into directory_locations (id, location_type, latitude, longitude, record)
    values (${`loc-${id}`}, 'physical', ${place.lat}, ${place.lon}, '{}'::jsonb)`);
  if (place.postalCode) {
    await db.execute(sql`insert into directory_addresses (id, location_id, postal_code, record)
      values (${`addr-${id}`}, ${`loc-${id}`}, ${place.postalCode}, '{}'::jsonb)`);
  }
  await db.execute(sql`insert into directory_search_documents (service_id, document, category_ids,
      language_codes, referral_status, latitude, longitude)
    values (${id}, to_tsvector('simple', ${id}), ${`{${categoryId(category)}}`}::text[],
      ${`{${languages.join(',')}}`}::text[], ${status}, ${place.lat}, ${place.lon})`);
}

async function refer(
  postalCode: string,
  reasons: string[],
  more: { housingNeed?: boolean; declinedByFull?: boolean } = {},
): Promise<void> {
  const db = t.database.db;
  const person = await makePerson(db, siteId, { postalCode });
  const made = await makeCase(db, siteId, { personId: person.id });
  await db
    .update(cases)
    .set({ reasons, referredAt: new Date(`${period}-10T12:00:00Z`), status: 'active' })
    .where(eq(cases.id, made.id));
  if (more.housingNeed) {
    await db.insert(assessments).values({ caseId: made.id, needs: { housing: 'high' } });
  }
  if (more.declinedByFull) {
    await db.insert(connections).values({
      caseId: made.id,
      serviceId: 'practical-k6h',
      organisationName: 'Housing help',
      activity: 'Housing advice',
      status: 'declined',
      statusReason: 'full',
    });
  }
}

beforeAll(async () => {
  t = await startTestApp();
  const db = t.database.db;
  siteId = (await makeSite(db)).id;
  otherSiteId = (await makeSite(db)).id;
  await makeService(
    'social-k6h',
    'social',
    'open',
    { lat: 45.02, lon: -74.73, postalCode: 'K6H 1B6' },
    ['en', 'fr'],
  );
  await makeService(
    'practical-k6h',
    'practical',
    'full',
    { lat: 45.02, lon: -74.73, postalCode: 'K6H 3J7' },
    ['fr'],
  );
  await makeService(
    'practical-north',
    'practical',
    'open',
    { lat: 45.2, lon: -74.73, postalCode: null },
    ['fr'],
  );
  await makeService(
    'social-m6k',
    'social',
    'waitlist',
    { lat: 43.64, lon: -79.43, postalCode: 'M6K 1L2' },
    ['en'],
  );
  for (let i = 0; i < 12; i += 1) {
    await refer('K6H 5R5', i < 9 ? ['housing', 'loneliness_isolation'] : ['housing'], {
      housingNeed: i < 10,
      declinedByFull: i < 8,
    });
  }
  for (let i = 0; i < 10; i += 1) await refer('M6K 2X9', ['loneliness_isolation']);
  for (let i = 0; i < 3; i += 1) await refer('75011', ['food']);
  const account = await makeAccount(db, [{ role: 'evaluator' }]);
  evaluatorClient = await signedInClient(t.app, account);
  await t.runJob(reportsRefreshJob);
}, 120_000);
afterAll(() => t.close());

async function gapMap(query: string): Promise<GapMap> {
  const response = await evaluator().get(`/api/reports/gap-map?${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<GapMap>();
}

const cell = (table: GapMap['demandByReason'], row: string, column: string): number | null =>
  table.rows.find((r) => r.key === row)?.cells[table.columns.indexOf(column)]?.value ?? null;

describe('the gap map', () => {
  it('counts demand by area and need, rounded, small areas in others', async () => {
    const map = await gapMap(`period=${period}&scope=site:${siteId}&distance=10`);
    const byReason = map.demandByReason;
    expect(byReason.rows.map((r) => r.key)).toEqual(['K6H', 'M6K', 'others']);
    expect(cell(byReason, 'K6H', 'referred')).toBe(10); // 12
    expect(cell(byReason, 'K6H', 'housing')).toBe(10); // 12
    expect(cell(byReason, 'K6H', 'loneliness_isolation')).toBe(10); // 9
    expect(cell(byReason, 'M6K', 'loneliness_isolation')).toBe(10); // 10
    expect(cell(byReason, 'others', 'referred')).toBeNull(); // 3: hidden
    expect(byReason.rows.find((r) => r.key === 'others')?.cells[0]?.suppression).toBe('small');
    expect(byReason.columnTotals[0]?.value).toBe(25); // 25
    expect(cell(map.demandByNeed, 'K6H', 'housing')).toBe(10); // 10
    expect(cell(map.demandByNeed, 'M6K', 'housing')).toBeNull(); // 0
    // 8 housing referrals declined by a practical service because it was full.
    expect(cell(map.endingsByReason, 'housing', 'declined')).toBe(10); // 8
    expect(cell(map.endingsByReason, 'loneliness_isolation', 'declined')).toBeNull(); // 0
    expect(cell(map.endingReasons, 'declined.full', 'connections')).toBe(10); // 8
  });

  it('flags demand that nothing open meets within the distance, and says why', async () => {
    const map = await gapMap(`period=${period}&scope=site:${siteId}&distance=10`);
    const k6h = map.areas.find((a) => a.key === 'K6H');
    expect(k6h?.position).toEqual({ lat: 45.02, lon: -74.73 });
    const housing = k6h?.supply.find((s) => s.kind === 'reason' && s.need === 'housing');
    expect(housing).toMatchObject({ open: 0, waitlist: 0, full: 1, categories: ['practical'] });
    const lonely = k6h?.supply.find(
      (s) => s.kind === 'reason' && s.need === 'loneliness_isolation',
    );
    expect(lonely).toMatchObject({ open: 1, openLanguages: ['en', 'fr'] });
    expect(map.areas.find((a) => a.key === 'others')?.position).toBeNull();
    expect(map.gaps).toEqual([
      {
        area: 'K6H',
        kind: 'reason',
        need: 'housing',
        demand: 10,
        why: 'none_open',
        waitlist: 0,
        full: 1,
      },
      {
        area: 'K6H',
        kind: 'need',
        need: 'housing',
        demand: 10,
        why: 'none_open',
        waitlist: 0,
        full: 1,
      },
      {
        area: 'M6K',
        kind: 'reason',
        need: 'loneliness_isolation',
        demand: 10,
        why: 'none_open',
        waitlist: 1,
        full: 0,
      },
    ]);
    // Food in Paris has demand but too few people to show: never flagged, whatever the supply.
    expect(map.gaps.some((g) => g.need === 'food')).toBe(false);
  });

  it('finds the open service 20 km away once the distance reaches it', async () => {
    const map = await gapMap(`period=${period}&scope=site:${siteId}&distance=25`);
    const housing = map.areas
      .find((a) => a.key === 'K6H')
      ?.supply.find((s) => s.kind === 'reason' && s.need === 'housing');
    expect(housing).toMatchObject({ open: 1, full: 1 });
    expect(map.distanceKm).toBe(25);
    expect(map.gaps.map((g) => `${g.area} ${g.need}`)).toEqual(['M6K loneliness_isolation']);
  });

  it('shows another site, with no referrals, nothing and no gap', async () => {
    const map = await gapMap(`period=${period}&scope=site:${otherSiteId}`);
    expect(map.demandByReason.rows.map((r) => r.key)).toEqual(['others']);
    expect(map.gaps).toEqual([]);
  });

  it('refuses a distance outside the fixed list, and free dates, in the caller’s language', async () => {
    const response = await evaluator().request(
      'GET',
      '/api/reports/gap-map?distance=7',
      undefined,
      {
        'accept-language': 'fr',
      },
    );
    expect(response.statusCode).toBe(400);
    const error = errorOf(response);
    const issue = error.issues?.find((i) => i.field === 'distance');
    expect(issue?.message).toMatch(/Choisissez/);
    const freeDates = await evaluator().get(`/api/reports/gap-map?from=${period}-01`);
    expect(freeDates.statusCode).toBe(400);
  });

  it('is refused to a site manager for a site they do not manage', async () => {
    const account = await makeAccount(t.database.db, [
      { role: 'site_manager', siteId: otherSiteId },
    ]);
    const manager = await signedInClient(t.app, account);
    expect((await manager.get(`/api/reports/gap-map?scope=site:${siteId}`)).statusCode).toBe(404);
    expect((await manager.get('/api/reports/gap-map?scope=programme')).statusCode).toBe(403);
  });
});
