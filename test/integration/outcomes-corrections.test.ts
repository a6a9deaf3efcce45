import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  CaseOutcomes,
  MeasurementLink,
  RecordMeasurementResult,
} from '../../src/shared/contracts/outcomes';
import { selectRows } from '../../src/server/db/client';
import {
  auditEvents,
  cases,
  measurementAnswers,
  measurements,
  people,
  questionnaireRequests,
} from '../../src/server/db/schema';
import { reportsRefreshJob } from '../../src/server/features/reports';
import { exportRowsSql } from '../../src/server/features/reports/report-export-queries';
import * as live from '../../src/server/features/reports/reports-live-queries';
import * as summary from '../../src/server/features/reports/reports-queries';
import { Client, errorOf, type TestApp } from '../helpers/app';
import { type Cast, startCast } from '../helpers/cast';
import { makeCase } from '../helpers/factories';
import { siteDay } from '../helpers/site-day';

/*
 * Corrections to outcome questionnaires: a measurement amended (answers entered again) or
 * voided with a reason is kept as history and counted nowhere; a questionnaire with no
 * answer is refused; the form offers the timepoint due for the case.
 */

let t: TestApp;
let cast: Cast;
let homeSiteId: string;
let linkWorker: Cast['linkWorker'];
let manager: Client;

beforeAll(async () => {
  cast = await startCast({ defaultLocale: 'fr' });
  ({ t, homeSiteId, linkWorker } = cast);
  manager = cast.manager.client;
});
afterAll(() => cast.close());

async function activeCase(): Promise<{ id: string; personId: string }> {
  const made = await makeCase(t.database.db, homeSiteId, { referrerAccountId: cast.referrer.id });
  await t.database.db
    .update(cases)
    // Referred long ago: the tests date measurements back, never before the referral.
    .set({
      status: 'active',
      assignedTo: linkWorker.id,
      acceptedAt: new Date(),
      referredAt: new Date(Date.now() - 400 * 86_400_000),
    })
    .where(eq(cases.id, made.id));
  return made;
}

async function record(
  client: Client,
  caseId: string,
  body: Record<string, unknown> = {},
): Promise<RecordMeasurementResult> {
  const response = await client.post(`/api/cases/${caseId}/measurements`, {
    instrumentId: 'ucla3',
    timepoint: 'baseline',
    takenOn: siteDay(0),
    answers: { companionship: 3, left_out: 3, isolated: 3 },
    ...body,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<RecordMeasurementResult>();
}

async function outcomesOf(caseId: string, query = ''): Promise<CaseOutcomes> {
  const response = await manager.get(`/api/cases/${caseId}/measurements${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<CaseOutcomes>();
}

function recordingOf(outcomes: CaseOutcomes, instrumentId: string): CaseOutcomes['recording'][0] {
  const found = outcomes.recording.find((entry) => entry.instrumentId === instrumentId);
  if (!found) throw new Error(`no recording entry for ${instrumentId}`);
  return found;
}

async function auditActions(caseId: string, action: string): Promise<unknown[]> {
  return t.database.db
    .select({ details: auditEvents.details })
    .from(auditEvents)
    .where(and(eq(auditEvents.subjectId, caseId), eq(auditEvents.action, action)));
}

describe('amending a measurement', () => {
  it('replaces it with the answers entered again, scored afresh, and keeps the old one as history', async () => {
    const { id } = await activeCase();
    const first = await record(manager, id);
    expect(first.measurement.scores[0]).toMatchObject({ value: 9, band: 'lonely' });

    const amended = await linkWorker.client.post(
      `/api/cases/${id}/measurements/${first.measurement.id}/amendments`,
      {
        timepoint: 'baseline',
        takenOn: siteDay(0),
        answers: { companionship: 1, left_out: 1, isolated: 2 },
      },
    );
    expect(amended.statusCode, amended.body).toBe(201);
    const replacement = amended.json<RecordMeasurementResult>().measurement;
    expect(replacement.scores[0]).toMatchObject({ value: 4, band: 'not_lonely' });
    expect(replacement.answers).toEqual({ companionship: 1, left_out: 1, isolated: 2 });

    const rows = await t.database.db.select().from(measurements).where(eq(measurements.caseId, id));
    const old = rows.find((row) => row.id === first.measurement.id);
    const fresh = rows.find((row) => row.id === replacement.id);
    expect(old).toMatchObject({ voidReason: 'amended', voidedBy: linkWorker.id });
    expect(old?.voidedAt).not.toBeNull();
    expect(fresh).toMatchObject({ amendsId: first.measurement.id, voidedAt: null });
    expect(await auditActions(id, 'measurement.amended')).toEqual([
      {
        details: {
          measurementId: replacement.id,
          amendsId: first.measurement.id,
          instrumentId: 'ucla3',
          timepoint: 'baseline',
        },
      },
    ]);

    const outcomes = await outcomesOf(id);
    const ucla3 = outcomes.instruments.find((entry) => entry.instrumentId === 'ucla3');
    expect(ucla3?.measurements.map((m) => m.id)).toEqual([replacement.id]);
    expect(ucla3?.corrected).toHaveLength(1);
    expect(ucla3?.corrected[0]).toMatchObject({
      id: first.measurement.id,
      scores: [{ value: 9 }],
      correction: { kind: 'amended', reason: null, replacedBy: replacement.id },
    });
    expect(ucla3?.corrected[0]?.correction.by).toEqual(expect.any(String));

    // The old one cannot be corrected again: the replacement is what counts now.
    const again = await manager.post(
      `/api/cases/${id}/measurements/${first.measurement.id}/amendments`,
      { timepoint: 'baseline', takenOn: siteDay(0), answers: { companionship: 2 } },
    );
    expect(again.statusCode).toBe(409);
    expect(errorOf(again).code).toBe('measurement_voided');
  });

  it('refuses answers that are empty, changing nothing', async () => {
    const { id } = await activeCase();
    const first = await record(manager, id);
    const empty = await manager.post(
      `/api/cases/${id}/measurements/${first.measurement.id}/amendments`,
      { timepoint: 'baseline', takenOn: siteDay(0), answers: { companionship: null } },
    );
    expect(empty.statusCode).toBe(422);
    expect(errorOf(empty).code).toBe('answers_empty');
    const [row] = await t.database.db
      .select()
      .from(measurements)
      .where(eq(measurements.id, first.measurement.id));
    expect(row?.voidedAt).toBeNull();
  });
});

describe('voiding a measurement', () => {
  it('asks for the words of an "other" reason, then sets it aside: kept, not counted, the timepoint free again', async () => {
    const { id } = await activeCase();
    const first = await record(linkWorker.client, id);
    const url = `/api/cases/${id}/measurements/${first.measurement.id}/void`;

    const noWords = await linkWorker.client.post(url, { reason: 'other' });
    expect(noWords.statusCode).toBe(400);
    expect(errorOf(noWords).issues?.[0]?.field ?? errorOf(noWords).field).toBe('note');

    const voided = await linkWorker.client.post(url, {
      reason: 'other',
      note: 'Answered for the wrong week',
    });
    expect(voided.statusCode, voided.body).toBe(204);
    expect(await auditActions(id, 'measurement.voided')).toEqual([
      {
        details: {
          measurementId: first.measurement.id,
          instrumentId: 'ucla3',
          timepoint: 'baseline',
          reason: 'other',
        },
      },
    ]);

    const outcomes = await outcomesOf(id);
    const ucla3 = outcomes.instruments.find((entry) => entry.instrumentId === 'ucla3');
    expect(ucla3?.measurements).toEqual([]);
    expect(ucla3?.corrected[0]?.correction).toMatchObject({
      kind: 'voided',
      reason: 'other',
      note: 'Answered for the wrong week',
      replacedBy: null,
    });
    // Nothing counts at the baseline any more: it is due, and offered, again.
    expect(outcomes.due[0]).toMatchObject({ timepoint: 'baseline' });
    expect(outcomes.due[0]?.instrumentIds).toContain('ucla3');
    expect(recordingOf(outcomes, 'ucla3')).toMatchObject({ due: 'baseline' });
    expect(recordingOf(outcomes, 'ucla3').available).toContain('baseline');

    const twice = await linkWorker.client.post(url, { reason: 'wrong_person' });
    expect(twice.statusCode).toBe(409);
    expect(errorOf(twice).code).toBe('measurement_voided');

    // The "already answered" check of a questionnaire link ignores it too.
    const link = await linkWorker.client.post(`/api/cases/${id}/measurement-links`, {
      instrumentIds: ['ucla3'],
      timepoint: 'baseline',
      sendByEmail: false,
    });
    expect(link.statusCode).toBe(201);
    await record(linkWorker.client, id);
  });

  it('is refused on a closed case, on another case\u2019s measurement, and to another site', async () => {
    const { id } = await activeCase();
    const other = await activeCase();
    const first = await record(manager, id);
    const elsewhere = await manager.post(
      `/api/cases/${other.id}/measurements/${first.measurement.id}/void`,
      { reason: 'entered_in_error' },
    );
    expect(elsewhere.statusCode).toBe(404);
    const otherSite = await cast.others.otherSiteLinkWorker.post(
      `/api/cases/${id}/measurements/${first.measurement.id}/void`,
      { reason: 'entered_in_error' },
    );
    expect(otherSite.statusCode).toBe(404);
    await t.database.db
      .update(cases)
      .set({ status: 'discharged', closedAt: new Date(), closureReason: 'goals_met' })
      .where(eq(cases.id, id));
    const closed = await manager.post(
      `/api/cases/${id}/measurements/${first.measurement.id}/void`,
      { reason: 'entered_in_error' },
    );
    expect(closed.statusCode).toBe(409);
    expect(errorOf(closed).code).toBe('case_closed');
  });
});

describe('reports', () => {
  it('drop a voided measurement once the summaries have taken the case in again', async () => {
    const db = t.database.db;
    const { id, personId } = await activeCase();
    await record(linkWorker.client, id, { takenOn: siteDay(-100) });
    const followUp = await record(linkWorker.client, id, {
      timepoint: 'month_3',
      takenOn: siteDay(-5),
      answers: { companionship: 1, left_out: 1, isolated: 1 },
    });
    const filter = { siteIds: [homeSiteId], from: null, to: null };
    const pairs = async (): Promise<number> =>
      (await summary.selectOutcomePairCounts(db, filter))
        .filter((row) => row.instrument_id === 'ucla3' && row.before === 9 && row.after === 3)
        .reduce((total, row) => total + row.count, 0);
    await t.runJob(reportsRefreshJob);
    const counted = await pairs();
    expect(counted).toBeGreaterThanOrEqual(1);

    const voided = await linkWorker.client.post(
      `/api/cases/${id}/measurements/${followUp.measurement.id}/void`,
      { reason: 'wrong_person' },
    );
    expect(voided.statusCode).toBe(204);
    // The void queues the case for the summaries, as a new measurement does.
    const queued = await selectRows<{ case_id: string }>(
      db,
      sql`select case_id from report_dirty_cases where case_id = ${id}`,
    );
    expect(queued).toHaveLength(1);
    await t.runJob(reportsRefreshJob);
    expect(await pairs()).toBe(counted - 1);
    // The live figures agree, and the export's row for the person keeps the baseline only.
    expect(await summary.selectOutcomePairCounts(db, filter)).toEqual(
      await live.selectOutcomePairCounts(db, filter),
    );
    const exported = await selectRows<{ person_id: string; scores: Record<string, unknown> }>(
      db,
      exportRowsSql(filter),
    );
    // [baseline, paired follow-up, the month the pair ends at (the baseline's), the four timepoints]
    expect(exported.find((row) => row.person_id === personId)?.scores).toEqual({
      'ucla3.total': [9, null, siteDay(-100).slice(0, 7), null, null, null, null],
    });

    // An amendment moves the figure from the old answers to the new ones.
    const again = await record(linkWorker.client, id, {
      timepoint: 'month_3',
      takenOn: siteDay(-5),
      answers: { companionship: 1, left_out: 1, isolated: 1 },
    });
    await t.runJob(reportsRefreshJob);
    expect(await pairs()).toBe(counted);
    const amended = await linkWorker.client.post(
      `/api/cases/${id}/measurements/${again.measurement.id}/amendments`,
      {
        timepoint: 'month_3',
        takenOn: siteDay(-5),
        answers: { companionship: 2, left_out: 1, isolated: 1 },
      },
    );
    expect(amended.statusCode).toBe(201);
    await t.runJob(reportsRefreshJob);
    expect(await pairs()).toBe(counted - 1);
    const four = (await summary.selectOutcomePairCounts(db, filter)).find(
      (row) => row.instrument_id === 'ucla3' && row.before === 9 && row.after === 4,
    );
    expect(four?.count).toBeGreaterThanOrEqual(1);
  });
});

describe('a questionnaire with no answer', () => {
  it('is refused to the link worker (422, in French), and nothing is written', async () => {
    const { id } = await activeCase();
    for (const answers of [{}, { companionship: null, left_out: null, isolated: null }]) {
      const response = await linkWorker.client.request(
        'POST',
        `/api/cases/${id}/measurements`,
        { instrumentId: 'ucla3', timepoint: 'baseline', takenOn: siteDay(0), answers },
        { 'accept-language': 'fr' },
      );
      expect(response.statusCode).toBe(422);
      expect(errorOf(response)).toMatchObject({
        code: 'answers_empty',
        field: 'answers',
        message:
          'Rien n’a été enregistré, car aucune question n’a de réponse. Répondez à au moins une question.',
      });
    }
    expect(
      await t.database.db.select().from(measurements).where(eq(measurements.caseId, id)),
    ).toEqual([]);
  });

  it('is refused to the person (422, in English), and the link still works', async () => {
    const { id, personId } = await activeCase();
    await t.database.db.update(people).set({ email: null }).where(eq(people.id, personId));
    const created = await linkWorker.client.post(`/api/cases/${id}/measurement-links`, {
      instrumentIds: ['ucla3', 'ons4'],
      timepoint: 'baseline',
      sendByEmail: false,
    });
    const token = created.json<MeasurementLink>().url.split('/questionnaire/')[1] ?? '';
    const person = new Client(t.app, 'en');
    const empty = await person.post(`/api/questionnaires/${token}`, {
      answers: { ucla3: { companionship: null }, ons4: {} },
    });
    expect(empty.statusCode).toBe(422);
    expect(errorOf(empty)).toMatchObject({
      code: 'answers_empty',
      message: 'Nothing was saved, because no question is answered. Answer at least one question.',
    });
    expect(
      await t.database.db.select().from(measurements).where(eq(measurements.caseId, id)),
    ).toEqual([]);
    const [request] = await t.database.db
      .select()
      .from(questionnaireRequests)
      .where(eq(questionnaireRequests.caseId, id));
    expect(request?.answeredAt).toBeNull();

    // One questionnaire answered, the other left blank: only the answered one is recorded.
    const answered = await person.post(`/api/questionnaires/${token}`, {
      answers: { ucla3: { companionship: 2, left_out: 2, isolated: 2 }, ons4: {} },
    });
    expect(answered.statusCode, answered.body).toBe(200);
    const rows = await t.database.db.select().from(measurements).where(eq(measurements.caseId, id));
    expect(rows.map((row) => row.instrumentId)).toEqual(['ucla3']);
    const stored = await t.database.db
      .select()
      .from(measurementAnswers)
      .where(eq(measurementAnswers.measurementId, rows[0]?.id ?? ''));
    expect(stored).toHaveLength(3);
  });
});

describe('the timepoint offered', () => {
  it('is the baseline first, then the follow-up that has come, then the discharge', async () => {
    const { id } = await activeCase();
    const fresh = await outcomesOf(id);
    expect(recordingOf(fresh, 'ucla3')).toEqual({
      instrumentId: 'ucla3',
      due: 'baseline',
      available: ['baseline', 'month_3', 'month_6', 'month_12', 'discharge'],
    });

    // A baseline 95 days ago: the 3-month follow-up has come.
    await record(linkWorker.client, id, { takenOn: siteDay(-95) });
    const afterBaseline = await outcomesOf(id);
    expect(recordingOf(afterBaseline, 'ucla3')).toEqual({
      instrumentId: 'ucla3',
      due: 'month_3',
      available: ['month_3', 'month_6', 'month_12', 'discharge'],
    });
    // Another questionnaire still starts at its own baseline.
    expect(recordingOf(afterBaseline, 'ons4').due).toBe('baseline');
    // While the case is being closed, the discharge measure is the one due.
    expect(recordingOf(await outcomesOf(id, '?closing=true'), 'ucla3').due).toBe('discharge');

    await record(linkWorker.client, id, { timepoint: 'month_3', takenOn: siteDay(-3) });
    // The 6-month follow-up has not come yet, but it is the next one.
    expect(recordingOf(await outcomesOf(id), 'ucla3').due).toBe('month_6');
    await record(linkWorker.client, id, { timepoint: 'month_6', takenOn: siteDay(-1) });
    // The site's schedule (3 and 6 months) is done: the discharge is next.
    const done = await outcomesOf(id);
    expect(recordingOf(done, 'ucla3')).toEqual({
      instrumentId: 'ucla3',
      due: 'discharge',
      available: ['month_12', 'discharge'],
    });
  });
});
