import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type {
  Bundle,
  Observation,
  OperationOutcome,
  QuestionnaireResponse,
  Resource,
  Task,
} from '@medplum/fhirtypes';
import { auditEvents } from '../../src/server/db/schema';
import { validateFhirResource } from '../../src/server/interop/fhir/fhir-validation';
import type { RecordMeasurementResult } from '../../src/shared/contracts/outcomes';
import type { FhirClient } from '../../src/shared/contracts/systems';
import { Client, type TestApp, startTestApp, signedInClient } from '../helpers/app';
import { makeAccount, makeSite } from '../helpers/factories';
import { entryOf, readFhir, referByBundle } from '../helpers/fhir-referral';
import { makeSystemKey, registerSystem, systemToken } from '../helpers/fhir-systems';
import { caseSteps } from '../helpers/case-steps';
import { siteDay } from '../helpers/site-day';

/*
 * The outcome measures a referral source hears of (interop/fhir/DESIGN.md §1, §3): each
 * questionnaire recorded on its referral a QuestionnaireResponse, each score an Observation
 * derived from it, listed in Task.output, read and searched only while the person's consent
 * lets the referrer hear how it goes, and only by the system that referred.
 */

const publicUrl = 'https://passerelle.example';
const fhirBase = `${publicUrl}/fhir/R4`;
const tokenUrl = `${publicUrl}/oauth/token`;

let t: TestApp;
let siteId: string;
let linkWorker: Client;
const { accept } = caseSteps(() => linkWorker);
let system: FhirClient;
let token: string;
let otherSiteToken: string;

beforeAll(async () => {
  t = await startTestApp({ PUBLIC_URL: publicUrl });
  const db = t.database.db;
  siteId = (await makeSite(db)).id;
  const otherSiteId = (await makeSite(db)).id;
  const admin = await makeAccount(db, [{ role: 'administrator' }]);
  const administrator = await signedInClient(t.app, admin);
  const worker = await makeAccount(db, [{ role: 'link_worker', siteId }]);
  linkWorker = await signedInClient(t.app, worker);
  const key = await makeSystemKey();
  system = await registerSystem(administrator, {
    siteIds: [siteId],
    keys: [key],
    allowedScopes: ['system/*.crs'],
  });
  token = await systemToken(t, system, key, tokenUrl, 'system/*.crs');
  const otherKey = await makeSystemKey();
  const other = await registerSystem(administrator, {
    siteIds: [otherSiteId],
    keys: [otherKey],
    allowedScopes: ['system/*.rs'],
  });
  otherSiteToken = await systemToken(t, other, otherKey, tokenUrl, 'system/*.rs');
});
afterAll(async () => {
  await t.close();
});

/** A referral whose Consent lets the requester (the PractitionerRole) hear how it goes. */
function referWithUpdates(): Promise<Record<string, string>> {
  return referByBundle(t, token, siteId, (bundle) => {
    entryOf(bundle, 'Consent').provision = {
      type: 'permit',
      actor: [
        {
          role: {
            coding: [
              {
                system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType',
                code: 'IRCP',
              },
            ],
          },
          reference: { reference: 'PractitionerRole/SDOHCC-PractitionerRoleDrJanWaterExample' },
        },
      ],
    };
  });
}

/** The site's today: the server judges a measurement's day by the site's calendar. */
const today = (): string => siteDay();

async function measure(
  caseId: string,
  instrumentId: string,
  timepoint: string,
  answers: Record<string, number | null>,
): Promise<string> {
  const response = await linkWorker.post(`/api/cases/${caseId}/measurements`, {
    instrumentId,
    timepoint,
    takenOn: today(),
    answers,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<RecordMeasurementResult>().measurement.id;
}

// PHQ-9 item 9 at 0: no safeguarding alert is the point here.
const phq9Baseline = {
  phq9_1: 2,
  phq9_2: 2,
  phq9_3: 1,
  phq9_4: 2,
  phq9_5: 1,
  phq9_6: 1,
  phq9_7: 1,
  phq9_8: 1,
  phq9_9: 0,
};
const phq9FollowUp = { ...phq9Baseline, phq9_1: 0, phq9_2: 1, phq9_4: 1 };

async function read<T extends Resource>(url: string, bearer = token): Promise<T> {
  const response = await readFhir(t, bearer, url);
  expect(response.statusCode, response.body).toBe(200);
  const resource = response.json<T>();
  expect(validateFhirResource(resource), url).toEqual([]);
  expect(response.headers.etag).toBe(`W/"${resource.meta?.versionId ?? ''}"`);
  return resource;
}

async function search(url: string, bearer = token): Promise<Bundle> {
  const response = await readFhir(t, bearer, url);
  expect(response.statusCode, response.body).toBe(200);
  const bundle = response.json<Bundle>();
  expect(validateFhirResource(bundle), url).toEqual([]);
  for (const entry of bundle.entry ?? []) {
    expect(validateFhirResource(entry.resource)).toEqual([]);
  }
  return bundle;
}

/** Every page of a search, following its next links. */
async function allPages(url: string): Promise<Resource[]> {
  const found: Resource[] = [];
  let next: string | undefined = url;
  for (let page = 0; next && page < 20; page += 1) {
    const bundle: Bundle = await search(next);
    found.push(...(bundle.entry ?? []).flatMap((entry) => entry.resource ?? []));
    next = bundle.link?.find((link) => link.relation === 'next')?.url?.replace(`${fhirBase}/`, '');
  }
  return found;
}

const idsOf = (bundle: Bundle) => (bundle.entry ?? []).map((entry) => entry.resource?.id);

function outputsOf(task: Task): string[] {
  return (task.output ?? []).map((output) => output.valueReference?.reference ?? '');
}

describe('outcome measures where the person’s consent lets the referrer hear them', () => {
  let caseId = '';
  let patientId = '';
  let baseline = '';
  let followUp = '';
  let loneliness = '';

  beforeAll(async () => {
    const made = await referWithUpdates();
    caseId = made.Task ?? '';
    patientId = made.Patient ?? '';
    await accept(caseId);
    baseline = await measure(caseId, 'phq9', 'baseline', phq9Baseline);
    // One item unanswered: UCLA-3 then has no score (never a zero).
    loneliness = await measure(caseId, 'ucla3', 'baseline', {
      companionship: 2,
      left_out: null,
      isolated: 1,
    });
    followUp = await measure(caseId, 'phq9', 'month_3', phq9FollowUp);
  });

  it('lists each questionnaire and its scores in Task.output', async () => {
    const task = await read<Task>(`Task/${caseId}`);
    expect(outputsOf(task)).toEqual([
      `QuestionnaireResponse/${baseline}`,
      `Observation/${baseline}.total`,
      `QuestionnaireResponse/${loneliness}`,
      `Observation/${loneliness}.total`,
      `QuestionnaireResponse/${followUp}`,
      `Observation/${followUp}.total`,
    ]);
    const types = (task.output ?? []).map((output) => output.type.coding?.at(-1)?.code);
    expect(types.slice(0, 2)).toEqual(['additional-content', 'outcome-score']);
  });

  it('the answers as a QuestionnaireResponse to our Questionnaire, coded by option', async () => {
    const response = await read<QuestionnaireResponse>(`QuestionnaireResponse/${baseline}`);
    expect(response).toMatchObject({
      id: baseline,
      meta: { versionId: '1' },
      questionnaire: `${fhirBase}/Questionnaire/phq9|1`,
      status: 'completed',
      subject: { reference: `Patient/${patientId}` },
      authored: today(),
    });
    expect(response.source).toBeUndefined();
    expect(response.item).toHaveLength(9);
    expect(response.item?.[0]).toEqual({
      linkId: 'phq9_1',
      text: 'Little interest or pleasure in doing things',
      answer: [
        {
          valueCoding: {
            system: `${fhirBase}/CodeSystem/phq9-answers`,
            code: '2',
            display: 'More than half the days',
          },
        },
      ],
    });
    // The Questionnaire it names is ours, at that version.
    const questionnaire = await read<Resource & { url?: string; version?: string }>(
      'Questionnaire/phq9',
    );
    expect(`${questionnaire.url ?? ''}|${questionnaire.version ?? ''}`).toBe(
      response.questionnaire,
    );
  });

  it('the PHQ-9 total as an Observation coded LOINC 44261-6, with its band', async () => {
    const before = await read<Observation>(`Observation/${baseline}.total`);
    expect(before).toMatchObject({
      status: 'final',
      category: [{ coding: [expect.objectContaining({ code: 'survey' })] }],
      code: { coding: [{ system: 'http://loinc.org', code: '44261-6' }] },
      subject: { reference: `Patient/${patientId}` },
      effectiveDateTime: today(),
      valueInteger: 11,
      interpretation: [{ text: expect.any(String) }],
      derivedFrom: [{ reference: `QuestionnaireResponse/${baseline}` }],
    });
    expect(before.code.coding?.[0]).toMatchObject({ code: '44261-6' });
    const after = await read<Observation>(`Observation/${followUp}.total`);
    expect(after.valueInteger).toBe(7);
    expect(after.interpretation?.[0]?.text).not.toBe(before.interpretation?.[0]?.text);
  });

  it('a scale LOINC lacks in our CodeSystem; no score said with its reason', async () => {
    const observation = await read<Observation>(`Observation/${loneliness}.total`);
    expect(observation.code.coding).toEqual([
      expect.objectContaining({ system: `${fhirBase}/CodeSystem/scales`, code: 'ucla3.total' }),
    ]);
    expect(observation.valueInteger).toBeUndefined();
    expect(observation.dataAbsentReason).toEqual({
      coding: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/data-absent-reason',
          code: 'unknown',
        },
      ],
      text: 'no score: too many questions unanswered',
    });
  });

  it('searches by patient, page by page, and by time of change', async () => {
    const responses = await allPages(`QuestionnaireResponse?patient=Patient/${patientId}&_count=2`);
    expect(responses.map((r) => r.id)).toEqual([baseline, loneliness, followUp]);
    const scores = await allPages(`Observation?subject=${fhirBase}/Patient/${patientId}&_count=1`);
    expect(scores.map((r) => r.id)).toEqual([
      `${baseline}.total`,
      `${loneliness}.total`,
      `${followUp}.total`,
    ]);
    const byId = await search(`Observation?_id=${followUp}.total,${baseline}.total`);
    expect(byId.entry?.map((e) => e.resource?.id)).toEqual([
      `${baseline}.total`,
      `${followUp}.total`,
    ]);
    const polled = await search(`QuestionnaireResponse?patient=${patientId}`);
    const since = polled.meta?.lastUpdated ?? '';
    expect(since).toBeTruthy();
    const nothingNew = await search(`QuestionnaireResponse?_lastUpdated=gt${since}`);
    expect(nothingNew.entry).toBeUndefined();
    const taskBefore = await read<Task>(`Task/${caseId}`);
    const later = await measure(caseId, 'gad7', 'baseline', {
      gad7_1: 1,
      gad7_2: 1,
      gad7_3: 1,
      gad7_4: 0,
      gad7_5: 0,
      gad7_6: 1,
      gad7_7: 0,
    });
    const tasks = await search(`Task?_lastUpdated=gt${taskBefore.meta?.lastUpdated ?? ''}`);
    expect(idsOf(tasks)).toEqual([caseId]);
    const changed = await search(`Observation?_lastUpdated=gt${since}`);
    expect(changed.entry?.map((e) => e.resource?.id)).toEqual([`${later}.total`]);
    expect((changed.entry?.[0]?.resource as Observation).code.coding?.[0]?.code).toBe('70274-6');
  });

  it('finds scores by code, category, status and day; answers by questionnaire and status', async () => {
    const ids = async (type: string, parameters: Record<string, string>): Promise<unknown[]> =>
      idsOf(await search(`${type}?${new URLSearchParams({ patient: patientId, ...parameters })}`));
    const phq9 = [`${baseline}.total`, `${followUp}.total`];
    expect(await ids('Observation', { code: 'http://loinc.org|44261-6' })).toEqual(phq9);
    expect(await ids('Observation', { code: `${fhirBase}/CodeSystem/scales|ucla3.total` })).toEqual(
      [`${loneliness}.total`],
    );
    expect(await ids('Observation', { code: 'ucla3.total,44261-6' })).toHaveLength(3);
    expect(await ids('Observation', { code: 'http://snomed.info/sct|44261-6' })).toEqual([]);
    const all = await ids('Observation', {});
    expect(all.length).toBeGreaterThanOrEqual(3);
    expect(
      await ids('Observation', { category: 'survey', status: 'final', date: today() }),
    ).toEqual(all);
    expect(await ids('Observation', { category: 'laboratory' })).toEqual([]);
    expect(await ids('Observation', { date: `lt${today()}` })).toEqual([]);
    expect(await ids('Observation', { status: 'entered-in-error' })).toEqual([]);
    expect(await ids('Observation', { status: 'preliminary,final' })).toEqual(all);

    const answers = await read<QuestionnaireResponse>(`QuestionnaireResponse/${baseline}`);
    const canonical = answers.questionnaire ?? '';
    expect(canonical).toMatch(/\/Questionnaire\/phq9\|\d+$/);
    expect(await ids('QuestionnaireResponse', { questionnaire: canonical })).toEqual([
      baseline,
      followUp,
    ]);
    expect(
      await ids('QuestionnaireResponse', {
        questionnaire: 'Questionnaire/ucla3',
        status: 'completed',
        authored: `ge${today()}`,
      }),
    ).toEqual([loneliness]);
    expect(await ids('QuestionnaireResponse', { questionnaire: 'phq9|999' })).toEqual([]);
    expect(await ids('QuestionnaireResponse', { status: 'amended' })).toEqual([]);

    for (const [type, parameters] of [
      ['Observation', 'status=nonsense'],
      ['QuestionnaireResponse', 'authored=yesterday'],
      ['Observation', 'date=2026-02-30'],
    ] as const) {
      const refused = await readFhir(t, token, `${type}?patient=${patientId}&${parameters}`);
      expect(refused.statusCode, parameters).toBe(400);
      expect(refused.json<OperationOutcome>().resourceType).toBe('OperationOutcome');
    }
  });

  it('audits each read and each case a search shows, with the ids returned', async () => {
    await read(`Observation/${baseline}.total`);
    await search(`QuestionnaireResponse?_id=${followUp}`);
    const events = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'referral.viewed'), eq(auditEvents.subjectId, caseId)));
    const details = events.map((event) => event.details);
    expect(details).toContainEqual(
      expect.objectContaining({
        via: 'fhir',
        fhirClientId: system.id,
        resourceType: 'Observation',
        id: `${baseline}.total`,
      }),
    );
    expect(details).toContainEqual(
      expect.objectContaining({
        resourceType: 'QuestionnaireResponse',
        search: true,
        ids: [followUp],
      }),
    );
  });

  it('a measurement set aside reads as entered in error and leaves Task.output', async () => {
    const before = await read<Task>(`Task/${caseId}`);
    const voided = await linkWorker.post(`/api/cases/${caseId}/measurements/${followUp}/void`, {
      reason: 'entered_in_error',
    });
    expect(voided.statusCode, voided.body).toBe(204);
    const response = await read<QuestionnaireResponse>(`QuestionnaireResponse/${followUp}`);
    expect(response.status).toBe('entered-in-error');
    expect(response.meta?.versionId).toBe('2');
    const score = await read<Observation>(`Observation/${followUp}.total`);
    expect(score.status).toBe('entered-in-error');
    const after = await read<Task>(`Task/${caseId}`);
    // The Task moved on with its outputs: a poller of Task?_lastUpdated hears of it.
    expect(Number(after.meta?.versionId)).toBeGreaterThan(Number(before.meta?.versionId));
    const outputs = outputsOf(after);
    expect(outputs).not.toContain(`QuestionnaireResponse/${followUp}`);
    expect(outputs).toContain(`QuestionnaireResponse/${baseline}`);
    // A poller finds the change.
    const found = await search(`QuestionnaireResponse?patient=${patientId}&_id=${followUp}`);
    expect((found.entry?.[0]?.resource as QuestionnaireResponse).status).toBe('entered-in-error');
  });

  it('refuses another system, at another site: not found, audited as denied', async () => {
    for (const url of [`QuestionnaireResponse/${baseline}`, `Observation/${baseline}.total`]) {
      const response = await readFhir(t, otherSiteToken, url);
      expect(response.statusCode, url).toBe(404);
    }
    const none = await search(`QuestionnaireResponse?patient=${patientId}`, otherSiteToken);
    expect(none.entry).toBeUndefined();
    const denied = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'access.denied'), eq(auditEvents.subjectId, caseId)));
    expect(denied.length).toBeGreaterThanOrEqual(2);
  });

  it('answers 404 for what does not exist, and takes no id that is not one of ours', async () => {
    for (const url of [
      `Observation/${baseline}.no-such-scale`,
      `Observation/${baseline}`,
      'QuestionnaireResponse/not-ours',
      `Observation/${baseline}.total_x`,
    ]) {
      expect((await readFhir(t, token, url)).statusCode, url).toBe(404);
    }
  });
});

describe('without the person’s consent to updates to the referrer', () => {
  it('lists none, finds none, and refuses the reads', async () => {
    const made = await referByBundle(t, token, siteId);
    const caseId = made.Task ?? '';
    await accept(caseId);
    const measured = await measure(caseId, 'phq9', 'baseline', phq9Baseline);
    const task = await read<Task>(`Task/${caseId}`);
    expect(task.output).toBeUndefined();
    for (const url of [`QuestionnaireResponse/${measured}`, `Observation/${measured}.total`]) {
      expect((await readFhir(t, token, url)).statusCode, url).toBe(404);
    }
    const patient = made.Patient ?? '';
    expect((await search(`QuestionnaireResponse?patient=${patient}`)).entry).toBeUndefined();
    expect((await search(`Observation?patient=${patient}`)).entry).toBeUndefined();
    const denied = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'access.denied'), eq(auditEvents.subjectId, caseId)));
    expect(denied).toHaveLength(2);
  });
});
