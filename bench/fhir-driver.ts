/**
 * The load side of `bench/fhir.ts`, run as a child process so that sending requests and
 * timing them does not take the app's event loop (or its core). Given the app's address, a
 * system's token and the ids of the ceiling's rows, it runs the whole workload: the FHIR
 * phases in order (each takes what the one before made: staged sets, Tasks, patients), then
 * the plain pg ceilings, and sends back each phase's figures.
 */
import { createHash, randomUUID } from 'node:crypto';
import pg from 'pg';
import {
  type TransactionBundle,
  exampleReferralBundle,
  idOfLocation,
  inStagingOrder,
  withStagedIds,
} from '../test/helpers/fhir-referral';
import type { ExampleResource } from '../test/helpers/sdoh-cc';
import { percentile } from './support';

export const clients = Number(process.env.BENCH_CLIENTS ?? 8);
export const seconds = Number(process.env.BENCH_SECONDS ?? 10);

export type Figures = {
  count: number;
  perSecond: number;
  p50: number;
  p95: number;
  /** Seconds the phase ran: under `seconds` when its work ran out. */
  elapsed: number;
  errors: string[];
};

/** `clients` loops sending `request` for `seconds`, each timing its answers. */
async function phase(request: (n: number) => Promise<Response>): Promise<Figures> {
  return timed(async (n) => {
    const response = await request(n);
    const body = await response.text();
    return response.status >= 300 ? `${response.status} ${body.slice(0, 200)}` : undefined;
  });
}

/** What a phase's `work` answers when there is nothing left to do: its loop ends early. */
const exhausted = Symbol('exhausted');

/**
 * `clients` loops running `work` for `seconds` (or until it answers `exhausted`), each timing
 * it; `work` (given a running count and its loop's number) answers an error or nothing.
 */
async function timed(
  work: (n: number, client: number) => Promise<string | undefined | typeof exhausted>,
): Promise<Figures> {
  const times: number[] = [];
  const errors: string[] = [];
  const end = performance.now() + seconds * 1000;
  let sent = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      while (performance.now() < end) {
        const at = performance.now();
        const error = await work(sent++, client);
        if (error === exhausted) break;
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
    elapsed,
    errors,
  };
}

export type Ids = { siteId: string; clientId: string; accountId: string; email: string };

/** The Gravity examples' referral posted one resource at a time (DESIGN.md §2.7). */
type OneByOne = {
  /** What its Task takes besides the ServiceRequest, in an order where each names only those before. */
  first: ExampleResource[];
  patient: ExampleResource;
  consent: ExampleResource;
  serviceRequest: ExampleResource;
  task: ExampleResource;
};

function oneByOne(bundle: TransactionBundle): OneByOne {
  const resources = inStagingOrder(bundle).map((entry) => entry.resource);
  const of = (type: string): ExampleResource => {
    const resource = resources.find((r) => r.resourceType === type);
    if (!resource) throw new Error(`no ${type} among the examples`);
    return resource;
  };
  return {
    // The DocumentReference is named by none of the others: no Task would take it.
    first: resources.filter(
      (r) => !['ServiceRequest', 'DocumentReference', 'Task'].includes(r.resourceType),
    ),
    patient: of('Patient'),
    consent: of('Consent'),
    serviceRequest: of('ServiceRequest'),
    task: of('Task'),
  };
}

/** An example's key among a staged set's ids (ours by `Type/<example id>`). */
function exampleKey(resource: ExampleResource): string {
  return `${resource.resourceType}/${String(resource.id)}`;
}

/** POSTs one resource on its own: the id it was given, or what went wrong. */
async function create(
  base: string,
  headers: Record<string, string>,
  resource: ExampleResource,
): Promise<{ id: string } | { error: string }> {
  const response = await fetch(`${base}/fhir/R4/${resource.resourceType}`, {
    method: 'POST',
    headers,
    body: JSON.stringify(resource),
  });
  const body = await response.text();
  if (response.status !== 201) return { error: `${response.status} ${body.slice(0, 200)}` };
  return { id: idOfLocation(response.headers.get('location') ?? '') };
}

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
  // The person, case, first history line, consent, audit event and announcements in one
  // statement with its duplicate check, as insert_referral (features/referrals) writes them.
  referral: `with duplicate as (
      select other.id from people other
      where other.site_id = $2 and other.date_of_birth = $5 and other.merged_into_id is null
        and lower(unaccent(btrim(other.given_name))) = lower(unaccent(btrim($3)))
        and lower(unaccent(btrim(other.family_name))) = lower(unaccent(btrim($4)))
      order by other.created_at limit 1
    ), person as (
      insert into people (id, site_id, given_name, family_name, date_of_birth, sex, phone,
        preferred_language, contact_preference, address, postal_code)
      values ($1, $2, $3, $4, $5, 'female', '555-555-5555', 'en', 'phone', '123 Main St', 'K1A 0B1')
      returning id
    ), opened as (
      insert into cases (id, reference, site_id, source, referrer_account_id, referrer_name,
        reasons, urgency, context, status, person_id, possible_duplicate_of_id)
      select $6, $7, $2, 'clinician', $8, 'Dr. Jan Water', '{food_security}', 'routine',
        'Food pantry application assistance', 'new', person.id, (select id from duplicate)
      from person
      returning *
    ), history as (
      insert into case_events (case_id, to_status, actor_id, at)
      select id, status, $8, referred_at from opened
    ), consent as (
      insert into consents (id, given_by, given_at, covers_referral, covers_referrer_updates,
        covers_sharing_with_partners, recorded_by, person_id, case_id)
      select $9, 'person', now(), true, true, false, $8, person_id, id from opened
      returning id
    ), audit as (
      insert into audit_events (actor_id, action, outcome, subject_type, subject_id, site_id, details)
      select $8, 'referral.created', 'success', 'case', id, site_id,
        $10::jsonb || jsonb_build_object('possibleDuplicate', exists (select 1 from duplicate))
      from opened
    ), notices as (
      insert into notifications (account_id, kind, case_id, connection_id, params)
      select a.id, 'referral.received', $6, null, '{}'::jsonb
      from accounts a where lower(a.email) = lower($11) and a.active and a.kind = 'person'
    ), queued as (
      insert into outbound_emails (kind, channel, recipient, subject, "text")
      select 'referral.received', 'email', $11, 'New referral P-BENCH1',
        'A new referral waits: https://passerelle.example/cases/x'
      where not exists (
        select 1 from accounts s where lower(s.email) = lower($11) and s.kind = 'system')
      returning id
    )
    select opened.*, (select id from duplicate) as duplicate_of_id,
      (select id from consent) as consent_id
    from opened`,
  taskState: `insert into fhir_task_state (case_id, client_account_id) values ($1, $2)`,
  resources: `insert into fhir_resources (resource_type, id, client_id, case_id, entry_index, resource)
    select r.resource_type, r.id, $1, $2, r.entry_index, r.resource
    from unnest($3::text[], $4::uuid[], $5::int[], $6::jsonb[])
      as r(resource_type, id, entry_index, resource)`,
  // One by one: what a staged create and a Task read and write besides the referral's rows.
  keyLookup: `select distinct case_id from fhir_identifiers where client_id = $1
    and resource_type = 'Bundle' and system = 'urn:passerelle:body-sha256' and value = $2
    and (expires_at is null or expires_at > now())`,
  staged: `select * from fhir_resources where client_id = $1 and case_id is null
    and staged_until > now()
    and (resource_type, id) in (select * from unnest($2::text[], $3::uuid[]))`,
  // The Task's first step: what it names, with its Patient's staged Consents.
  stagedWithConsents: `select *, true as named from fhir_resources where client_id = $1
      and case_id is null and staged_until > now()
      and (resource_type, id) in (select * from unnest($2::text[], $3::uuid[]))
    union all
    select *, false from fhir_resources where client_id = $1 and case_id is null
      and staged_until > now() and resource_type = 'Consent'
      and resource -> 'patient' ->> 'reference' = $4`,
  // A staged create's check of what it names and its row, in one statement, as the app's.
  stageNaming: `with named as (
      select resource_type, id from fhir_resources where client_id = $1 and case_id is null
        and staged_until > now()
        and (resource_type, id) in (select * from unnest($2::text[], $3::uuid[]))
    ), kept as (
      insert into fhir_resources (resource_type, id, client_id, resource, staged_until)
      select $4, $5, $1, $6, now() + interval '24 hours'
      where (select count(*) from named) = cardinality($3::uuid[])
      returning 1
    )
    select exists (select 1 from kept) as kept,
      (select coalesce(json_agg(named), '[]'::json) from named) as found`,
  stage: `insert into fhir_resources (resource_type, id, client_id, resource, staged_until)
    select r.resource_type, r.id, $1, r.resource, now() + interval '24 hours'
    from unnest($2::text[], $3::uuid[], $4::jsonb[]) as r(resource_type, id, resource)`,
  lockStaged: `select id from fhir_resources where client_id = $1 and case_id is null
    and (resource_type, id) in (select * from unnest($2::text[], $3::uuid[]))
    order by resource_type, id for update`,
  // The staged rows linked to the case and the Task kept, in one statement.
  linkStaged: `with linked as (
      update fhir_resources set case_id = $1, staged_until = null, last_updated = now()
      where (resource_type, id) in (select * from unnest($2::text[], $3::uuid[]))
    )
    insert into fhir_resources (resource_type, id, client_id, case_id, resource)
    values ('Task', $1, $4, $1, $5)`,
  readTask: `select * from fhir_resources where resource_type = 'Task' and id = $1`,
  readCase: `select * from cases c join people p on p.id = c.person_id
    join sites s on s.id = c.site_id join fhir_task_state t on t.case_id = c.id
    left join consents k on k.id = (select id from consents where case_id = c.id
      order by created_at desc limit 1)
    where c.id = $1`,
  auditRead: `insert into audit_events (actor_id, action, outcome, subject_type, subject_id, site_id, details)
    values ($1, 'referral.viewed', 'success', 'case', $2, $3, $4)`,
};

type RawQuery = (name: keyof typeof rawStatements, values: unknown[]) => Promise<pg.QueryResult>;

function rawQuery(client: pg.PoolClient): RawQuery {
  return (name, values) =>
    client.query({ name: `bench_${name}`, text: rawStatements[name], values });
}

/** The person of a referral's Patient, as the intake reads it. */
function personOf(resource: ExampleResource): { given: string; family: string; birthDate: string } {
  const patient = resource as {
    name?: { given?: string[]; family?: string }[];
    birthDate?: string;
  };
  return {
    given: patient.name?.[0]?.given?.[0] ?? 'Given',
    family: patient.name?.[0]?.family ?? 'Family',
    birthDate: patient.birthDate ?? '1970-01-01',
  };
}

/**
 * The rows of a new case, its person and consent (ids given), past its keys: as the app, the
 * site and its team read, one statement for the referral, the Task's state.
 */
async function rawCase(
  q: RawQuery,
  ids: Ids,
  made: { caseId: string; personId: string; consentId: string },
  patient: ExampleResource,
  auditDetails: Record<string, unknown>,
): Promise<void> {
  const { given, family, birthDate } = personOf(patient);
  await q('site', [ids.siteId]);
  const reference = `B-${randomUUID().slice(0, 8).toUpperCase()}`;
  await q('referral', [
    made.personId,
    ids.siteId,
    given,
    family,
    birthDate,
    made.caseId,
    reference,
    ids.accountId,
    made.consentId,
    JSON.stringify(auditDetails),
    ids.email,
  ]);
  await q('taskState', [made.caseId, ids.accountId]);
}

/** One referral's rows written by a plain pg client, in one transaction. */
async function rawReferral(
  client: pg.PoolClient,
  ids: Ids,
  bundle: TransactionBundle,
): Promise<void> {
  const q = rawQuery(client);
  const patient = bundle.entry[0]?.resource ?? { resourceType: 'Patient' };
  const made = { caseId: randomUUID(), personId: randomUUID(), consentId: randomUUID() };
  const week = new Date(Date.now() + 7 * 86_400_000).toISOString();
  await client.query('begin');
  try {
    await q('keys', [
      ids.clientId,
      made.caseId,
      ['Bundle', 'ServiceRequest', 'Task', 'Bundle'],
      ['https://ehr.example/bundles', 'urn:sr', 'urn:task', 'urn:passerelle:body-sha256'],
      [randomUUID(), randomUUID(), randomUUID(), randomUUID()],
      [null, null, null, week],
    ]);
    await rawCase(q, ids, made, patient, {
      source: 'clinician',
      urgency: 'routine',
      via: 'fhir',
      fhirClientId: ids.clientId,
      entries: bundle.entry.length,
    });
    await q('resources', [
      ids.clientId,
      made.caseId,
      bundle.entry.map((entry) => entry.resource.resourceType),
      bundle.entry.map((_, index) =>
        index === bundle.entry.length - 1
          ? made.caseId
          : index === 0
            ? made.personId
            : index === 1
              ? made.consentId
              : randomUUID(),
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

/**
 * A staged ServiceRequest by a plain pg client: what it names checked and its row kept in one
 * statement, planned at each run, as the app does.
 */
async function rawServiceRequest(
  client: pg.PoolClient,
  ids: Ids,
  workload: OneByOne,
  set: ReadonlyMap<string, string>,
): Promise<void> {
  const resource = withStagedIds(workload.serviceRequest, set);
  const named = stagedKeys(set, ['Patient', 'Condition']);
  const id = randomUUID();
  const { rows } = await client.query<{ kept: boolean }>(rawStatements.stageNaming, [
    ids.clientId,
    named.types,
    named.ids,
    'ServiceRequest',
    id,
    JSON.stringify({ ...resource, id }),
  ]);
  if (!rows[0]?.kept) throw new Error('a staged ServiceRequest was not kept');
}

/** The ids of a staged set's resources of some types (all of them without `types`). */
function stagedKeys(
  set: ReadonlyMap<string, string>,
  types?: readonly string[],
): { types: string[]; ids: string[] } {
  const keys = [...set].filter(([key]) => !types || types.includes(key.split('/')[0] ?? ''));
  return { types: keys.map(([key]) => key.split('/')[0] ?? ''), ids: keys.map(([, id]) => id) };
}

/**
 * A Task by a plain pg client, on a staged set (its ServiceRequest among it): the lookups of
 * its key and of what it names, two steps deep, with its Patient's Consent; then, in one
 * transaction, its key, the case's rows, the staged rows locked and linked, the Task kept,
 * and the answer's read of the case and its audit event.
 */
async function rawTask(
  client: pg.PoolClient,
  ids: Ids,
  workload: OneByOne,
  set: ReadonlyMap<string, string>,
): Promise<void> {
  const q = rawQuery(client);
  const task = withStagedIds(workload.task, set);
  const patientId = set.get(exampleKey(workload.patient)) ?? '';
  const consentId = set.get(exampleKey(workload.consent)) ?? '';
  const body = JSON.stringify(task);
  const bodyKey = createHash('sha256').update(body).digest('base64url');
  await q('keyLookup', [ids.clientId, bodyKey]);
  const first = stagedKeys(set, ['ServiceRequest', 'Patient', 'PractitionerRole']);
  await q('stagedWithConsents', [ids.clientId, first.types, first.ids, `Patient/${patientId}`]);
  const second = stagedKeys(set, ['Condition', 'Practitioner', 'Organization']);
  await q('staged', [ids.clientId, second.types, second.ids]);
  const caseId = randomUUID();
  const week = new Date(Date.now() + 7 * 86_400_000).toISOString();
  const all = stagedKeys(set);
  await client.query('begin');
  try {
    await q('keys', [
      ids.clientId,
      caseId,
      ['Bundle'],
      ['urn:passerelle:body-sha256'],
      [bodyKey],
      [week],
    ]);
    await q('lockStaged', [ids.clientId, all.types, all.ids]);
    await rawCase(q, ids, { caseId, personId: patientId, consentId }, workload.patient, {
      via: 'fhir',
      fhirClientId: ids.clientId,
      staged: all.ids.length,
    });
    await q('linkStaged', [caseId, all.types, all.ids, ids.clientId, body]);
    await rawRead(client, ids, caseId);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  }
}

/** A Task read by a plain pg client as the app reads it: Task, case with consent, audit. */
async function rawRead(client: pg.PoolClient, ids: Ids, taskId: string): Promise<void> {
  const q = rawQuery(client);
  await q('readTask', [taskId]);
  await q('readCase', [taskId]);
  await q('auditRead', [
    ids.accountId,
    taskId,
    ids.siteId,
    JSON.stringify({ via: 'fhir', fhirClientId: ids.clientId, resourceType: 'Task', id: taskId }),
  ]);
}

/**
 * Staged sets written straight to the table for the Task's ceiling (each Task takes one):
 * what the staging phase would have left, ServiceRequest included.
 */
async function rawStagedSets(
  url: string,
  ids: Ids,
  workload: OneByOne,
  count: number,
): Promise<Map<string, string>[]> {
  const examples = [...workload.first, workload.serviceRequest];
  const sets = Array.from(
    { length: count },
    () => new Map(examples.map((example) => [exampleKey(example), randomUUID()])),
  );
  const rows = sets.flatMap((set) =>
    examples.map((example) => {
      const id = set.get(exampleKey(example)) ?? '';
      const resource = JSON.stringify({ ...withStagedIds(example, set), id });
      return { type: example.resourceType, id, resource };
    }),
  );
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (let at = 0; at < rows.length; at += 5000) {
      const batch = rows.slice(at, at + 5000);
      await client.query(rawStatements.stage, [
        ids.clientId,
        batch.map((row) => row.type),
        batch.map((row) => row.id),
        batch.map((row) => row.resource),
      ]);
    }
    await client.query('analyze fhir_resources');
  } finally {
    await client.end();
  }
  return sets;
}

/** A ceiling phase: `clients` plain pg connections each running `work` (n: a running count). */
async function rawPhase(
  url: string,
  work: (client: pg.PoolClient, n: number) => Promise<undefined | typeof exhausted>,
): Promise<Figures> {
  const pool = new pg.Pool({ connectionString: url, max: clients });
  try {
    // Connected before the clock starts, as the app's pool is: a phase of a few dozen Tasks
    // otherwise times mostly the connections' start.
    const warm = await Promise.all(Array.from({ length: clients }, () => pool.connect()));
    for (const client of warm) client.release();
    return await timed(async (n) => {
      const client = await pool.connect();
      try {
        return (await work(client, n)) === exhausted ? exhausted : undefined;
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

/** What the parent sends: where the app answers, how to speak to it, and the ceiling's ids. */
export type LoadRequest = { base: string; token: string; url: string; ids: Ids };

/** The phases through the app, whose CPU time the parent reads. */
export const fhirPhases = [
  'bundles',
  'staging',
  'serviceRequests',
  'tasks',
  'reads',
  'searches',
  'polls',
] as const;
export type FhirPhase = (typeof fhirPhases)[number];

/** Each phase's figures, FHIR first, then the ceilings. */
export type LoadResult = {
  bundles: Figures;
  staging: Figures;
  stagedTypes: number;
  serviceRequests: Figures;
  tasks: Figures;
  reads: Figures;
  searches: Figures;
  polls: Figures;
  rawBundles: Figures;
  rawServiceRequests: Figures;
  rawTasks: Figures;
  rawReads: Figures;
};

/** Posts a referral Bundle with an identifier of its own: the response. */
function postBundle(
  base: string,
  headers: Record<string, string>,
  bundle: TransactionBundle,
): Promise<Response> {
  const body = JSON.stringify({
    ...bundle,
    identifier: { system: 'https://ehr.example/bundles', value: randomUUID() },
  });
  return fetch(`${base}/fhir/R4`, { method: 'POST', headers, body });
}

/** Reads the statistics autovacuum keeps on a live database, through a connection of its own. */
async function analyze(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('analyze');
  } finally {
    await client.end();
  }
}

/** Tells the parent a FHIR phase begins (or, with 'end', that they are over): it reads its CPU time. */
function mark(phase: FhirPhase | 'end'): void {
  process.send?.({ mark: phase });
}

async function runLoad({ base, token, url, ids }: LoadRequest): Promise<LoadResult> {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/fhir+json' };
  const bundle = exampleReferralBundle(ids.siteId);
  const taskIds: string[] = [];
  const patientIds: string[] = [];
  // One referral first: the R4 definitions are read on first use, not in the timed phase.
  const warm = await postBundle(base, headers, bundle);
  if (warm.status !== 200) throw new Error(`the first referral answered ${warm.status}`);
  mark('bundles');
  const bundles = await phase(async () => {
    const response = await postBundle(base, headers, bundle);
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
  // One by one: each loop stages what a Task takes (a set), then ServiceRequests on the
  // sets made, then each set's Task, which makes the case (a set only once).
  const workload = oneByOne(bundle);
  const sets: Map<string, string>[] = [];
  const filling: Map<string, string>[] = [];
  mark('staging');
  const staging = await timed(async (_, client) => {
    const set = (filling[client] ??= new Map());
    const example = workload.first[set.size];
    if (!example) throw new Error('a set past its examples');
    const made = await create(base, headers, withStagedIds(example, set));
    if ('error' in made) return made.error;
    set.set(exampleKey(example), made.id);
    if (set.size === workload.first.length) {
      sets.push(set);
      filling[client] = new Map();
    }
    return undefined;
  });
  const madeServiceRequests: string[] = [];
  mark('serviceRequests');
  const serviceRequests = await timed(async (n) => {
    const at = n % sets.length;
    const made = await create(
      base,
      headers,
      withStagedIds(workload.serviceRequest, sets[at] ?? new Map()),
    );
    if ('error' in made) return made.error;
    madeServiceRequests[at] = made.id;
    return undefined;
  });
  const ready = sets.flatMap((set, at) => {
    const id = madeServiceRequests[at];
    return id ? [new Map([...set, [exampleKey(workload.serviceRequest), id]])] : [];
  });
  mark('tasks');
  const tasks = await timed(async (n) => {
    const set = ready[n];
    if (!set) return exhausted;
    const made = await create(base, headers, withStagedIds(workload.task, set));
    return 'error' in made ? made.error : undefined;
  });
  // Without the statistics, the planner of a database made a minute ago reads every Task of
  // the client to answer a poll.
  await analyze(url);
  mark('reads');
  const reads = await phase((n) =>
    fetch(`${base}/fhir/R4/Task/${taskIds[n % taskIds.length] ?? ''}`, { headers }),
  );
  mark('searches');
  const searches = await phase((n) =>
    fetch(
      `${base}/fhir/R4/Task?patient=Patient/${patientIds[n % patientIds.length] ?? ''}&_include=Task:focus`,
      { headers },
    ),
  );
  // Polls from a time that leaves a full page (50 Tasks) to answer.
  const since = new Date(Date.now() - 60_000).toISOString();
  mark('polls');
  const polls = await phase(() =>
    fetch(`${base}/fhir/R4/Task?_lastUpdated=gt${since}&_count=50`, { headers }),
  );
  mark('end');
  const rawBundles = await rawPhase(url, async (client) => {
    await rawReferral(client, ids, bundle);
    return undefined;
  });
  // The app's sets are linked to cases by now: the ServiceRequests name staged sets of their own.
  const rawRequestSets = await rawStagedSets(url, ids, workload, sets.length);
  const rawServiceRequests = await rawPhase(url, async (client, n) => {
    const set = rawRequestSets[n % rawRequestSets.length] ?? new Map<string, string>();
    await rawServiceRequest(client, ids, workload, set);
    return undefined;
  });
  // As many sets as the Task phase had: the staged Consent lookup reads every staged row.
  const rawSets = await rawStagedSets(url, ids, workload, ready.length);
  const rawTasks = await rawPhase(url, async (client, n) => {
    const set = rawSets[n];
    if (!set) return exhausted;
    await rawTask(client, ids, workload, set);
    return undefined;
  });
  const rawReads = await rawPhase(url, async (client, n) => {
    await rawRead(client, ids, taskIds[n % taskIds.length] ?? '');
    return undefined;
  });
  return {
    bundles,
    staging,
    stagedTypes: workload.first.length,
    serviceRequests,
    tasks,
    reads,
    searches,
    polls,
    rawBundles,
    rawServiceRequests,
    rawTasks,
    rawReads,
  };
}

// Only as a child: the parent imports this file's types and constants.
if (process.send) {
  process.once('message', (request: LoadRequest) => {
    void runLoad(request).then(
      (result) => process.send?.({ result }),
      (error: unknown) =>
        process.send?.({ error: error instanceof Error ? error.stack : String(error) }),
    );
  });
}
