/**
 * The FHIR interface under load: `npm run bench -- fhir` (issue 15, DESIGN.md §8).
 *
 * On the PostgreSQL server (TEST_POSTGRES_URL, default 127.0.0.1:5432), 8 systems' worth of
 * concurrent clients (BENCH_CLIENTS, 8) of one registered system, for BENCH_SECONDS (10)
 * each: POST /fhir/R4 with the Gravity examples' referral as a transaction Bundle (a new
 * referral each time: its own Bundle.identifier), then GET /fhir/R4/Task/:id of the
 * referrals just made, the Task search by patient with `_include=Task:focus` (one match and
 * its ServiceRequest), and a poll (`_lastUpdated=gt…`, a full page of 50). Prints
 * requests/s and p50/p95 for each.
 *
 * Then the ceiling: the same rows a referral Bundle writes (its keys, the person with the
 * duplicate check, case, first history line, consent, audit event, the team's email, the
 * Task's state and the ten resources kept), one transaction a referral, by as many plain pg
 * clients, with no HTTP, token, validation or mapping around them; and the ratio of the two.
 *
 * The load runs in this process, beside the app (bench/writes.ts forks a driver instead,
 * which this should do too); POST ServiceRequest/Task one by one are still to come.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import pg from 'pg';
import { buildApp } from '../src/server/app';
import { loadConfig } from '../src/server/config';
import { makeAccount, makeSite } from '../test/helpers/factories';
import { type TransactionBundle, exampleReferralBundle } from '../test/helpers/fhir-referral';
import { openEngine, percentile } from './support';

const clients = Number(process.env.BENCH_CLIENTS ?? 8);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const scope = 'system/*.crs';

type Figures = { count: number; perSecond: number; p50: number; p95: number; errors: string[] };

/** `clients` loops sending `request` for `seconds`, each timing its answers. */
async function phase(request: (n: number) => Promise<Response>): Promise<Figures> {
  return timed(async (n) => {
    const response = await request(n);
    const body = await response.text();
    return response.status >= 300 ? `${response.status} ${body.slice(0, 200)}` : undefined;
  });
}

/** `clients` loops running `work` for `seconds`, each timing it; `work` answers an error or nothing. */
async function timed(work: (n: number) => Promise<string | undefined>): Promise<Figures> {
  const times: number[] = [];
  const errors: string[] = [];
  const end = performance.now() + seconds * 1000;
  let sent = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < end) {
        const at = performance.now();
        const error = await work(sent++);
        if (error) errors.push(error);
        else times.push(performance.now() - at);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const sorted = times.toSorted((a, b) => a - b);
  return {
    count: times.length,
    perSecond: times.length / elapsed,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    errors,
  };
}

/** Registers a system for the site through the administration API, and gets it a token. */
async function systemToken(
  base: string,
  siteId: string,
  admin: { email: string; password: string },
): Promise<string> {
  const signIn = await fetch(`${base}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify(admin),
  });
  const { csrfToken } = (await signIn.json()) as { csrfToken: string };
  const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { privateKey, publicKey } = await generateKeyPair('ES384');
  const kid = 'bench';
  const registered = await fetch(`${base}/api/admin/systems`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      origin: base,
      cookie,
      'x-csrf-token': csrfToken,
    },
    body: JSON.stringify({
      name: 'Bench EHR',
      locale: 'en',
      jwks: { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'ES384', use: 'sig' }] },
      allowedScopes: [scope],
      siteIds: [siteId],
    }),
  });
  if (registered.status !== 201) throw new Error(`registration answered ${registered.status}`);
  const { id } = (await registered.json()) as { id: string };
  const tokenUrl = `${base}/oauth/token`;
  const assertion = await new SignJWT({ jti: randomUUID() })
    .setProtectedHeader({ alg: 'ES384', kid })
    .setIssuer(id)
    .setSubject(id)
    .setAudience(tokenUrl)
    .setExpirationTime(Math.floor(Date.now() / 1000) + 240)
    .sign(privateKey);
  const token = await fetch(tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
      scope,
    }).toString(),
  });
  if (token.status !== 200) throw new Error(`the token endpoint answered ${token.status}`);
  return ((await token.json()) as { access_token: string }).access_token;
}

type Ids = { siteId: string; clientId: string; accountId: string; email: string };

/*
 * The ceiling's statements: what the intake writes for one referral, as plain SQL. Named, so
 * that pg prepares each once a connection, as the app's own statements are.
 */
const rawStatements = {
  keys: `insert into fhir_identifiers (client_id, case_id, resource_type, system, value, expires_at)
    select $1, $2, k.resource_type, k.system, k.value, k.expires_at
    from unnest($3::text[], $4::text[], $5::text[], $6::timestamptz[])
      as k(resource_type, system, value, expires_at)
    on conflict (client_id, resource_type, system, value) do update
      set case_id = excluded.case_id, expires_at = excluded.expires_at
      where fhir_identifiers.expires_at < now()
    returning case_id`,
  site: `select s.id, s.name, o.name, s.default_locale,
      (select coalesce(json_agg(team), '[]') from (
        select distinct a.email, a.locale from role_grants g join accounts a on a.id = g.account_id
        where g.site_id = s.id and g.role = 'link_worker' and a.active) team)
    from sites s join organisations o on o.id = s.organisation_id where s.id = $1`,
  duplicate: `select id from people where site_id = $1 and date_of_birth = $2
    and merged_into_id is null
    and lower(unaccent(btrim(given_name))) = lower(unaccent(btrim($3)))
    and lower(unaccent(btrim(family_name))) = lower(unaccent(btrim($4)))
    order by created_at limit 1`,
  person: `insert into people (site_id, given_name, family_name, date_of_birth, sex, phone,
      preferred_language, contact_preference, address, postal_code)
    values ($1, $2, $3, $4, 'female', '555-555-5555', 'en', 'phone', '123 Main St', 'K1A 0B1')
    returning id`,
  case: `insert into cases (id, reference, person_id, site_id, source, referrer_account_id,
      referrer_name, reasons, urgency, context, status, possible_duplicate_of_id)
    values ($1, $2, $3, $4, 'clinician', $5, 'Dr. Jan Water', '{food_security}', 'routine',
      'Food pantry application assistance', 'new', $6)
    returning *`,
  event: `insert into case_events (case_id, to_status, actor_id, at) values ($1, 'new', $2, now())`,
  consent: `insert into consents (person_id, case_id, given_by, given_at, covers_referral,
      covers_referrer_updates, covers_sharing_with_partners, recorded_by)
    values ($1, $2, 'person', now(), true, true, false, $3) returning id`,
  audit: `insert into audit_events (actor_id, action, outcome, subject_type, subject_id, site_id, details)
    values ($1, 'referral.created', 'success', 'case', $2, $3, $4)`,
  email: `insert into outbound_emails (kind, channel, recipient, subject, "text")
    values ('referral.received', 'email', $1, 'New referral P-BENCH1', 'A new referral waits: https://passerelle.example/cases/x')`,
  taskState: `insert into fhir_task_state (case_id, client_account_id) values ($1, $2)`,
  resources: `insert into fhir_resources (resource_type, id, client_id, case_id, entry_index, resource)
    select r.resource_type, r.id, $1, $2, r.entry_index, r.resource
    from unnest($3::text[], $4::uuid[], $5::int[], $6::jsonb[])
      as r(resource_type, id, entry_index, resource)`,
};

/** One referral's rows written by a plain pg client, in one transaction. */
async function rawReferral(
  client: pg.PoolClient,
  ids: Ids,
  bundle: TransactionBundle,
): Promise<void> {
  const q = (name: keyof typeof rawStatements, values: unknown[]) =>
    client.query({ name: `bench_${name}`, text: rawStatements[name], values });
  const patient = bundle.entry[0]?.resource as {
    name?: { given?: string[]; family?: string }[];
    birthDate?: string;
  };
  const given = patient.name?.[0]?.given?.[0] ?? 'Given';
  const family = patient.name?.[0]?.family ?? 'Family';
  const birthDate = patient.birthDate ?? '1970-01-01';
  const caseId = randomUUID();
  const week = new Date(Date.now() + 7 * 86_400_000).toISOString();
  await client.query('begin');
  try {
    await q('keys', [
      ids.clientId,
      caseId,
      ['Bundle', 'ServiceRequest', 'Task', 'Bundle'],
      ['https://ehr.example/bundles', 'urn:sr', 'urn:task', 'urn:passerelle:body-sha256'],
      [randomUUID(), randomUUID(), randomUUID(), randomUUID()],
      [null, null, null, week],
    ]);
    await q('site', [ids.siteId]);
    const duplicate = await q('duplicate', [ids.siteId, birthDate, given, family]);
    const person = await q('person', [ids.siteId, given, family, birthDate]);
    const personId = (person.rows[0] as { id: string }).id;
    const reference = `B-${randomUUID().slice(0, 8).toUpperCase()}`;
    const duplicateId = (duplicate.rows[0] as { id: string } | undefined)?.id ?? null;
    await q('case', [caseId, reference, personId, ids.siteId, ids.accountId, duplicateId]);
    await q('event', [caseId, ids.accountId]);
    await q('consent', [personId, caseId, ids.accountId]);
    await q('audit', [
      ids.accountId,
      caseId,
      ids.siteId,
      JSON.stringify({
        source: 'clinician',
        urgency: 'routine',
        via: 'fhir',
        fhirClientId: ids.clientId,
        entries: bundle.entry.length,
        possibleDuplicate: duplicateId !== null,
      }),
    ]);
    await q('email', [ids.email]);
    await q('taskState', [caseId, ids.accountId]);
    await q('resources', [
      ids.clientId,
      caseId,
      bundle.entry.map((entry) => entry.resource.resourceType),
      bundle.entry.map((_, index) =>
        index === bundle.entry.length - 1 ? caseId : index === 0 ? personId : randomUUID(),
      ),
      bundle.entry.map((_, index) => index),
      bundle.entry.map((entry) => JSON.stringify(entry.resource)),
    ]);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  }
}

/** The ceiling phase: `clients` plain pg connections writing referrals. */
async function rawPhase(url: string, ids: Ids, bundle: TransactionBundle): Promise<Figures> {
  const pool = new pg.Pool({ connectionString: url, max: clients });
  try {
    return await timed(async () => {
      const client = await pool.connect();
      try {
        await rawReferral(client, ids, bundle);
        return undefined;
      } catch (error) {
        return error instanceof Error ? error.message : String(error);
      } finally {
        client.release();
      }
    });
  } finally {
    await pool.end();
  }
}

function line(operation: string, figures: Figures): string {
  const ms = (value: number): string => value.toFixed(1).padStart(7);
  return [
    operation.padEnd(22),
    String(clients).padStart(7),
    figures.perSecond.toFixed(0).padStart(7),
    ms(figures.p50),
    ms(figures.p95),
    String(figures.count).padStart(8),
    figures.errors.length
      ? `  ${figures.errors.length} errors, first: ${figures.errors[0] ?? ''}`
      : '',
  ].join(' ');
}

/** The registered system's client and account, for the ceiling's rows. */
async function rawIds(url: string, siteId: string, email: string): Promise<Ids> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string; account_id: string }>(
      'select id, account_id from fhir_clients limit 1',
    );
    const [row] = rows;
    if (!row) throw new Error('no registered system');
    return { siteId, clientId: row.id, accountId: row.account_id, email };
  } finally {
    await client.end();
  }
}

export async function runFhirBench(): Promise<void> {
  const { handle, url, drop } = await openEngine('server');
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    SIGN_IN_RATE_PER_MINUTE: '1000',
    PUBLIC_FORM_RATE_PER_MINUTE: '1000',
    REPORTS_REFRESH_MS: '86400000',
  });
  const app = await buildApp({ config, database: handle });
  try {
    await app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const site = await makeSite(handle.db);
    const worker = await makeAccount(handle.db, [{ role: 'link_worker', siteId: site.id }]);
    const admin = await makeAccount(handle.db, [{ role: 'administrator' }]);
    const token = await systemToken(base, site.id, admin);
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/fhir+json' };
    const bundle = exampleReferralBundle(site.id);
    const taskIds: string[] = [];
    const patientIds: string[] = [];
    console.log(`fhir: ${handle.description}, ${clients} clients, ${seconds} s a phase`);
    // One referral first: the R4 definitions are read on first use, not in the timed phase.
    const warm = await fetch(`${base}/fhir/R4`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        ...bundle,
        identifier: { system: 'https://ehr.example/bundles', value: randomUUID() },
      }),
    });
    if (warm.status !== 200) throw new Error(`the first referral answered ${warm.status}`);
    const posts = await phase(async () => {
      const body = JSON.stringify({
        ...bundle,
        identifier: { system: 'https://ehr.example/bundles', value: randomUUID() },
      });
      const response = await fetch(`${base}/fhir/R4`, { method: 'POST', headers, body });
      if (response.status === 200) {
        const answer = (await response.clone().json()) as {
          entry: { response: { location: string } }[];
        };
        const task = answer.entry.at(-1)?.response.location.split('/')[1];
        const patient = answer.entry[0]?.response.location.split('/')[1];
        if (task) taskIds.push(task);
        if (patient) patientIds.push(patient);
      }
      return response;
    });
    // The statistics autovacuum keeps on a live database: without them, the planner of a
    // database made a minute ago reads every Task of the client to answer a poll.
    await handle.db.execute(sql`analyze`);
    const reads = await phase((n) =>
      fetch(`${base}/fhir/R4/Task/${taskIds[n % taskIds.length] ?? ''}`, { headers }),
    );
    const searches = await phase((n) =>
      fetch(
        `${base}/fhir/R4/Task?patient=Patient/${patientIds[n % patientIds.length] ?? ''}&_include=Task:focus`,
        { headers },
      ),
    );
    // Polls from a time that leaves a full page (50 Tasks) to answer.
    const since = new Date(Date.now() - 60_000).toISOString();
    const polls = await phase(() =>
      fetch(`${base}/fhir/R4/Task?_lastUpdated=gt${since}&_count=50`, { headers }),
    );
    const raws = await rawPhase(url ?? '', await rawIds(url ?? '', site.id, worker.email), bundle);
    console.log(
      [
        '',
        'operation              clients   req/s  p50 ms  p95 ms    count',
        line('POST Bundle (referral)', posts),
        line('GET Task/:id', reads),
        line('Task?patient&_include', searches),
        line('Task?_lastUpdated (50)', polls),
        line('plain pg, same rows', raws),
        '',
        `POST Bundle / plain pg: ${(posts.perSecond / raws.perSecond).toFixed(3)} of the rate, ` +
          `p50 ${(posts.p50 / raws.p50).toFixed(1)}×, p95 ${(posts.p95 / raws.p95).toFixed(1)}× the time`,
      ].join('\n'),
    );
  } finally {
    await app.close();
    await drop();
  }
}
