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
 * A first cut: the load runs in this process, beside the app (bench/writes.ts forks a
 * driver instead, which this should do too), and the plain-pg ceiling for the same rows is
 * still to come, as are POST ServiceRequest/Task one by one.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { buildApp } from '../src/server/app';
import { loadConfig } from '../src/server/config';
import { makeAccount, makeSite } from '../test/helpers/factories';
import { exampleReferralBundle } from '../test/helpers/fhir-referral';
import { openEngine, percentile } from './support';

const clients = Number(process.env.BENCH_CLIENTS ?? 8);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const scope = 'system/*.crs';

type Figures = { count: number; perSecond: number; p50: number; p95: number; errors: string[] };

/** `clients` loops sending `request` for `seconds`, each timing its answers. */
async function phase(request: (n: number) => Promise<Response>): Promise<Figures> {
  const times: number[] = [];
  const errors: string[] = [];
  const end = performance.now() + seconds * 1000;
  let sent = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < end) {
        const at = performance.now();
        const response = await request(sent++);
        const body = await response.text();
        if (response.status >= 300) errors.push(`${response.status} ${body.slice(0, 200)}`);
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

export async function runFhirBench(): Promise<void> {
  const { handle, drop } = await openEngine('server');
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
    await makeAccount(handle.db, [{ role: 'link_worker', siteId: site.id }]);
    const admin = await makeAccount(handle.db, [{ role: 'administrator' }]);
    const token = await systemToken(base, site.id, admin);
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/fhir+json' };
    const bundle = exampleReferralBundle(site.id);
    const taskIds: string[] = [];
    const patientIds: string[] = [];
    console.log(`fhir: ${handle.description}, ${clients} clients, ${seconds} s a phase`);
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
    console.log(
      [
        '',
        'operation              clients   req/s  p50 ms  p95 ms    count',
        line('POST Bundle (referral)', posts),
        line('GET Task/:id', reads),
        line('Task?patient&_include', searches),
        line('Task?_lastUpdated (50)', polls),
      ].join('\n'),
    );
  } finally {
    await app.close();
    await drop();
  }
}
