import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildApp } from '../../src/server/app';
import { loadConfig } from '../../src/server/config';
import type { DatabaseHandle } from '../../src/server/db/client';
import { publicFormRateLimit } from '../../src/server/platform/rate-limit';
import { openTestDatabase } from '../helpers/database';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

let database: DatabaseHandle;
let app: FastifyInstance;

beforeAll(async () => {
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATA_DIR: ':memory:',
    PUBLIC_FORM_RATE_PER_MINUTE: '3',
  });
  database = await openTestDatabase();
  app = await buildApp({ config, database });
  // A stand-in public form: the real ones use the same one line of route config.
  app.post(
    '/api/test-public-form',
    { config: publicFormRateLimit(config), schema: { body: z.object({ name: z.string() }) } },
    () => ({ ok: true }),
  );
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await database.close();
});

function post(ip: string, language = 'fr'): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url: '/api/test-public-form',
    remoteAddress: ip,
    headers: { 'accept-language': language },
    payload: { name: 'x' },
  });
}

describe('public form rate limit', () => {
  it('allows PUBLIC_FORM_RATE_PER_MINUTE posts a minute per address, then answers 429 in the caller’s language', async () => {
    for (let i = 0; i < 3; i += 1) expect((await post('203.0.113.7')).statusCode).toBe(200);
    const refused = await post('203.0.113.7');
    expect(refused.statusCode).toBe(429);
    const error = refused.json<{ error: { code: string; message: string } }>().error;
    expect(error.code).toBe('rate_limited');
    expect(error.message).not.toBe('');
    // Another address has its own allowance.
    expect((await post('198.51.100.9')).statusCode).toBe(200);
  });
});
