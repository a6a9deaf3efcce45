import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import Fastify, { type FastifyInstance, type LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/server/db/client';
import { selectRows } from '../../src/server/db/client';
import { registerFhirJsonParser } from '../../src/server/interop/fhir/fhir-json';
import { sendFhir, sendFhirError } from '../../src/server/interop/fhir/fhir-errors';
import {
  idempotent,
  registerIdempotency,
  writeDatabase,
} from '../../src/server/platform/idempotency';
import { validatorCompiler } from '../../src/server/platform/validation';
import { defaultLocale, negotiateLocale } from '../../src/shared/locale';
import { openTestDatabase } from '../helpers/database';

/*
 * FHIR creates (issue 15's POST /fhir/R4/<Type>, still to come) opt in as the JSON API's do,
 * with `config: idempotent` on the route: this checks the platform under the FHIR plugin's
 * own body parsing and error handler, on a stand-in create that writes one row.
 */

let database: DatabaseHandle;
let app: FastifyInstance;
const systemAccountId = randomUUID();

beforeAll(async () => {
  database = await openTestDatabase();
  await database.db.execute(sql`create table made (id uuid primary key, body jsonb not null)`);
  app = Fastify();
  app.setValidatorCompiler(validatorCompiler);
  app.decorateRequest('actor', null);
  app.decorateRequest('locale', defaultLocale);
  app.addHook('onRequest', async (request) => {
    request.locale = negotiateLocale(request.headers['accept-language']) ?? defaultLocale;
    // As the FHIR plugin's bearer hook does: the system's account is the actor.
    request.actor = { accountId: systemAccountId } as NonNullable<typeof request.actor>;
  });
  registerIdempotency(app, database.db);
  await app.register(
    async (fhir) => {
      registerFhirJsonParser(fhir);
      fhir.setErrorHandler(sendFhirError);
      fhir.post('/Basic', { config: idempotent }, async (request, reply) => {
        const id = randomUUID();
        await writeDatabase(request, database.db).execute(
          sql`insert into made values (${id}, ${JSON.stringify(request.body)}::jsonb)`,
        );
        reply.header('location', `/fhir/R4/Basic/${id}/_history/1`);
        return sendFhir(reply, 201, { resourceType: 'Basic', id });
      });
    },
    { prefix: '/fhir/R4' },
  );
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await database.close();
});

function create(body: object, key: string, language = 'en'): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url: '/fhir/R4/Basic',
    payload: JSON.stringify(body),
    headers: {
      'content-type': 'application/fhir+json',
      'idempotency-key': key,
      'accept-language': language,
    },
  });
}

async function rows(): Promise<number> {
  const [row] = await selectRows<{ count: number }>(
    database.db,
    sql`select count(*)::int as count from made`,
  );
  return row?.count ?? 0;
}

describe('a FHIR create sent again with its Idempotency-Key', () => {
  it('answers the first resource, Location and type included, and writes it once', async () => {
    const key = randomUUID();
    const body = { resourceType: 'Basic', code: { text: 'referral' } };
    const first = await create(body, key);
    expect(first.statusCode, first.body).toBe(201);
    const again = await create(body, key);
    expect(again.statusCode).toBe(201);
    expect(again.body).toBe(first.body);
    expect(again.headers.location).toBe(first.headers.location);
    expect(again.headers['content-type']).toBe('application/fhir+json; charset=utf-8');
    expect(await rows()).toBe(1);
  });

  it('refuses the same key with another resource as an OperationOutcome in the caller’s language', async () => {
    const key = randomUUID();
    expect((await create({ resourceType: 'Basic', code: { text: 'a' } }, key)).statusCode).toBe(
      201,
    );
    const before = await rows();
    const refused = await create({ resourceType: 'Basic', code: { text: 'b' } }, key, 'fr');
    expect(refused.statusCode).toBe(422);
    const outcome = refused.json<{
      resourceType: string;
      issue: { severity: string; diagnostics?: string; details?: { text?: string } }[];
    }>();
    expect(outcome.resourceType).toBe('OperationOutcome');
    expect(JSON.stringify(outcome.issue)).toContain('a déjà servi pour une autre requête');
    expect(await rows()).toBe(before);
  });
});
