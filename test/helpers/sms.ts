import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One text message as the provider's API received it. */
export type CapturedText = { to: string; from: string; body: string; receivedAt: Date };

export type SmsCapture = {
  /** The address to give the app as SMS_API_URL. */
  url: string;
  port: number;
  /** The settings that make the app send here. */
  env: Record<string, string>;
  messages(): CapturedText[];
  waitFor(predicate: (text: CapturedText) => boolean, timeoutMs?: number): Promise<CapturedText>;
  /** The next `count` sends are answered with `status` (a provider's outage, a refusal). */
  failNext(count: number, status: number): void;
  /** How many requests reached the API, answered or refused. */
  requests(): number;
  clear(): void;
  close(): Promise<void>;
};

export const captureAccount = {
  sid: 'AC00000000000000000000000000000test',
  token: 'catcher-auth-token',
};

/**
 * A local server that speaks Twilio's Messages API as the app uses it: POST
 * /2010-04-01/Accounts/{sid}/Messages.json, form-encoded To, From and Body, basic
 * authentication; 201 with the message, 401 for other credentials, 400 without To or Body.
 * `extra` answers other paths (the browser suite's catcher reads messages through it).
 */
export async function startSmsCapture(
  options: {
    port?: number;
    extra?: (request: http.IncomingMessage, response: http.ServerResponse) => boolean;
  } = {},
): Promise<SmsCapture> {
  let received: CapturedText[] = [];
  let failures: { count: number; status: number } = { count: 0, status: 500 };
  let requestCount = 0;
  const waiters = new Set<() => void>();
  const path = `/2010-04-01/Accounts/${captureAccount.sid}/Messages.json`;
  const expectedAuth = `Basic ${Buffer.from(`${captureAccount.sid}:${captureAccount.token}`).toString('base64')}`;

  const server = http.createServer((request, response) => {
    if (options.extra?.(request, response)) return;
    const answer = (status: number, body: unknown): void => {
      response.writeHead(status, { 'content-type': 'application/json', connection: 'close' });
      response.end(JSON.stringify(body));
    };
    if (request.method !== 'POST' || request.url !== path)
      return answer(404, { code: 20404, message: 'not found', status: 404 });
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requestCount += 1;
      if (request.headers.authorization !== expectedAuth)
        return answer(401, { code: 20003, message: 'Authenticate', status: 401 });
      if (failures.count > 0) {
        failures = { ...failures, count: failures.count - 1 };
        return answer(failures.status, {
          code: 20500,
          message: 'Internal error',
          status: failures.status,
        });
      }
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const to = form.get('To');
      const body = form.get('Body');
      if (!to || !body)
        return answer(400, {
          code: 21604,
          message: `A 'To' phone number is required.`,
          status: 400,
        });
      received.push({ to, from: form.get('From') ?? '', body, receivedAt: new Date() });
      for (const wake of waiters) wake();
      return answer(201, { sid: `SM${requestCount}`, status: 'queued', to, body });
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    port,
    env: {
      SMS_PROVIDER: 'twilio',
      SMS_API_URL: url,
      SMS_ACCOUNT_SID: captureAccount.sid,
      SMS_AUTH_TOKEN: captureAccount.token,
      SMS_FROM: '+15145550100',
    },
    messages: () => [...received],
    waitFor: (predicate, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const check = (): boolean => {
          const found = received.find(predicate);
          if (!found) return false;
          waiters.delete(wake);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const wake = (): void => void check();
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(new Error('no matching text message arrived'));
        }, timeoutMs);
        waiters.add(wake);
        check();
      }),
    failNext: (count, status) => {
      failures = { count, status };
    },
    requests: () => requestCount,
    clear: () => {
      received = [];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
