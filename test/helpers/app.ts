import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/server/app';
import { loadConfig, type Config } from '../../src/server/config';
import type { DatabaseHandle } from '../../src/server/db/client';
import { runRecurringJob } from '../../src/server/platform/jobs';
import { type DeliveryResult, deliverPendingEmails } from '../../src/server/platform/mail/delivery';
import { openTestDatabase } from './database';

export type TestApp = {
  app: FastifyInstance;
  database: DatabaseHandle;
  config: Config;
  /** One email delivery pass now (to the SMTP_URL given in the env overrides, if any). */
  deliverEmails(): Promise<DeliveryResult>;
  /** Runs a recurring job once now, due or not. */
  runJob(name: string): Promise<void>;
  close(): Promise<void>;
};

/**
 * The whole app in-process on a fresh database of the suite's engine. `env` overrides
 * settings, e.g. `{ SMTP_URL: mail.url }` with a capture from ./smtp. Jobs do not run by
 * themselves: call deliverEmails() or runJob(name).
 */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const config = loadConfig({
    NODE_ENV: 'test',
    // The database is openTestDatabase's; nothing (such as the link signing secret) goes on disk.
    DATA_DIR: ':memory:',
    LOG_LEVEL: 'silent',
    SIGN_IN_RATE_PER_MINUTE: '1000',
    PUBLIC_FORM_RATE_PER_MINUTE: '1000',
    ACTION_LINK_RATE_PER_MINUTE: '1000',
    ...env,
  });
  const database = await openTestDatabase();
  const app = await buildApp({ config, database });
  await app.ready();
  return {
    app,
    database,
    config,
    deliverEmails: () => deliverPendingEmails(database.db, config),
    runJob: (name) => runRecurringJob(name, database.db, config),
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** A browser-like caller: keeps the session cookie and sends the CSRF token on writes. */
export class Client {
  cookie: string | undefined;
  csrfToken: string | undefined;

  constructor(
    private readonly app: FastifyInstance,
    readonly language = 'en',
  ) {}

  async request(
    method: Method,
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> {
    const options: InjectOptions = {
      method,
      url,
      headers: {
        'accept-language': this.language,
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(method !== 'GET' && this.csrfToken ? { 'x-csrf-token': this.csrfToken } : {}),
        ...headers,
      },
      ...(body === undefined ? {} : { payload: body as InjectOptions['payload'] }),
    };
    const response = await this.app.inject(options);
    // A staff session's cookie, or a person's (features/person-space): a client holds one.
    const setCookie = response.cookies.find(
      (c) => c.name.endsWith('passerelle-session') || c.name.endsWith('passerelle-person'),
    );
    if (setCookie)
      this.cookie = setCookie.value ? `${setCookie.name}=${setCookie.value}` : undefined;
    return response;
  }

  get(url: string): Promise<LightMyRequestResponse> {
    return this.request('GET', url);
  }

  post(url: string, body: unknown = {}): Promise<LightMyRequestResponse> {
    return this.request('POST', url, body);
  }

  patch(url: string, body: unknown): Promise<LightMyRequestResponse> {
    return this.request('PATCH', url, body);
  }

  delete(url: string): Promise<LightMyRequestResponse> {
    return this.request('DELETE', url);
  }

  async signIn(email: string, password: string, code?: string): Promise<LightMyRequestResponse> {
    const response = await this.post('/api/auth/sign-in', {
      email,
      password,
      ...(code ? { code } : {}),
    });
    if (response.statusCode === 200)
      this.csrfToken = response.json<{ csrfToken: string }>().csrfToken;
    return response;
  }
}

/** A client signed in as an account (as makeAccount returns it); the test fails here if it cannot. */
export async function signedInClient(
  app: FastifyInstance,
  account: { email: string; password: string },
  language = 'en',
): Promise<Client> {
  const client = new Client(app, language);
  const response = await client.signIn(account.email, account.password);
  if (response.statusCode !== 200)
    throw new Error(`${account.email} could not sign in: ${response.statusCode} ${response.body}`);
  return client;
}

export function errorOf(response: LightMyRequestResponse): {
  code: string;
  message: string;
  field?: string;
  issues?: { field: string; message: string }[];
} {
  return response.json<{ error: ReturnType<typeof errorOf> }>().error;
}
