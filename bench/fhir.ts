/**
 * The FHIR interface under load: `npm run bench -- fhir` (issue 15, DESIGN.md §8).
 *
 * On the PostgreSQL server (TEST_POSTGRES_URL, default 127.0.0.1:5432), 8 systems' worth of
 * concurrent clients (BENCH_CLIENTS, 8) of one registered system, for BENCH_SECONDS (10)
 * each: POST /fhir/R4 with the Gravity examples' referral as a transaction Bundle (a new
 * referral each time: its own Bundle.identifier); then the same referral one resource at a
 * time, as the workload run against Medplum 5.0.10: the resources its Task takes staged
 * (Patient, Consent, the two Organizations, Practitioner, PractitionerRole, Condition: a
 * set a loop), a ServiceRequest on each set made, then each set's Task, which makes the
 * case (until the sets run out: that phase is shorter); then GET /fhir/R4/Task/:id of the
 * referrals made, the Task search by patient with `_include=Task:focus` (one match and its
 * ServiceRequest), and a poll (`_lastUpdated=gt…`, a full page of 50). Prints requests/s,
 * p50/p95 and the seconds each phase ran.
 *
 * Then the ceilings, by as many plain pg clients with no HTTP, token, validation or mapping
 * around them, statement for statement as the app: the rows a referral Bundle writes (its
 * keys, the site's read, the person with the duplicate check, case, first history line,
 * consent, audit event and the team's email in one statement, the Task's state and the ten
 * resources kept), one transaction a referral; a staged ServiceRequest's check of what it
 * names with its row, in one statement; a Task's lookups (its key, what it names two steps
 * deep, the first with its Patient's staged Consents), then in one transaction the
 * referral's rows with the staged ones locked and linked, and the answer's read and audit
 * event, on as many staged sets as the Task phase had; a Task's read (the kept Task, the
 * case with its person, site, state and latest consent, and the read's audit event); and
 * the ratio of each to its ceiling. Each ceiling's connections are opened before its clock
 * starts, as the app's pool's are.
 *
 * The load (requests and ceilings alike) runs in a child process, fhir-driver.ts: the app's
 * event loop serves and does nothing else. The CPU time the app's process spent is printed
 * per request of the run.
 */
import { randomUUID } from 'node:crypto';
import { fork } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import pg from 'pg';
import { buildApp } from '../src/server/app';
import { loadConfig } from '../src/server/config';
import { makeAccount, makeSite } from '../test/helpers/factories';
import {
  type Figures,
  type FhirPhase,
  type Ids,
  type LoadRequest,
  type LoadResult,
  clients,
  fhirPhases,
  seconds,
} from './fhir-driver';
import { openEngine } from './support';

const scope = 'system/*.crs';

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

/** A phase's line; `appCpuMs`: the app's CPU time a request, for phases through the app. */
function line(operation: string, figures: Figures, appCpuMs?: number): string {
  const ms = (value: number): string => value.toFixed(1).padStart(7);
  return [
    operation.padEnd(28),
    String(clients).padStart(7),
    figures.perSecond.toFixed(0).padStart(7),
    ms(figures.p50),
    ms(figures.p95),
    String(figures.count).padStart(8),
    figures.elapsed.toFixed(0).padStart(3),
    appCpuMs === undefined ? ''.padStart(15) : appCpuMs.toFixed(2).padStart(15),
    figures.errors.length
      ? `  ${figures.errors.length} errors, first: ${figures.errors[0] ?? ''}`
      : '',
  ].join(' ');
}

/** An operation's rate and times beside its plain pg ceiling's. */
function ratio(operation: string, app: Figures, raw: Figures): string {
  return (
    `${operation} / plain pg: ${(app.perSecond / raw.perSecond).toFixed(3)} of the rate, ` +
    `p50 ${(app.p50 / raw.p50).toFixed(1)}×, p95 ${(app.p95 / raw.p95).toFixed(1)}× the time`
  );
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

/** The app process's CPU time (user and system), in ms. */
function ownCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

type Driven = { result: LoadResult; appCpuMs: Record<FhirPhase, number> };

/**
 * Runs the workload in a child process: its figures once all its phases have run, and the
 * CPU time this process (the app) spent in each FHIR phase, read at the driver's marks.
 */
function driveLoad(request: LoadRequest): Promise<Driven> {
  const driver = fork(fileURLToPath(new URL('./fhir-driver.ts', import.meta.url)), {
    execArgv: ['--import', 'tsx'],
  });
  const marks: { phase: FhirPhase | 'end'; cpuMs: number }[] = [];
  type Message = { mark?: FhirPhase | 'end'; result?: LoadResult; error?: string };
  return new Promise<Driven>((resolve, reject) => {
    driver.on('message', (message: Message) => {
      if (message.mark) marks.push({ phase: message.mark, cpuMs: ownCpuMs() });
      else if (message.result) resolve({ result: message.result, appCpuMs: spentPerPhase(marks) });
      else reject(new Error(`the load driver failed: ${message.error ?? 'no answer'}`));
    });
    driver.once('error', reject);
    driver.once('exit', (code) => reject(new Error(`the load driver ended (${String(code)})`)));
    driver.send(request);
  }).finally(() => driver.kill());
}

/** The CPU time between each phase's mark and the next one. */
function spentPerPhase(
  marks: { phase: FhirPhase | 'end'; cpuMs: number }[],
): Record<FhirPhase, number> {
  const spent = Object.fromEntries(fhirPhases.map((phase) => [phase, 0])) as Record<
    FhirPhase,
    number
  >;
  marks.forEach((mark, at) => {
    const next = marks[at + 1];
    if (mark.phase !== 'end' && next) spent[mark.phase] = next.cpuMs - mark.cpuMs;
  });
  return spent;
}

export async function runFhirBench(): Promise<void> {
  const { handle, url, drop } = await openEngine('server');
  if (!url) throw new Error('the FHIR benchmark runs on the PostgreSQL server');
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
    const ids = await rawIds(url, site.id, worker.email);
    console.log(`fhir: ${handle.description}, ${clients} clients, ${seconds} s a phase`);
    const { result: r, appCpuMs } = await driveLoad({ base, token, url, ids });
    const cpu = (phase: FhirPhase): number => appCpuMs[phase] / Math.max(r[phase].count, 1);
    console.log(
      [
        '',
        'operation                    clients   req/s  p50 ms  p95 ms    count   s  app CPU ms/req',
        line('POST Bundle (referral)', r.bundles, cpu('bundles')),
        line(`POST ${r.stagedTypes} types (staged)`, r.staging, cpu('staging')),
        line('POST ServiceRequest', r.serviceRequests, cpu('serviceRequests')),
        line('POST Task (makes the case)', r.tasks, cpu('tasks')),
        line('GET Task/:id', r.reads, cpu('reads')),
        line('Task?patient&_include', r.searches, cpu('searches')),
        line('Task?_lastUpdated (50)', r.polls, cpu('polls')),
        line('plain pg, Bundle rows', r.rawBundles),
        line('plain pg, ServiceRequest', r.rawServiceRequests),
        line('plain pg, Task rows', r.rawTasks),
        line('plain pg, Task read', r.rawReads),
        '',
        ratio('POST Bundle', r.bundles, r.rawBundles),
        ratio('POST ServiceRequest', r.serviceRequests, r.rawServiceRequests),
        ratio('POST Task', r.tasks, r.rawTasks),
        ratio('GET Task/:id', r.reads, r.rawReads),
      ].join('\n'),
    );
  } finally {
    await app.close();
    await drop();
  }
}
