/**
 * The embedded soak's requests: HTTP as the browser speaks it, each request timed and
 * recorded with its errors, stalls and the gaps between completions.
 */
import { demoPassword } from '../src/server/demo';

export const stallMs = 10_000;
/** Three times the stall limit: a stalled request is still measured, and ends soon after. */
export const requestTimeoutMs = 30_000;

export type Session = { cookie: string; csrfToken: string };
type Reply = { status: number; body: unknown };
type Method = 'GET' | 'POST';

export type OperationStats = { times: number[]; errors: number; slow: number };

export type Soak = {
  base: string;
  stop: AbortSignal;
  startedAt: number;
  deadline: number;
  stats: Map<string, OperationStats>;
  lastCompletion: number;
  longestGap: number;
  gapStalls: number;
  /** The last completion before a gap already announced, so each gap is told once. */
  announcedGapAfter: number;
  importRounds: number;
  errorSamples: Map<string, number>;
};

// ---------------------------------------------------------------------------------------
// HTTP as the browser speaks it: session cookie, CSRF token and Origin on writes.

function sessionCookie(response: Response): string | undefined {
  const header = response.headers.getSetCookie().find((c) => c.includes('passerelle-session='));
  return header?.split(';')[0];
}

async function send(
  soak: Soak,
  session: Session,
  method: Method,
  pathAndQuery: string,
  body?: unknown,
): Promise<Reply> {
  const write = method !== 'GET';
  const response = await fetch(`${soak.base}${pathAndQuery}`, {
    method,
    headers: {
      cookie: session.cookie,
      ...(write ? { origin: soak.base, 'content-type': 'application/json' } : {}),
      ...(write ? { 'x-csrf-token': session.csrfToken } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    // An interrupt is not applied here: a request cut off mid-way keeps its connection busy
    // in the server's eyes, and the app's close would wait for it.
    signal: AbortSignal.timeout(requestTimeoutMs),
  });
  const renewed = sessionCookie(response);
  if (renewed) session.cookie = renewed;
  const text = await response.text();
  return { status: response.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
}

export async function signIn(base: string, email: string): Promise<Session> {
  const response = await fetch(`${base}/api/auth/sign-in`, {
    method: 'POST',
    headers: { origin: base, 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: demoPassword }),
    signal: AbortSignal.timeout(requestTimeoutMs),
  });
  const cookie = sessionCookie(response);
  const { csrfToken } = (await response.json()) as { csrfToken?: unknown };
  if (response.status !== 200 || !cookie || typeof csrfToken !== 'string')
    throw new Error(`embedded soak: ${email} could not sign in (${response.status})`);
  return { cookie, csrfToken };
}

// ---------------------------------------------------------------------------------------
// Recording: times per operation, errors, stalls and the gaps between completions.

function statsOf(soak: Soak, operation: string): OperationStats {
  let stats = soak.stats.get(operation);
  if (!stats) {
    stats = { times: [], errors: 0, slow: 0 };
    soak.stats.set(operation, stats);
  }
  return stats;
}

export function noteCompletion(soak: Soak, at: number): void {
  const gap = at - soak.lastCompletion;
  soak.longestGap = Math.max(soak.longestGap, gap);
  if (gap > stallMs) soak.gapStalls += 1;
  soak.lastCompletion = Math.max(soak.lastCompletion, at);
}

const soakClock = (soak: Soak): string =>
  `${((performance.now() - soak.startedAt) / 60_000).toFixed(2)} min`;

/** Said as it happens, so a long run's log tells when. */
export function announceGap(soak: Soak): void {
  const since = performance.now() - soak.lastCompletion;
  if (since <= stallMs || soak.announcedGapAfter === soak.lastCompletion) return;
  soak.announcedGapAfter = soak.lastCompletion;
  console.log(`  stall at ${soakClock(soak)}: no request completed for ${stallMs / 1000} s`);
}

export function record(soak: Soak, operation: string, ms: number, error: string | undefined): void {
  const stats = statsOf(soak, operation);
  stats.times.push(ms);
  if (ms > stallMs) {
    stats.slow += 1;
    console.log(`  stall at ${soakClock(soak)}: ${operation} took ${(ms / 1000).toFixed(1)} s`);
  }
  if (error === undefined) return;
  stats.errors += 1;
  const sample = `${operation}: ${error}`;
  soak.errorSamples.set(sample, (soak.errorSamples.get(sample) ?? 0) + 1);
}

function describeFailure(reply: Reply): string {
  const error = (reply.body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  return `${reply.status} ${String(error?.code ?? '')} ${String(error?.message ?? '')}`.trim();
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError') return `no answer in ${requestTimeoutMs / 1000} s`;
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return `${error.name}: ${error.message}${cause}`;
}

/** One timed request; undefined when it failed (recorded). */
export async function request(
  soak: Soak,
  session: Session,
  operation: string,
  method: Method,
  pathAndQuery: string,
  body?: unknown,
): Promise<Reply | undefined> {
  const started = performance.now();
  try {
    const reply = await send(soak, session, method, pathAndQuery, body);
    const ended = performance.now();
    noteCompletion(soak, ended);
    const ok = reply.status >= 200 && reply.status < 300;
    record(soak, operation, ended - started, ok ? undefined : describeFailure(reply));
    return ok ? reply : undefined;
  } catch (error) {
    // A timeout or a broken connection: no answer, so not a completion either.
    record(soak, operation, performance.now() - started, describeError(error));
    return undefined;
  }
}
