import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditEvents,
  cases,
  measurements,
  outboundEmails,
  safeguardingConcerns,
  sites,
} from '../../src/server/db/schema';
import type { CaseOutcomes, QuestionnaireAnswered } from '../../src/shared/contracts/outcomes';
import type { PersonQuestionnaires } from '../../src/shared/contracts/person-space';
import { errorOf, startTestApp, type TestApp } from '../helpers/app';
import { makeSite } from '../helpers/factories';
import { invitableCase, invitationToken, personClient } from '../helpers/person-space';
import { siteDay } from '../helpers/site-day';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ PUBLIC_URL: 'https://passerelle.test' });
});
afterAll(() => t.close());

/** A person signed in to their space, at a new site measuring these instruments, and their link worker. */
async function personAt(instruments?: string[]) {
  const site = await makeSite(t.database.db);
  if (instruments)
    await t.database.db
      .update(sites)
      .set({ measurementInstruments: instruments })
      .where(eq(sites.id, site.id));
  const made = await invitableCase(t, { siteId: site.id });
  const invited = await made.linkWorker.post(`/api/cases/${made.caseId}/person-invitations`);
  expect(invited.statusCode, invited.body).toBe(201);
  const client = await personClient(t, await invitationToken(t, made.email ?? ''));
  return { ...made, client };
}

function questionnairesOf(signed: Awaited<ReturnType<typeof personAt>>) {
  return signed.client.get(`/api/person/cases/${signed.caseId}/questionnaires`);
}

function answer(
  signed: Awaited<ReturnType<typeof personAt>>,
  timepoint: string,
  answers: Record<string, Record<string, number | null>>,
) {
  return signed.client.post(
    `/api/person/cases/${signed.caseId}/questionnaires/${timepoint}/answers`,
    { answers },
  );
}

async function measurementCount(caseId: string): Promise<number> {
  return (await t.database.db.select().from(measurements).where(eq(measurements.caseId, caseId)))
    .length;
}

describe('the questionnaires due in the person’s own space', () => {
  it('lists the baseline due since they said yes, in their language and the words written for them', async () => {
    const signed = await personAt();
    // The page asks in the language it shows (French, the person's, here).
    const response = await signed.client.request(
      'GET',
      `/api/person/cases/${signed.caseId}/questionnaires`,
      undefined,
      { 'accept-language': 'fr' },
    );
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json<PersonQuestionnaires>();
    expect(body.canAnswer).toBe(true);
    expect(body.history).toEqual([]);
    expect(body.due).toHaveLength(1);
    expect(body.due[0]).toMatchObject({ timepoint: 'baseline', dueOn: siteDay() });
    expect(body.due[0]?.instruments.map((i) => i.instrumentId)).toEqual(['ucla3', 'ons4']);
    // French, the person's language; the discharge measure is left to the link worker.
    const satisfied = body.due[0]?.instruments[1]?.items[0];
    expect(satisfied?.text).toMatch(/satisfait/);
    expect(JSON.stringify(body)).not.toContain('discharge');
    // Switched to English on the page, the questions follow at once.
    const english = (await questionnairesOf(signed)).json<PersonQuestionnaires>();
    expect(english.due[0]?.instruments[1]?.items[0]?.text).toMatch(/satisfied/);
    const [event] = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.subjectId, signed.caseId))
      .orderBy(desc(auditEvents.id))
      .limit(1);
    expect(event).toMatchObject({
      action: 'person.questionnaires_viewed',
      actorId: null,
      details: { via: 'person_session' },
    });
  });

  it('stores the answers as the person’s, which the link worker sees on the case, and shows their scores over time', async () => {
    const signed = await personAt();
    const response = await answer(signed, 'baseline', {
      ucla3: { companionship: 2, left_out: 1, isolated: 3 },
      ons4: { satisfied: 6, worthwhile: 7, happy: 5, anxious: 3 },
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json<QuestionnaireAnswered>()).toEqual({ showCrisisSupport: false });

    const after = (await questionnairesOf(signed)).json<PersonQuestionnaires>();
    expect(after.due).toEqual([]);
    const loneliness = after.history.find((h) => h.instrumentId === 'ucla3');
    expect(loneliness).toMatchObject({
      direction: 'lower_is_better',
      range: { min: 3, max: 9 },
      points: [{ timepoint: 'baseline', takenOn: siteDay(), score: 6 }],
    });
    expect(after.history.filter((h) => h.instrumentId === 'ons4')).toHaveLength(4);

    const recorded = await t.database.db
      .select()
      .from(measurements)
      .where(eq(measurements.caseId, signed.caseId));
    expect(recorded.map((m) => [m.instrumentId, m.timepoint, m.answeredBy])).toEqual(
      expect.arrayContaining([
        ['ucla3', 'baseline', 'person'],
        ['ons4', 'baseline', 'person'],
      ]),
    );
    const audited = await t.database.db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.subjectId, signed.caseId),
          eq(auditEvents.action, 'measurement.recorded'),
        ),
      );
    expect(audited).toHaveLength(2);
    expect(audited[0]?.details).toMatchObject({ via: 'person_session', answeredBy: 'person' });

    // Answered, it is no longer due: a second sending changes nothing.
    const again = await answer(signed, 'baseline', { ucla3: { companionship: 1 } });
    expect(again.statusCode).toBe(409);
    expect(errorOf(again)).toMatchObject({ code: 'questionnaire_not_due', field: 'timepoint' });
    expect(await measurementCount(signed.caseId)).toBe(2);
  });

  it('shows the link worker the person’s answers among the case’s outcomes, the rest still due', async () => {
    const signed = await personAt();
    await answer(signed, 'baseline', { ons4: { satisfied: 8 } });
    const outcomes = await signed.linkWorker.get(`/api/cases/${signed.caseId}/measurements`);
    expect(outcomes.statusCode).toBe(200);
    const seen = outcomes.json<CaseOutcomes>();
    const ons4 = seen.instruments.find((i) => i.instrumentId === 'ons4');
    expect(ons4?.measurements[0]).toMatchObject({
      timepoint: 'baseline',
      answeredBy: 'person',
      takenOn: siteDay(),
    });
    expect(seen.due[0]).toMatchObject({ timepoint: 'baseline', instrumentIds: ['ucla3'] });
    const own = (await questionnairesOf(signed)).json<PersonQuestionnaires>();
    expect(own.due[0]?.instruments.map((i) => i.instrumentId)).toEqual(['ucla3']);
  });

  it('refuses what is not due, answers out of range and nothing answered, and stores nothing', async () => {
    const signed = await personAt();
    const notDue = await answer(signed, 'month_3', { ons4: { satisfied: 5 } });
    expect(notDue.statusCode).toBe(409);
    expect(errorOf(notDue).code).toBe('questionnaire_not_due');
    const notAsked = await answer(signed, 'baseline', { phq9: { phq9_1: 0 } });
    expect(notAsked.statusCode).toBe(400);
    expect(errorOf(notAsked)).toMatchObject({ code: 'answer_invalid', field: 'answers.phq9' });
    const outOfRange = await answer(signed, 'baseline', { ons4: { satisfied: 11 } });
    expect(outOfRange.statusCode).toBe(400);
    expect(errorOf(outOfRange).field).toBe('answers.ons4.satisfied');
    const empty = await answer(signed, 'baseline', { ons4: { satisfied: null } });
    expect(empty.statusCode).toBe(422);
    expect(errorOf(empty).code).toBe('answers_empty');
    const unknownTimepoint = await answer(signed, 'someday', { ons4: { satisfied: 5 } });
    expect(unknownTimepoint.statusCode).toBe(400);
    expect(await measurementCount(signed.caseId)).toBe(0);
  });

  it('never reaches another person’s case, and a closed case takes no more answers', async () => {
    const signed = await personAt();
    const other = await personAt();
    const theirs = await signed.client.get(`/api/person/cases/${other.caseId}/questionnaires`);
    expect(theirs.statusCode).toBe(404);
    const written = await signed.client.post(
      `/api/person/cases/${other.caseId}/questionnaires/baseline/answers`,
      { answers: { ons4: { satisfied: 5 } } },
    );
    expect(written.statusCode).toBe(404);
    expect(await measurementCount(other.caseId)).toBe(0);

    await t.database.db
      .update(cases)
      .set({ status: 'discharged', closedAt: new Date() })
      .where(eq(cases.id, signed.caseId));
    const closed = await answer(signed, 'baseline', { ons4: { satisfied: 5 } });
    expect(closed.statusCode).toBe(409);
    expect(errorOf(closed).code).toBe('case_closed');
    expect(await measurementCount(signed.caseId)).toBe(0);
  });

  it('raises the PHQ-9 item 9 alert as an emailed questionnaire does, and tells the page to show help', async () => {
    const signed = await personAt(['phq9']);
    const answers = Object.fromEntries(
      Array.from({ length: 9 }, (_, index) => [`phq9_${index + 1}`, index === 8 ? 1 : 0]),
    );
    const response = await answer(signed, 'baseline', { phq9: answers });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json<QuestionnaireAnswered>()).toEqual({ showCrisisSupport: true });
    const concerns = await t.database.db
      .select()
      .from(safeguardingConcerns)
      .where(eq(safeguardingConcerns.caseId, signed.caseId));
    expect(concerns).toHaveLength(1);
    expect(concerns[0]).toMatchObject({
      level: 'urgent',
      origin: 'questionnaire:phq9:self_harm_thoughts',
    });
    const alerts = await t.database.db
      .select()
      .from(outboundEmails)
      .where(eq(outboundEmails.kind, 'measurement.safeguarding'));
    expect(alerts.some((email) => email.text.includes(signed.caseId))).toBe(true);
  });
});
