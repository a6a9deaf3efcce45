import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type {
  CaseOutcomes,
  MeasurementLink,
  Questionnaire,
  QuestionnaireAnswered,
  RecordMeasurementResult,
} from '../../src/shared/contracts/outcomes';
import {
  actionLinks,
  auditEvents,
  cases,
  measurementAnswers,
  measurements,
  measurementScores,
  people,
  safeguardingConcerns,
  sites,
} from '../../src/server/db/schema';
import { measurementRemindersJob } from '../../src/server/features/outcomes';
import { instruments } from '../../src/shared/instruments';
import { Client, errorOf, type TestApp } from '../helpers/app';
import { type Cast, startCast } from '../helpers/cast';
import { makeAccount, makeCase, makeSite } from '../helpers/factories';
import type { CapturedEmail, SmtpCapture } from '../helpers/smtp';
import { siteDay } from '../helpers/site-day';

let t: TestApp;
let mail: SmtpCapture;
let homeSiteId: string;
let linkWorker: { id: string; email: string; client: Client };
let managerEmail: string;
let manager: Client;
let referrer: { id: string; client: Client };
let others: Record<'otherSiteLinkWorker' | 'partner' | 'evaluator' | 'administrator', Client>;

async function signedIn(email: string, password: string, language = 'en'): Promise<Client> {
  const client = new Client(t.app, language);
  expect((await client.signIn(email, password)).statusCode).toBe(200);
  return client;
}

let cast: Cast;
beforeAll(async () => {
  cast = await startCast({ defaultLocale: 'fr' });
  ({ t, mail, homeSiteId, linkWorker, referrer, others } = cast);
  manager = cast.manager.client;
  managerEmail = cast.manager.email;
});
afterAll(() => cast.close());
beforeEach(() => mail.clear());

/** A case of the home site, accepted and assigned to the link worker. */
async function assignedCase(
  person: { email?: string | null } = {},
): Promise<{ id: string; reference: string; personId: string }> {
  const made = await makeCase(t.database.db, homeSiteId, { referrerAccountId: referrer.id });
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
  if (person.email !== undefined) {
    await t.database.db
      .update(people)
      .set({ email: person.email })
      .where(eq(people.id, made.personId));
  }
  return made;
}

function record(
  client: Client,
  caseId: string,
  body: Record<string, unknown>,
): ReturnType<Client['get']> {
  return client.post(`/api/cases/${caseId}/measurements`, {
    instrumentId: 'ucla3',
    timepoint: 'baseline',
    takenOn: siteDay(0),
    answers: { companionship: 3, left_out: 2, isolated: 3 },
    ...body,
  });
}

async function delivered(predicate: (email: CapturedEmail) => boolean): Promise<CapturedEmail> {
  await t.deliverEmails();
  return mail.waitFor(predicate, 5_000);
}

function tokenOf(url: string): string {
  const token = url.split('/questionnaire/')[1];
  if (!token) throw new Error(`no token in ${url}`);
  return token;
}

describe('recording a measurement', () => {
  it('stores answers item by item and derived scores with bands', async () => {
    const { id } = await assignedCase();
    const response = await record(linkWorker.client, id, {});
    expect(response.statusCode).toBe(201);
    const result = response.json<RecordMeasurementResult>();
    expect(result.measurement.scores).toEqual([
      { scale: 'total', value: 8, band: 'lonely', reason: null },
    ]);
    expect(result.measurement.complete).toBe(true);
    expect(result.safeguarding).toEqual([]);
    const db = t.database.db;
    const [row] = await db.select().from(measurements).where(eq(measurements.caseId, id));
    expect(row).toMatchObject({
      siteId: homeSiteId,
      answeredBy: 'link_worker',
      recordedBy: linkWorker.id,
    });
    const answers = await db
      .select()
      .from(measurementAnswers)
      .where(eq(measurementAnswers.measurementId, result.measurement.id));
    expect(answers).toHaveLength(3);
    const audit = await db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, id), eq(auditEvents.action, 'measurement.recorded')));
    expect(audit).toHaveLength(1);
  });

  it('gives no score (never zero) when an item is missing and the rule allows none', async () => {
    const { id } = await assignedCase();
    const response = await record(linkWorker.client, id, {
      answers: { companionship: 3, left_out: null },
    });
    expect(response.statusCode).toBe(201);
    const { measurement } = response.json<RecordMeasurementResult>();
    expect(measurement.complete).toBe(false);
    expect(measurement.scores).toEqual([
      { scale: 'total', value: null, band: null, reason: 'missing_items' },
    ]);
    const [score] = await t.database.db
      .select()
      .from(measurementScores)
      .where(eq(measurementScores.measurementId, measurement.id));
    expect(score).toMatchObject({ value: null, reason: 'missing_items' });
    const stored = await t.database.db
      .select()
      .from(measurementAnswers)
      .where(eq(measurementAnswers.measurementId, measurement.id));
    expect(stored.find((answer) => answer.itemId === 'isolated')?.value).toBeNull();
  });

  it('refuses an answer that is not an option, or an unknown item, with the field in French', async () => {
    const { id } = await assignedCase();
    const french = await signedIn(
      (await makeAccount(t.database.db, [{ role: 'link_worker', siteId: homeSiteId }])).email,
      'correct horse battery staple',
      'fr',
    );
    const invalid = await record(french, id, { answers: { companionship: 7 } });
    expect(invalid.statusCode).toBe(400);
    expect(errorOf(invalid)).toMatchObject({
      code: 'answer_invalid',
      field: 'answers.companionship',
      message: 'Cette réponse ne fait pas partie des choix de la question.',
    });
    const unknown = await record(french, id, { answers: { mood: 1 } });
    expect(unknown.statusCode).toBe(400);
    expect(errorOf(unknown).field).toBe('answers.mood');
    const count = await t.database.db
      .select()
      .from(measurements)
      .where(eq(measurements.caseId, id));
    expect(count).toHaveLength(0);
  });

  it('refuses a second measurement of the instrument at the same timepoint (409)', async () => {
    const { id } = await assignedCase();
    expect((await record(linkWorker.client, id, {})).statusCode).toBe(201);
    const again = await record(linkWorker.client, id, {});
    expect(again.statusCode).toBe(409);
    expect(errorOf(again).code).toBe('measurement_exists');
  });

  it('refuses a day in the future and a closed case', async () => {
    const { id } = await assignedCase();
    const future = await record(linkWorker.client, id, { takenOn: siteDay(3) });
    expect(errorOf(future)).toMatchObject({ code: 'date_in_future', field: 'takenOn' });
    await t.database.db
      .update(cases)
      .set({ status: 'discharged', closedAt: new Date(), closureReason: 'goals_met' })
      .where(eq(cases.id, id));
    const closed = await record(linkWorker.client, id, {});
    expect(closed.statusCode).toBe(409);
    expect(errorOf(closed).code).toBe('case_closed');
  });
});

describe('PHQ-9 item 9 above 0', () => {
  it('raises a safeguarding concern and emails the site manager and the link worker', async () => {
    const { id, reference } = await assignedCase();
    const answers = Object.fromEntries(
      Array.from({ length: 9 }, (_, index) => [`phq9_${index + 1}`, index === 8 ? 1 : 0]),
    );
    const response = await record(manager, id, { instrumentId: 'phq9', answers });
    expect(response.statusCode).toBe(201);
    const result = response.json<RecordMeasurementResult>();
    expect(result.safeguarding).toHaveLength(1);
    expect(result.safeguarding[0]?.message).toContain('PHQ-9');
    expect(result.safeguarding[0]?.action).toMatch(/site manager/);
    const concerns = await t.database.db
      .select()
      .from(safeguardingConcerns)
      .where(eq(safeguardingConcerns.caseId, id));
    expect(concerns).toHaveLength(1);
    expect(concerns[0]).toMatchObject({
      level: 'urgent',
      origin: 'questionnaire:phq9:self_harm_thoughts',
    });
    const toManager = await delivered((e) => e.to.includes(managerEmail.toLowerCase()));
    expect(toManager.subject).toContain(reference);
    const toWorker = await delivered((e) => e.to.includes(linkWorker.email.toLowerCase()));
    expect(toWorker.subject).toContain(reference);
    // In the link worker's language (French), with no clinical detail.
    expect(toWorker.subject).toContain('Alerte de protection');
    expect(toWorker.text).not.toContain('PHQ');
  });
});

describe('the case outcomes', () => {
  it('lists measurements by instrument and what is due per the site schedule', async () => {
    const { id } = await assignedCase();
    const before = await linkWorker.client.get(`/api/cases/${id}/measurements`);
    expect(before.statusCode).toBe(200);
    const empty = before.json<CaseOutcomes>();
    expect(empty.instruments).toEqual([]);
    expect(empty.due[0]).toMatchObject({ timepoint: 'baseline', instrumentIds: ['ucla3', 'ons4'] });
    expect(empty.permissions).toEqual({ canRecord: true, canSendLink: true, canCorrect: true });
    await record(linkWorker.client, id, { takenOn: '2026-01-31' });
    const after = (
      await linkWorker.client.get(`/api/cases/${id}/measurements`)
    ).json<CaseOutcomes>();
    expect(after.instruments[0]?.instrumentId).toBe('ucla3');
    expect(after.due.map((due) => [due.timepoint, due.dueOn])).toEqual([
      ['baseline', expect.any(String)],
      ['month_3', '2026-04-30'],
      ['month_6', '2026-07-31'],
      ['discharge', null],
    ]);
  });
});

describe('the questionnaire link', () => {
  it('shows the items in the person\u2019s language, stores answers as theirs, and works once', async () => {
    const { id } = await assignedCase({ email: 'camille@example.org' });
    const created = await linkWorker.client.post(`/api/cases/${id}/measurement-links`, {
      instrumentIds: ['ucla3'],
      timepoint: 'baseline',
      sendByEmail: true,
    });
    expect(created.statusCode).toBe(201);
    const link = created.json<MeasurementLink>();
    expect(link.emailed).toBe(true);
    expect(link.qrCode).toMatch(/^data:image\/svg\+xml;base64,/);
    const email = await delivered((e) => e.to.includes('camille@example.org'));
    expect(email.subject).toBe('Un court questionnaire de votre agent de liaison');
    expect(email.links).toContain(link.url);
    const token = tokenOf(link.url);

    const anonymous = new Client(t.app);
    const shown = await anonymous.get(`/api/questionnaires/${token}`);
    expect(shown.statusCode).toBe(200);
    const questionnaire = shown.json<Questionnaire>();
    expect(questionnaire.locale).toBe('fr');
    expect(questionnaire.givenName).toBe('Camille');
    expect(questionnaire.instruments[0]?.items[0]?.text).toBe(
      'À quelle fréquence avez-vous le sentiment de manquer de compagnie\u202f?',
    );
    expect(JSON.stringify(questionnaire)).not.toContain('Tremblay');
    const english = (
      await anonymous.get(`/api/questionnaires/${token}?locale=en`)
    ).json<Questionnaire>();
    expect(english.instruments[0]?.items[0]?.text).toBe(
      'How often do you feel that you lack companionship?',
    );

    const wrong = await anonymous.post(`/api/questionnaires/${token}`, {
      answers: { ucla3: { companionship: 9 } },
    });
    expect(errorOf(wrong)).toMatchObject({
      code: 'answer_invalid',
      field: 'answers.ucla3.companionship',
    });

    const answered = await anonymous.post(`/api/questionnaires/${token}`, {
      answers: { ucla3: { companionship: 1, left_out: 1, isolated: 2 } },
    });
    expect(answered.statusCode).toBe(200);
    expect(answered.json<QuestionnaireAnswered>()).toEqual({ showCrisisSupport: false });
    const [row] = await t.database.db
      .select()
      .from(measurements)
      .where(eq(measurements.caseId, id));
    expect(row).toMatchObject({ answeredBy: 'person', recordedBy: null, timepoint: 'baseline' });

    const again = await anonymous.post(`/api/questionnaires/${token}`, {
      answers: { ucla3: { companionship: 1, left_out: 1, isolated: 2 } },
    });
    expect(again.statusCode).toBe(410);
    expect(errorOf(again).code).toBe('link_used');
    expect((await anonymous.get(`/api/questionnaires/${token}`)).statusCode).toBe(410);
  });

  it('speaks to the person answering alone, in the self-completion wording, and names no scale', async () => {
    const { id } = await assignedCase();
    const instrumentIds = ['ucla3', 'ons4', 'gad7'] as const;
    const created = await linkWorker.client.post(`/api/cases/${id}/measurement-links`, {
      instrumentIds,
      timepoint: 'baseline',
      sendByEmail: false,
    });
    expect(created.statusCode, created.body).toBe(201);
    const token = tokenOf(created.json<MeasurementLink>().url);
    for (const locale of ['fr', 'en'] as const) {
      const shown = await new Client(t.app).get(`/api/questionnaires/${token}?locale=${locale}`);
      expect(shown.statusCode).toBe(200);
      const text = shown.body;
      // Not the interviewer's "tell me" nor "I would like to ask you" (UCLA-3, ONS4)...
      expect(text).not.toMatch(/tell me|I would like|I’d like|dites-moi|je voudrais/i);
      // ...and no scale's name: neither its title nor its acronym.
      for (const instrumentId of instrumentIds) {
        expect(text).not.toContain(instruments[instrumentId].title[locale]);
      }
      // (The ids, lower case, key the answers; the page shows none of them.)
      expect(text).not.toMatch(/UCLA|ONS4|GAD-7/);
      expect(text).not.toMatch(/loneliness|solitude/i);
      const questionnaire = shown.json<Questionnaire>();
      expect(questionnaire.instruments.map((instrument) => instrument.instructions)).toEqual([
        null,
        null,
        // Written for the person reading it: kept.
        instruments.gad7.instructions?.[locale],
      ]);
    }
  });

  it('refuses an expired link (410) and raises the PHQ-9 alert for a person\u2019s answer', async () => {
    const { id } = await assignedCase();
    const created = (
      await linkWorker.client.post(`/api/cases/${id}/measurement-links`, {
        instrumentIds: ['phq9'],
        timepoint: 'baseline',
        sendByEmail: false,
      })
    ).json<MeasurementLink>();
    expect(created.emailed).toBe(false);
    const token = tokenOf(created.url);
    const anonymous = new Client(t.app);
    const answers = Object.fromEntries(
      Array.from({ length: 9 }, (_, index) => [`phq9_${index + 1}`, index === 8 ? 2 : 1]),
    );
    const answered = await anonymous.post(`/api/questionnaires/${token}`, {
      answers: { phq9: answers },
    });
    expect(answered.statusCode).toBe(200);
    expect(answered.json<QuestionnaireAnswered>().showCrisisSupport).toBe(true);
    const concerns = await t.database.db
      .select()
      .from(safeguardingConcerns)
      .where(eq(safeguardingConcerns.caseId, id));
    expect(concerns).toHaveLength(1);
    await delivered((e) => e.to.includes(linkWorker.email.toLowerCase()));

    const expiring = (
      await linkWorker.client.post(`/api/cases/${id}/measurement-links`, {
        instrumentIds: ['ucla3'],
        timepoint: 'baseline',
        sendByEmail: false,
      })
    ).json<MeasurementLink>();
    await t.database.db
      .update(actionLinks)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(actionLinks.purpose, 'questionnaire'));
    const expired = await anonymous.get(`/api/questionnaires/${tokenOf(expiring.url)}`);
    expect(expired.statusCode).toBe(410);
    expect(errorOf(expired).code).toBe('link_expired');
  });
});

describe('reminders', () => {
  it('emails the link worker once when a follow-up comes due, and the person when the site asks', async () => {
    const { id, reference } = await assignedCase({ email: 'dominique@example.org' });
    await t.database.db
      .update(sites)
      .set({ remindPeopleOfMeasurements: true })
      .where(eq(sites.id, homeSiteId));
    // A baseline three months ago: the 3-month follow-up is due about now.
    await record(linkWorker.client, id, { takenOn: siteDay(-92) });
    await record(linkWorker.client, id, {
      instrumentId: 'ons4',
      takenOn: siteDay(-92),
      answers: { satisfied: 6 },
    });
    await t.runJob(measurementRemindersJob);
    const toWorker = await delivered(
      (e) => e.to.includes(linkWorker.email.toLowerCase()) && e.subject.includes(reference),
    );
    expect(toWorker.subject).toContain('Mesure de suivi');
    const toPerson = await delivered((e) => e.to.includes('dominique@example.org'));
    expect(toPerson.links.some((url) => url.includes('/questionnaire/'))).toBe(true);

    mail.clear();
    await t.runJob(measurementRemindersJob);
    await t.deliverEmails();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(mail.messages().filter((e) => e.subject.includes(reference))).toEqual([]);
    await t.database.db
      .update(sites)
      .set({ remindPeopleOfMeasurements: false })
      .where(eq(sites.id, homeSiteId));
  });
});

describe('who may', () => {
  it('refuses roles that never work on cases (403) and another site\u2019s link worker (404)', async () => {
    const { id } = await assignedCase();
    for (const client of [
      referrer.client,
      others.partner,
      others.evaluator,
      others.administrator,
    ]) {
      expect((await client.get(`/api/cases/${id}/measurements`)).statusCode).toBe(403);
      expect((await record(client, id, {})).statusCode).toBe(403);
    }
    expect((await others.otherSiteLinkWorker.get(`/api/cases/${id}/measurements`)).statusCode).toBe(
      404,
    );
    expect((await record(others.otherSiteLinkWorker, id, {})).statusCode).toBe(404);
    const link = await others.otherSiteLinkWorker.post(`/api/cases/${id}/measurement-links`, {
      instrumentIds: ['ucla3'],
      timepoint: 'baseline',
      sendByEmail: false,
    });
    expect(link.statusCode).toBe(404);
    expect((await new Client(t.app).get(`/api/cases/${id}/measurements`)).statusCode).toBe(401);
  });
});

describe('the site schedule', () => {
  it('is a site setting the administrator changes, and drives what is due', async () => {
    const db = t.database.db;
    const admin = await makeAccount(db, [{ role: 'administrator' }]);
    const client = await signedIn(admin.email, admin.password);
    const site = await makeSite(db);
    const sites = (await client.get('/api/sites')).json<{
      items: { id: string; version: number; measurementSchedule: unknown }[];
    }>();
    const before = sites.items.find((candidate) => candidate.id === site.id);
    expect(before?.measurementSchedule).toEqual({
      followUpMonths: [3, 6],
      instruments: ['ucla3', 'ons4'],
      remindPeople: false,
    });
    const changed = await client.patch(`/api/sites/${site.id}`, {
      measurementSchedule: { followUpMonths: [6, 12], instruments: ['djg6'], remindPeople: true },
      version: before?.version ?? 1,
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json<{ measurementSchedule: unknown }>().measurementSchedule).toEqual({
      followUpMonths: [6, 12],
      instruments: ['djg6'],
      remindPeople: true,
    });
    const refused = await client.patch(`/api/sites/${site.id}`, {
      measurementSchedule: { followUpMonths: [5], instruments: ['djg6'], remindPeople: true },
      version: 2,
    });
    expect(refused.statusCode).toBe(400);
  });
});
