/**
 * The load side of `bench/writes.ts`, run as a child process so that sending requests and
 * timing them does not take the app's event loop. It gets one phase to run from its parent,
 * runs `clients` loops side by side for `seconds` (or until the work runs out), and sends
 * back what each operation took.
 */
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { backendCpuMs } from './backend-cpu';

/** How the ceiling's connections name themselves, so their CPU time can be read. */
const ceilingApplicationName = 'passerelle-bench-ceiling';

export type Phase =
  | { kind: 'api-referral'; base: string; session: Session; siteId: string }
  | { kind: 'api-status'; base: string; session: Session; caseIds: string[] }
  | { kind: 'sql-referral'; url: string; ids: AccountIds }
  | { kind: 'sql-status'; url: string; ids: AccountIds; caseIds: string[] };

export type Session = { cookie: string; csrfToken: string };
export type AccountIds = { siteId: string; referrerId: string; linkWorkerId: string };
export type PhaseRequest = { phase: Phase; clients: number; seconds: number };
export type PhaseResult = {
  times: number[];
  errors: string[];
  seconds: number;
  /** CPU time the database's backends spent on the phase, when it could be read. */
  databaseCpuMs?: number | null;
};

/** One unit of work: resolves when done, or throws what went wrong. */
type Work = () => Promise<void>;

/** Runs the loops until time is up or `next` has no more work; each loop waits for its previous. */
async function drive(
  clients: number,
  seconds: number,
  next: () => Work | undefined,
): Promise<PhaseResult> {
  const times: number[] = [];
  const errors: string[] = [];
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const loop = async (): Promise<void> => {
    for (let work = next(); work && performance.now() < deadline; work = next()) {
      const begun = performance.now();
      try {
        await work();
        times.push(performance.now() - begun);
      } catch (error) {
        errors.push(error instanceof Error ? error.message : String(error));
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, loop));
  return { times, errors, seconds: (performance.now() - started) / 1000 };
}

let counter = 0;

/** A person not seen before, so the duplicate check runs as it does for most referrals. */
function newPerson(): { givenName: string; familyName: string; dateOfBirth: string } {
  counter += 1;
  const day = String((counter % 28) + 1).padStart(2, '0');
  return {
    givenName: `Bench${randomBytes(3).toString('hex')}`,
    familyName: `Person${counter}`,
    dateOfBirth: `19${40 + (counter % 50)}-0${(counter % 9) + 1}-${day}`,
  };
}

function referralBody(siteId: string): string {
  return JSON.stringify({
    siteId,
    person: {
      ...newPerson(),
      phone: '819-555-0199',
      preferredLanguage: 'fr',
      contactPreference: 'phone',
    },
    reasons: ['loneliness_isolation'],
    urgency: 'routine',
    consent: {
      givenBy: 'person',
      givenAt: new Date(Date.now() - 60_000).toISOString(),
      coversReferral: true,
      coversReferrerUpdates: true,
    },
  });
}

async function post(base: string, session: Session, path: string, body: string): Promise<void> {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      cookie: session.cookie,
      'x-csrf-token': session.csrfToken,
      origin: base,
    },
    body,
  });
  const text = await response.text();
  if (response.status >= 300) throw new Error(`${path} → ${response.status} ${text.slice(0, 200)}`);
}

function apiWork(phase: Phase & { kind: 'api-referral' | 'api-status' }): () => Work | undefined {
  if (phase.kind === 'api-referral') {
    return () => () =>
      post(phase.base, phase.session, '/api/referrals', referralBody(phase.siteId));
  }
  const caseIds = [...phase.caseIds];
  const body = JSON.stringify({ to: 'active', version: 1 });
  return () => {
    const id = caseIds.pop();
    return id ? () => post(phase.base, phase.session, `/api/cases/${id}/status`, body) : undefined;
  };
}

/*
 * The ceiling: the same rows a referral or a status change writes, sent by a plain pg client
 * as the same statements one after another in one transaction, with no HTTP, session,
 * validation or rendering around them.
 */
const referralStatements = {
  site: `select s.id, s.name, o.name, s.default_locale from sites s join organisations o on o.id = s.organisation_id where s.id = $1`,
  person: `insert into people (site_id, given_name, family_name, date_of_birth, phone, preferred_language, contact_preference) values ($1, $2, $3, $4, '819-555-0199', 'fr', 'phone') returning id`,
  duplicate: `select id from people where site_id = $1 and date_of_birth = $2 and id <> $3 and merged_into_id is null and lower(unaccent(btrim(given_name))) = lower(unaccent(btrim($4))) and lower(unaccent(btrim(family_name))) = lower(unaccent(btrim($5))) order by created_at limit 1`,
  case: `insert into cases (reference, person_id, site_id, source, referrer_account_id, reasons, urgency, status) values ($1, $2, $3, 'clinician', $4, '{loneliness_isolation}', 'routine', 'new') returning *`,
  event: `insert into case_events (case_id, from_status, to_status, actor_id) values ($1, $2, $3, $4)`,
  consent: `insert into consents (person_id, case_id, given_by, given_at, covers_referral, covers_referrer_updates, recorded_by) values ($1, $2, 'person', now(), true, true, $3)`,
  audit: `insert into audit_events (actor_id, action, outcome, subject_type, subject_id, site_id, details) values ($1, $2, 'success', 'case', $3, $4, $5)`,
  recipients: `select distinct a.email, a.locale from role_grants g join accounts a on a.id = g.account_id where g.site_id = $1 and g.role = 'link_worker' and a.active`,
  email: `insert into outbound_emails (kind, recipient, subject, text, html) values ('new_referral', $1, 'Nouvelle orientation', 'Une nouvelle orientation attend.', '<p>Une nouvelle orientation attend.</p>') returning id`,
};

async function sqlReferral(client: pg.PoolClient, ids: AccountIds): Promise<void> {
  const s = referralStatements;
  const person = newPerson();
  await client.query('begin');
  await client.query(s.site, [ids.siteId]);
  const inserted = await client.query<{ id: string }>(s.person, [
    ids.siteId,
    person.givenName,
    person.familyName,
    person.dateOfBirth,
  ]);
  const personId = inserted.rows[0]?.id;
  await client.query(s.duplicate, [
    ids.siteId,
    person.dateOfBirth,
    personId,
    person.givenName,
    person.familyName,
  ]);
  const reference = `B-${randomBytes(5).toString('hex').toUpperCase()}`;
  const opened = await client.query<{ id: string }>(s.case, [
    reference,
    personId,
    ids.siteId,
    ids.referrerId,
  ]);
  const caseId = opened.rows[0]?.id;
  await client.query(s.event, [caseId, null, 'new', ids.referrerId]);
  await client.query(s.consent, [personId, caseId, ids.referrerId]);
  await client.query(s.audit, [
    ids.referrerId,
    'referral.created',
    caseId,
    ids.siteId,
    '{"source":"clinician"}',
  ]);
  const recipients = await client.query<{ email: string }>(s.recipients, [ids.siteId]);
  for (const { email } of recipients.rows) await client.query(s.email, [email]);
  await client.query('commit');
}

const statusStatements = {
  case: `select * from cases where id = $1`,
  update: `update cases set status = 'active', assigned_to = $2, accepted_at = now(), version = version + 1, updated_at = now() where id = $1 and version = 1 returning *`,
  event: `insert into case_events (case_id, from_status, to_status, actor_id) values ($1, 'new', 'active', $2)`,
  audit: `insert into audit_events (actor_id, action, outcome, subject_type, subject_id, site_id, details) values ($1, 'case.status_changed', 'success', 'case', $2, $3, '{"to":"active"}')`,
};

async function sqlStatus(client: pg.PoolClient, ids: AccountIds, caseId: string): Promise<void> {
  const s = statusStatements;
  await client.query('begin');
  await client.query(s.case, [caseId]);
  await client.query(s.update, [caseId, ids.linkWorkerId]);
  await client.query(s.event, [caseId, ids.linkWorkerId]);
  await client.query(s.audit, [ids.linkWorkerId, caseId, ids.siteId]);
  await client.query('commit');
}

async function runSql(
  phase: Phase & { kind: 'sql-referral' | 'sql-status' },
  clients: number,
  seconds: number,
): Promise<PhaseResult> {
  const pool = new pg.Pool({
    connectionString: phase.url,
    max: clients,
    application_name: ceilingApplicationName,
  });
  const withClient =
    (write: (client: pg.PoolClient) => Promise<void>): Work =>
    async () => {
      const client = await pool.connect();
      try {
        await write(client);
      } catch (error) {
        await client.query('rollback');
        throw error;
      } finally {
        client.release();
      }
    };
  const caseIds = phase.kind === 'sql-status' ? [...phase.caseIds] : [];
  const next = (): Work | undefined => {
    if (phase.kind === 'sql-referral')
      return withClient((client) => sqlReferral(client, phase.ids));
    const id = caseIds.pop();
    return id ? withClient((client) => sqlStatus(client, phase.ids, id)) : undefined;
  };
  try {
    const result = await drive(clients, seconds, next);
    // The pool's backends started with the phase: all their CPU time is its own.
    return { ...result, databaseCpuMs: await backendCpuMs(pool, ceilingApplicationName) };
  } finally {
    await pool.end();
  }
}

async function runPhase({ phase, clients, seconds }: PhaseRequest): Promise<PhaseResult> {
  if (phase.kind === 'api-referral' || phase.kind === 'api-status') {
    return drive(clients, seconds, apiWork(phase));
  }
  return runSql(phase, clients, seconds);
}

process.on('message', (request: PhaseRequest) => {
  void runPhase(request).then((result) => process.send?.(result));
});
