import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cases, consents, contacts, followUps, measurements } from '../../src/server/db/schema';
import { errorOf } from '../helpers/app';
import { type Cast, startCast } from '../helpers/cast';
import { makeCase, makePerson } from '../helpers/factories';
import { siteDay } from '../helpers/site-day';

/*
 * Days no one could mean: consent given or a contact made on 0001-01-01, a measurement in
 * 1900 for a person born in 1980, a follow-up due in 1900. Each is refused with its field
 * named, in the caller's language (the cast's link worker reads French, its referrer
 * English), and nothing is written. Attendance dated ahead: connections.test.ts.
 */

let cast: Cast;
beforeAll(async () => {
  cast = await startCast();
});
afterAll(() => cast.close());

/** A case of a person born in 1980, accepted and assigned to the link worker. */
async function activeCase(): Promise<string> {
  const db = cast.t.database.db;
  const person = await makePerson(db, cast.homeSiteId, { dateOfBirth: '1980-05-17' });
  const made = await makeCase(db, cast.homeSiteId, {
    referrerAccountId: cast.referrer.id,
    personId: person.id,
  });
  await db
    .update(cases)
    .set({ status: 'active', assignedTo: cast.linkWorker.id, acceptedAt: new Date() })
    .where(eq(cases.id, made.id));
  return made.id;
}

async function rows(): Promise<Record<string, number>> {
  const db = cast.t.database.db;
  const counted = async (table: typeof consents | typeof contacts | typeof measurements) =>
    (await db.select({ n: count() }).from(table))[0]?.n ?? 0;
  const [due] = await db.select({ n: count() }).from(followUps);
  return {
    consents: await counted(consents),
    contacts: await counted(contacts),
    measurements: await counted(measurements),
    followUps: due?.n ?? 0,
  };
}

function day(offset: number): string {
  return siteDay(offset);
}

function expectRefused(
  response: Awaited<ReturnType<Cast['linkWorker']['client']['post']>>,
  field: string,
  words: RegExp,
): void {
  expect(response.statusCode, response.body).toBe(400);
  expect(errorOf(response)).toMatchObject({ code: 'validation_failed', field });
  expect(errorOf(response).issues).toEqual([{ field, message: expect.stringMatching(words) }]);
}

describe('days no one could mean', () => {
  it('refuses consent given on 0001-01-01, in the referrer’s language', async () => {
    const before = await rows();
    const response = await cast.referrer.client.post('/api/referrals', {
      siteId: cast.homeSiteId,
      person: {
        givenName: 'Marie',
        familyName: 'Ancienne',
        dateOfBirth: '1980-05-17',
        phone: '819-555-0199',
        preferredLanguage: 'fr',
        contactPreference: 'phone',
      },
      reasons: ['loneliness_isolation'],
      urgency: 'soon',
      context: 'Lives alone.',
      consent: {
        givenBy: 'person',
        givenAt: '0001-01-01T00:00:00Z',
        coversReferral: true,
        coversReferrerUpdates: true,
      },
    });
    expectRefused(response, 'consent.givenAt', /^Enter a date from the last 10 years\.$/);
    expect(await rows()).toEqual(before);
  });

  it('refuses a contact made on 0001-01-01, in the link worker’s language', async () => {
    const caseId = await activeCase();
    const before = await rows();
    const response = await cast.linkWorker.client.post(`/api/cases/${caseId}/contacts`, {
      channel: 'phone',
      outcome: 'reached',
      occurredAt: '0001-01-01T10:00:00Z',
    });
    expectRefused(response, 'occurredAt', /^Saisissez une date des 10 dernières années\.$/);
    expect(await rows()).toEqual(before);
    const made = await cast.linkWorker.client.post(`/api/cases/${caseId}/contacts`, {
      channel: 'phone',
      outcome: 'reached',
      occurredAt: new Date(Date.now() - 60_000).toISOString(),
    });
    expect(made.statusCode, made.body).toBe(201);
  });

  it('refuses a measurement in 1900 for a person born in 1980', async () => {
    const caseId = await activeCase();
    const before = await rows();
    const response = await cast.linkWorker.client.post(`/api/cases/${caseId}/measurements`, {
      instrumentId: 'ucla3',
      timepoint: 'baseline',
      takenOn: '1900-06-01',
      answers: { companionship: 3, left_out: 2, isolated: 3 },
    });
    expectRefused(response, 'takenOn', /^Saisissez une date des 10 dernières années\.$/);
    expect(await rows()).toEqual(before);
  });

  it('refuses a follow-up due in 1900, or moved to 1900, and one due decades ahead', async () => {
    const caseId = await activeCase();
    const before = await rows();
    for (const dueOn of ['1900-01-01', '2999-01-01']) {
      const response = await cast.linkWorker.client.post(`/api/cases/${caseId}/follow-ups`, {
        kind: 'measurement',
        dueOn,
      });
      expectRefused(
        response,
        'dueOn',
        /^Saisissez une date entre 1 an avant aujourd’hui et 5 ans après\.$/,
      );
    }
    expect(await rows()).toEqual(before);
    const created = await cast.linkWorker.client.post(`/api/cases/${caseId}/follow-ups`, {
      kind: 'measurement',
      dueOn: day(90),
    });
    expect(created.statusCode, created.body).toBe(201);
    const followUp = created.json<{ id: string; dueOn: string }>();
    const moved = await cast.linkWorker.client.patch(`/api/follow-ups/${followUp.id}`, {
      dueOn: '1900-01-01',
      version: 1,
    });
    expectRefused(moved, 'dueOn', /^Saisissez une date entre 1 an/);
    const [kept] = await cast.t.database.db
      .select({ dueOn: followUps.dueOn })
      .from(followUps)
      .where(eq(followUps.id, followUp.id));
    expect(kept?.dueOn).toBe(day(90));
  });
});
