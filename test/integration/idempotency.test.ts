import { randomUUID } from 'node:crypto';
import { count, eq, sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditEvents,
  cases,
  connections,
  idempotencyKeys,
  measurements,
  outboundEmails,
  people,
} from '../../src/server/db/schema';
import { idempotencyPurgeJob } from '../../src/server/platform/idempotency';
import type { CreateReferralInput } from '../../src/shared/contracts/referrals';
import { Client, errorOf } from '../helpers/app';
import { type Cast, startCast } from '../helpers/cast';
import { makeAccount, makeCase } from '../helpers/factories';
import { referralInput } from '../helpers/referral-input';
import { siteDay } from '../helpers/site-day';

let cast: Cast;
let referrer: Client;

beforeAll(async () => {
  cast = await startCast({ defaultLocale: 'fr' });
  referrer = cast.referrer.client;
});
afterAll(() => cast.close());

function referralBody(familyName = `Roy-${randomUUID().slice(0, 8)}`): CreateReferralInput {
  return referralInput({
    givenName: 'Lucie',
    familyName,
    dateOfBirth: '1948-05-17',
    phone: '819-555-0142',
  });
}

function postWithKey(
  client: Client,
  url: string,
  body: unknown,
  key: string,
): Promise<LightMyRequestResponse> {
  return client.request('POST', url, body, { 'idempotency-key': key });
}

async function casesOf(familyName: string): Promise<number> {
  const [row] = await cast.t.database.db
    .select({ n: count() })
    .from(cases)
    .innerJoin(people, eq(people.id, cases.personId))
    .where(eq(people.familyName, familyName));
  return row?.n ?? 0;
}

async function acceptedCase(): Promise<string> {
  const made = await makeCase(cast.t.database.db, cast.homeSiteId, {
    referrerAccountId: cast.referrer.id,
    acceptedBy: cast.linkWorker.id,
  });
  await cast.t.database.db
    .update(cases)
    .set({ referredAt: new Date(Date.now() - 30 * 86_400_000) })
    .where(eq(cases.id, made.id));
  return made.id;
}

describe('a referral sent again with its Idempotency-Key', () => {
  it('answers the first result and writes one case, one audit event and one set of emails', async () => {
    const body = referralBody();
    const key = randomUUID();
    const first = await postWithKey(referrer, '/api/referrals', body, key);
    expect(first.statusCode, first.body).toBe(201);
    const again = await postWithKey(referrer, '/api/referrals', body, key);
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.headers['content-type']).toBe(first.headers['content-type']);
    expect(await casesOf(body.person.familyName)).toBe(1);
    const caseId = first.json<{ id: string }>().id;
    const db = cast.t.database.db;
    const audits = await db
      .select({ n: count() })
      .from(auditEvents)
      .where(eq(auditEvents.subjectId, caseId));
    expect(audits[0]?.n).toBe(1);
    const emails = await db
      .select({ n: count() })
      .from(outboundEmails)
      .where(sql`${outboundEmails.text} like ${`%${caseId}%`}`);
    expect(emails[0]?.n).toBe(1);
  });

  it('creates once when eight copies arrive together', async () => {
    const body = referralBody();
    const key = randomUUID();
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => postWithKey(referrer, '/api/referrals', body, key)),
    );
    expect(answers.map((answer) => answer.statusCode)).toEqual(Array(8).fill(201));
    const ids = new Set(answers.map((answer) => answer.json<{ id: string }>().id));
    expect(ids.size).toBe(1);
    expect(await casesOf(body.person.familyName)).toBe(1);
  });

  it('refuses the same key with another body, in the caller’s language, and creates nothing', async () => {
    const key = randomUUID();
    expect((await postWithKey(referrer, '/api/referrals', referralBody(), key)).statusCode).toBe(
      201,
    );
    const other = referralBody();
    const refused = await postWithKey(referrer, '/api/referrals', other, key);
    expect(refused.statusCode).toBe(422);
    expect(errorOf(refused)).toMatchObject({
      code: 'idempotency_key_reused',
      field: 'Idempotency-Key',
      message: expect.stringContaining('already used for another request'),
    });
    const french = await referrer.request('POST', '/api/referrals', other, {
      'idempotency-key': key,
      'accept-language': 'fr',
    });
    expect(french.statusCode).toBe(422);
    // The referrer's account has no language of its own: the request's is used.
    expect(errorOf(french).message).toContain('a déjà servi pour une autre requête');
    expect(await casesOf(other.person.familyName)).toBe(0);
  });

  it('keeps each caller’s keys apart: another referrer’s same key makes their own referral', async () => {
    const db = cast.t.database.db;
    const account = await makeAccount(db, [{ role: 'referrer', siteId: cast.homeSiteId }]);
    const colleague = new Client(cast.t.app);
    expect((await colleague.signIn(account.email, account.password)).statusCode).toBe(200);
    const key = randomUUID();
    const body = referralBody();
    const mine = await postWithKey(referrer, '/api/referrals', body, key);
    const theirs = await postWithKey(colleague, '/api/referrals', body, key);
    expect(theirs.statusCode).toBe(201);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    expect(theirs.json<{ id: string }>().id).not.toBe(mine.json<{ id: string }>().id);
    expect(await casesOf(body.person.familyName)).toBe(2);
  });

  it('keeps no key for a refused create, so the corrected one goes through', async () => {
    const key = randomUUID();
    const body = referralBody();
    const refused = await postWithKey(
      referrer,
      '/api/referrals',
      { ...body, consent: { ...body.consent, coversReferral: false } },
      key,
    );
    expect(refused.statusCode).toBe(400);
    const corrected = await postWithKey(referrer, '/api/referrals', body, key);
    expect(corrected.statusCode).toBe(201);
    expect(await casesOf(body.person.familyName)).toBe(1);
  });

  it('refuses a key that is not printable text of 8 to 255 characters', async () => {
    for (const key of ['short', 'has a space in it', 'x'.repeat(256)]) {
      const response = await postWithKey(referrer, '/api/referrals', referralBody(), key);
      expect(response.statusCode, key).toBe(400);
      expect(errorOf(response).issues?.map((issue) => issue.field)).toContain('idempotency-key');
    }
  });

  it('leaves creates without a key as they were: each one a new case', async () => {
    const body = referralBody();
    expect((await referrer.post('/api/referrals', body)).statusCode).toBe(201);
    expect((await referrer.post('/api/referrals', body)).statusCode).toBe(201);
    expect(await casesOf(body.person.familyName)).toBe(2);
  });
});

describe('the other creates', () => {
  it('replays a self-referral sent again without signing in', async () => {
    const familyName = `Tremblay-${randomUUID().slice(0, 8)}`;
    const body = {
      siteId: cast.homeSiteId,
      person: {
        givenName: 'Sam',
        familyName,
        dateOfBirth: '1990-11-02',
        email: `sam.${randomUUID().slice(0, 8)}@example.org`,
        preferredLanguage: 'fr',
        contactPreference: 'email',
      },
      reasons: ['low_mood_stress'],
      consent: true,
      website: '',
    };
    const key = randomUUID();
    const send = (): Promise<LightMyRequestResponse> =>
      cast.t.app.inject({
        method: 'POST',
        url: '/api/public/self-referrals',
        payload: body,
        remoteAddress: '10.9.0.1',
        headers: { 'accept-language': 'en', 'idempotency-key': key },
      });
    const first = await send();
    expect(first.statusCode, first.body).toBe(201);
    const again = await send();
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    expect(await casesOf(familyName)).toBe(1);
  });

  it('replays a connection and a measurement, each written once', async () => {
    const caseId = await acceptedCase();
    const lw = cast.linkWorker.client;
    const connection = {
      organisationName: 'Jardin communautaire',
      activity: 'Gardening on Tuesdays',
      personWants: 'To be outside with others',
    };
    const connectionKey = randomUUID();
    const url = `/api/cases/${caseId}/connections`;
    const first = await postWithKey(lw, url, connection, connectionKey);
    expect(first.statusCode, first.body).toBe(201);
    const again = await postWithKey(lw, url, connection, connectionKey);
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    const db = cast.t.database.db;
    const [made] = await db
      .select({ n: count() })
      .from(connections)
      .where(eq(connections.caseId, caseId));
    expect(made?.n).toBe(1);

    const measurement = {
      instrumentId: 'ucla3',
      timepoint: 'baseline',
      takenOn: siteDay(-1),
      answers: { companionship: 3, left_out: 2, isolated: 3 },
    };
    const measurementKey = randomUUID();
    const measurementsUrl = `/api/cases/${caseId}/measurements`;
    const recorded = await postWithKey(lw, measurementsUrl, measurement, measurementKey);
    expect(recorded.statusCode, recorded.body).toBe(201);
    const recordedAgain = await postWithKey(lw, measurementsUrl, measurement, measurementKey);
    // Without the key, a second baseline would be refused as measurement_exists (409).
    expect(recordedAgain.statusCode).toBe(201);
    expect(recordedAgain.json()).toEqual(recorded.json());
    const [taken] = await db
      .select({ n: count() })
      .from(measurements)
      .where(eq(measurements.caseId, caseId));
    expect(taken?.n).toBe(1);
  });

  it('audits refusals as without a key, even when more are refused at once than the pool has connections', async () => {
    const caseId = await acceptedCase();
    const outsider = cast.others.otherSiteLinkWorker;
    const url = `/api/cases/${caseId}/connections`;
    const body = { organisationName: 'Club', activity: 'Chess', personWants: 'Company' };
    // Twelve: the pool has ten connections, and each refused create holds one until it rolls back.
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => postWithKey(outsider, url, body, randomUUID())),
    );
    expect(new Set(answers.map((answer) => answer.statusCode))).toEqual(new Set([404]));
    const db = cast.t.database.db;
    const [denied] = await db
      .select({ n: count() })
      .from(auditEvents)
      .where(sql`${auditEvents.subjectId} = ${caseId} and ${auditEvents.action} = 'access.denied'`);
    expect(denied?.n).toBe(12);
    const [made] = await db
      .select({ n: count() })
      .from(connections)
      .where(eq(connections.caseId, caseId));
    expect(made?.n).toBe(0);
  });

  it('describes the header on each create in the API document', async () => {
    const document = (await cast.t.app.inject({ url: '/api/openapi.json' })).json<{
      paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>;
    }>();
    for (const path of [
      '/api/referrals',
      '/api/public/self-referrals',
      '/api/cases/{caseId}/connections',
      '/api/cases/{caseId}/measurements',
    ]) {
      const parameters = document.paths[path]?.post?.parameters ?? [];
      expect(parameters, path).toContainEqual(
        expect.objectContaining({ name: 'idempotency-key', in: 'header' }),
      );
    }
  });
});

describe('the purge', () => {
  it('forgets keys after 24 hours, after which the same key makes a new referral', async () => {
    const db = cast.t.database.db;
    const oldKey = randomUUID();
    const body = referralBody();
    expect((await postWithKey(referrer, '/api/referrals', body, oldKey)).statusCode).toBe(201);
    const recentKey = randomUUID();
    expect(
      (await postWithKey(referrer, '/api/referrals', referralBody(), recentKey)).statusCode,
    ).toBe(201);
    await db
      .update(idempotencyKeys)
      .set({ createdAt: new Date(Date.now() - 25 * 3_600_000) })
      .where(eq(idempotencyKeys.key, oldKey));
    await cast.t.runJob(idempotencyPurgeJob);
    const left = await db.select({ key: idempotencyKeys.key }).from(idempotencyKeys);
    expect(left.map((row) => row.key)).toContain(recentKey);
    expect(left.map((row) => row.key)).not.toContain(oldKey);
    const afterPurge = await postWithKey(referrer, '/api/referrals', body, oldKey);
    expect(afterPurge.headers['idempotent-replayed']).toBeUndefined();
    expect(await casesOf(body.person.familyName)).toBe(2);
  });
});
