import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordMeasurementResult } from '../../src/shared/contracts/outcomes';
import { addDays, dayIn } from '../../src/shared/time-zones';
import { auditEvents, cases, contacts, measurements, sites } from '../../src/server/db/schema';
import { errorOf } from '../helpers/app';
import { type Cast, startCast } from '../helpers/cast';
import { makeCase } from '../helpers/factories';

/*
 * What a link worker's measurement is checked against where it is written: the encounter it
 * names is the case's, the day is not after today where the case's site is, and an
 * amendment refused for its timepoint leaves the measurement it corrects as it was.
 */

let cast: Cast;
beforeAll(async () => {
  cast = await startCast();
});
afterAll(() => cast.close());

async function activeCase(): Promise<string> {
  const db = cast.t.database.db;
  const made = await makeCase(db, cast.homeSiteId, { referrerAccountId: cast.referrer.id });
  await db
    .update(cases)
    .set({ status: 'active', assignedTo: cast.linkWorker.id, acceptedAt: new Date() })
    .where(eq(cases.id, made.id));
  return made.id;
}

async function contactOf(caseId: string): Promise<string> {
  const [row] = await cast.t.database.db
    .insert(contacts)
    .values({
      caseId,
      channel: 'in_person',
      outcome: 'reached',
      occurredAt: new Date(),
      recordedBy: cast.linkWorker.id,
    })
    .returning({ id: contacts.id });
  if (!row) throw new Error('no contact');
  return row.id;
}

async function siteToday(): Promise<string> {
  const [site] = await cast.t.database.db
    .select({ timeZone: sites.timeZone })
    .from(sites)
    .where(eq(sites.id, cast.homeSiteId));
  if (!site) throw new Error('no site');
  return dayIn(new Date(), site.timeZone);
}

function record(caseId: string, body: Record<string, unknown>) {
  return cast.linkWorker.client.post(`/api/cases/${caseId}/measurements`, {
    instrumentId: 'ucla3',
    timepoint: 'baseline',
    answers: { companionship: 3, left_out: 2, isolated: 3 },
    ...body,
  });
}

async function written(caseId: string): Promise<{ measurements: number; audit: number }> {
  const db = cast.t.database.db;
  const rows = await db.select().from(measurements).where(eq(measurements.caseId, caseId));
  const audit = await db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.subjectId, caseId), eq(auditEvents.outcome, 'success')));
  return { measurements: rows.length, audit: audit.length };
}

describe('a measurement taken in an encounter', () => {
  it("names one of the case's contacts; another case's is not found and nothing is written", async () => {
    const caseId = await activeCase();
    const takenOn = await siteToday();
    const elsewhere = await contactOf(await activeCase());
    const refused = await record(caseId, { takenOn, contactId: elsewhere });
    expect(refused.statusCode).toBe(404);
    expect(errorOf(refused)).toMatchObject({ code: 'not_found', field: 'contactId' });
    expect(await written(caseId)).toEqual({ measurements: 0, audit: 0 });

    const contactId = await contactOf(caseId);
    const response = await record(caseId, { takenOn, contactId });
    expect(response.statusCode, response.body).toBe(201);
    const { measurement } = response.json<RecordMeasurementResult>();
    const [row] = await cast.t.database.db
      .select({ contactId: measurements.contactId })
      .from(measurements)
      .where(eq(measurements.id, measurement.id));
    expect(row).toEqual({ contactId });
  });
});

describe("the day a measurement is taken, where the case's site is", () => {
  it('takes today there, even when it is already tomorrow in UTC, and refuses the day after', async () => {
    // Fourteen hours ahead of UTC: its today is UTC's tomorrow for most of the day.
    await cast.t.database.db
      .update(sites)
      .set({ timeZone: 'Pacific/Kiritimati' })
      .where(eq(sites.id, cast.homeSiteId));
    try {
      const today = await siteToday();
      const caseId = await activeCase();
      const tomorrow = await record(caseId, { takenOn: addDays(today, 1) });
      expect(errorOf(tomorrow)).toMatchObject({ code: 'date_in_future', field: 'takenOn' });
      const response = await record(caseId, { takenOn: today });
      expect(response.statusCode, response.body).toBe(201);
    } finally {
      await cast.t.database.db
        .update(sites)
        .set({ timeZone: 'America/Toronto' })
        .where(eq(sites.id, cast.homeSiteId));
    }
  });
});

describe('an amendment to a timepoint another measurement holds', () => {
  it('is refused, and the measurement it corrects still counts', async () => {
    const caseId = await activeCase();
    const takenOn = await siteToday();
    const baseline = await record(caseId, { takenOn });
    const month3 = await record(caseId, { takenOn, timepoint: 'month_3' });
    expect([baseline.statusCode, month3.statusCode]).toEqual([201, 201]);
    const old = baseline.json<RecordMeasurementResult>().measurement;

    const refused = await cast.linkWorker.client.post(
      `/api/cases/${caseId}/measurements/${old.id}/amendments`,
      { timepoint: 'month_3', takenOn, answers: { companionship: 1, left_out: 1, isolated: 1 } },
    );
    expect(refused.statusCode).toBe(409);
    expect(errorOf(refused)).toMatchObject({ code: 'measurement_exists', field: 'timepoint' });
    const [row] = await cast.t.database.db
      .select({ voidedAt: measurements.voidedAt })
      .from(measurements)
      .where(eq(measurements.id, old.id));
    expect(row).toEqual({ voidedAt: null });
    expect(await written(caseId)).toEqual({ measurements: 2, audit: 2 });
  });
});
