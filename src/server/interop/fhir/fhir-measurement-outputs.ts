import type {
  BundleEntry,
  CapabilityStatementRestResourceSearchParam,
  Coding,
  Observation,
  QuestionnaireResponse,
  QuestionnaireResponseItem,
  Resource,
} from '@medplum/fhirtypes';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type InstrumentDefinition, findInstrument } from '../../../shared/instruments';
import type { Locale } from '../../../shared/locale';
import type { Config } from '../../config';
import type { Database } from '../../db/client';
import {
  type SystemMeasurement,
  type SystemMeasurementFilter,
  getSystemMeasurement,
  searchSystemMeasurements,
} from '../../features/referrals';
import { translatorFor } from '../../platform/i18n';
import { publicBaseUrl } from '../../platform/public-url';
import { requireScope } from './fhir-auth';
import { sendFhir, sendFhirRead } from './fhir-errors';
import { answerSystem } from './fhir-questionnaires';
import {
  type SearchQuery,
  type UsedParameters,
  countOf,
  dateBound,
  intersect,
  invalidValue,
  isStrict,
  markUsed,
  nextLink,
  orValues,
  pageKeyOf,
  readSearchQuery,
  referencedId,
  resourceSearchParameters,
  searchParameterBase,
  searchUrl,
  searchsetBundle,
  tokenCode,
  unknownParameters,
} from './fhir-search-params';
import { FhirTokenValue } from '../../../shared/contracts/fhir-search';
import { FhirError, operationOutcome } from './operation-outcome';

/*
 * The outcome measures of a referral as the referrer may hear them (DESIGN.md §1, §3): each
 * measurement a QuestionnaireResponse (its id), each of its scores an Observation
 * (`<measurement id>.<scale>`), derived from it. Read, and searched, only through the
 * system's own referrals while the person's consent covers updates to the referrer; audited.
 */

export const measurementResourceTypes = ['QuestionnaireResponse', 'Observation'] as const;
type MeasurementType = (typeof measurementResourceTypes)[number];

const ourId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/**
 * An Observation's id: the measurement's, a dot, the scale's with `-` for `_` (no FHIR id
 * has an underscore; the scales' own ids never hold a hyphen, so it reads back).
 */
const observationIdPattern =
  /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([a-z][a-z0-9-]{0,26})$/;

export function observationId(measurementId: string, scale: string): string {
  return `${measurementId}.${scale.replaceAll('_', '-')}`;
}

function readObservationId(id: string): { measurementId: string; scale: string } | undefined {
  const match = observationIdPattern.exec(id);
  return match?.[1] && match[2]
    ? { measurementId: match[1], scale: match[2].replaceAll('-', '_') }
    : undefined;
}

/** LOINC codes of our scales where one exists: the PHQ-9 and GAD-7 totals. */
const loincOfScale: Partial<Record<string, Coding>> = {
  'phq9.total': {
    system: 'http://loinc.org',
    code: '44261-6',
    display: 'Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]',
  },
  'gad7.total': {
    system: 'http://loinc.org',
    code: '70274-6',
    display: 'Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]',
  },
};

const core = searchParameterBase;

/** What the two searches take, as the CapabilityStatement says them. */
export const measurementSearchParameters: Record<
  MeasurementType,
  readonly CapabilityStatementRestResourceSearchParam[]
> = {
  QuestionnaireResponse: [
    ...resourceSearchParameters('Comma list of measurement ids.'),
    { name: 'patient', type: 'reference', definition: `${core}/QuestionnaireResponse-patient` },
    { name: 'subject', type: 'reference', definition: `${core}/QuestionnaireResponse-subject` },
    {
      name: 'questionnaire',
      type: 'reference',
      definition: `${core}/QuestionnaireResponse-questionnaire`,
      documentation: 'Our Questionnaire, by id or canonical URL, with or without |version.',
    },
    { name: 'status', type: 'token', definition: `${core}/QuestionnaireResponse-status` },
    {
      name: 'authored',
      type: 'date',
      definition: `${core}/QuestionnaireResponse-authored`,
      documentation: 'The day the measure was taken.',
    },
  ],
  Observation: [
    ...resourceSearchParameters('Comma list of <measurement id>.<scale>.'),
    { name: 'patient', type: 'reference', definition: `${core}/clinical-patient` },
    { name: 'subject', type: 'reference', definition: `${core}/Observation-subject` },
    {
      name: 'code',
      type: 'token',
      definition: `${core}/clinical-code`,
      documentation:
        'LOINC (PHQ-9 and GAD-7 totals) or our CodeSystem scales (<instrument>.<scale>).',
    },
    { name: 'category', type: 'token', definition: `${core}/Observation-category` },
    { name: 'status', type: 'token', definition: `${core}/Observation-status` },
    {
      name: 'date',
      type: 'date',
      definition: `${core}/clinical-date`,
      documentation: 'The day the measure was taken (effectiveDateTime).',
    },
  ],
};

const commonParameters = [
  '_id',
  '_lastUpdated',
  'patient',
  'subject',
  'status',
  '_count',
  '_cursor',
  '_format',
];
const known: Record<MeasurementType, ReadonlySet<string>> = {
  QuestionnaireResponse: new Set([...commonParameters, 'questionnaire', 'authored']),
  Observation: new Set([...commonParameters, 'code', 'category', 'date']),
};

const splitKey = (key: string): { instrumentId: string; scale: string } => {
  const [instrumentId = '', scale = ''] = key.split('.');
  return { instrumentId, scale };
};
const instrumentOfKey = (key: string): { id: string; version?: number } => {
  const [id = '', version] = key.split('|');
  return version === undefined ? { id } : { id, version: Number(version) };
};

/** The statuses a resource of each type may have (R4's required bindings), and ours. */
const statuses = {
  QuestionnaireResponse: {
    system: 'http://hl7.org/fhir/questionnaire-answers-status',
    codes: ['in-progress', 'completed', 'amended', 'entered-in-error', 'stopped'],
    standing: 'completed',
  },
  Observation: {
    system: 'http://hl7.org/fhir/observation-status',
    codes: [
      'registered',
      'preliminary',
      'final',
      'amended',
      'corrected',
      'cancelled',
      'entered-in-error',
      'unknown',
    ],
    standing: 'final',
  },
} as const;

/**
 * Whether the statuses asked (each parameter a comma list, all of them met) want voided
 * measurements (true), standing ones (false), both (undefined) or none (null).
 */
function voidedOf(query: SearchQuery, type: MeasurementType): boolean | null | undefined {
  const { system, codes, standing } = statuses[type];
  const asked = intersect(
    orValues(query, 'status').map((values) =>
      values.flatMap((value) => {
        const code: string = tokenCode(value, 'status', system, codes);
        return code === standing ? ['standing'] : code === 'entered-in-error' ? ['voided'] : [];
      }),
    ),
  );
  if (asked === undefined) return undefined;
  const standingToo = asked.includes('standing');
  const voidedToo = asked.includes('voided');
  if (standingToo && voidedToo) return undefined;
  return standingToo ? false : voidedToo ? true : null;
}

/** The scales (`<instrument>.<scale>`) an Observation code names: LOINC where we use it, else ours. */
function scalesOfCode(value: string, fhirBaseUrl: string): string[] {
  if (!FhirTokenValue.safeParse(value).success) throw invalidValue('code');
  const [system, code = ''] = value.includes('|') ? value.split('|', 2) : [undefined, value];
  const loinc = Object.entries(loincOfScale).flatMap(([key, coding]) =>
    coding?.code === code && (!system || system === coding.system) ? [key] : [],
  );
  const ours = !system || system === `${fhirBaseUrl}/CodeSystem/scales`;
  return ours && /^[a-z0-9_]+\.[a-z0-9_]+$/.test(code) && !loincOfScale[code]
    ? [...loinc, code]
    : loinc;
}

/** The instrument a questionnaire reference names (`id` or `id|version`): ours, by id or canonical. */
function instrumentOfQuestionnaire(value: string, fhirBaseUrl: string): string[] {
  const [reference = '', version] = value.split('|', 2);
  const id = referencedId(reference, 'Questionnaire', fhirBaseUrl);
  if (!id) return [];
  if (version === undefined) return [id];
  return /^[1-9][0-9]{0,8}$/.test(version) ? [`${id}|${version}`] : [];
}

/** Whether every category parameter names survey, the category of all our Observations. */
function surveysAsked(query: SearchQuery): boolean {
  const survey = observationCategory.coding[0];
  return orValues(query, 'category').every((values) =>
    values.some((value) => {
      if (!FhirTokenValue.safeParse(value).success) throw invalidValue('category');
      const [system, code] = value.includes('|') ? value.split('|', 2) : [undefined, value];
      return code === survey?.code && (!system || system === survey?.system);
    }),
  );
}

/** GET and search QuestionnaireResponse and Observation, with `system/<Type>.r` / `.s`. */
export function registerMeasurementOutputs(
  app: FastifyInstance,
  db: Database,
  config: Config,
  documented: { schema: { tags: string[] } },
): void {
  const fhirBaseUrl = `${publicBaseUrl(config)}/fhir/R4`;
  for (const type of measurementResourceTypes) {
    app.get<{ Params: { id: string } }>(`/${type}/:id`, documented, async (request, reply) => {
      const { id } = request.params;
      const access = requireScope(request, type, 'r');
      const asked =
        type === 'QuestionnaireResponse'
          ? ourId.test(id)
            ? { measurementId: id, scale: undefined }
            : undefined
          : readObservationId(id);
      const found =
        asked &&
        (await getSystemMeasurement(db, access.actor, asked.measurementId, asked.scale, {
          via: 'fhir',
          fhirClientId: access.clientId,
          resourceType: type,
          id,
        }));
      if (!found) {
        throw new FhirError(404, [
          { code: 'not-found', message: { key: 'resource_not_found', params: { type, id } } },
        ]);
      }
      const resource =
        asked.scale === undefined
          ? presentQuestionnaireResponse(found.measurement, fhirBaseUrl, access.clientLocale)
          : presentObservation(found.measurement, asked.scale, fhirBaseUrl, access.clientLocale);
      return sendFhirRead(reply, resource);
    });
    app.get(`/${type}`, documented, (request, reply) =>
      searchMeasurements(request, reply, db, type, fhirBaseUrl),
    );
  }
}

async function searchMeasurements(
  request: FastifyRequest,
  reply: FastifyReply,
  db: Database,
  type: MeasurementType,
  fhirBaseUrl: string,
): Promise<FastifyReply> {
  const access = requireScope(request, type, 's');
  const query = readSearchQuery(request.query);
  const warnings = unknownParameters(query, known[type], type, isStrict(request));
  const { filter, used } = measurementFilter(query, type, fhirBaseUrl);
  const level = type === 'Observation' ? 'score' : 'measurement';
  const { rows, last, more, watermark } = await searchSystemMeasurements(
    db,
    access.actor,
    level,
    filter,
    { via: 'fhir', fhirClientId: access.clientId, resourceType: type, search: true },
  );
  const matches: BundleEntry[] = rows.map(({ row, measurement }) => {
    const resource: Resource =
      row.scale === undefined
        ? presentQuestionnaireResponse(measurement, fhirBaseUrl, access.clientLocale)
        : presentObservation(measurement, row.scale, fhirBaseUrl, access.clientLocale);
    return {
      fullUrl: `${fhirBaseUrl}/${type}/${resource.id ?? ''}`,
      resource,
      search: { mode: 'match' },
    };
  });
  const self = searchUrl(fhirBaseUrl, type, used);
  const lastKey = last && {
    at: last.at,
    id:
      last.scale === undefined ? last.measurementId : observationId(last.measurementId, last.scale),
  };
  return sendFhir(
    reply,
    200,
    searchsetBundle({
      self,
      next: nextLink(self, more, lastKey),
      lastUpdated: watermark,
      matches,
      included: [],
      outcome: warnings.length ? operationOutcome(warnings, request.locale) : undefined,
    }),
  );
}

function measurementFilter(
  query: SearchQuery,
  type: MeasurementType,
  fhirBaseUrl: string,
): { filter: SystemMeasurementFilter; used: UsedParameters } {
  const used: UsedParameters = [];
  const use = (name: string) => markUsed(query, used, name);
  const asked = intersect(orValues(query, '_id'));
  use('_id');
  const personIds = intersect(
    ['patient', 'subject'].flatMap((param) =>
      orValues(query, param).map((values) =>
        values.flatMap((value) => {
          const id = referencedId(value, 'Patient', fhirBaseUrl);
          return id && ourId.test(id) ? [id] : [];
        }),
      ),
    ),
  );
  use('patient');
  use('subject');
  const lastUpdated = (query.get('_lastUpdated') ?? []).map((value) =>
    dateBound(value, '_lastUpdated'),
  );
  use('_lastUpdated');
  const observations = type === 'Observation';
  const taken = observations ? 'date' : 'authored';
  const takenOn = (query.get(taken) ?? []).map((value) => dateBound(value, taken));
  use(taken);
  const voided = voidedOf(query, type);
  use('status');
  const named = observations ? 'code' : 'questionnaire';
  const codes = intersect(
    orValues(query, named).map((values) =>
      values.flatMap((value) =>
        observations
          ? scalesOfCode(value, fhirBaseUrl)
          : instrumentOfQuestionnaire(value, fhirBaseUrl),
      ),
    ),
  );
  use(named);
  const nothing = voided === null || (observations && !surveysAsked(query));
  if (observations) use('category');
  const limit = countOf(query);
  use('_count');
  const key = pageKeyOf(query, observations ? observationIdPattern : ourId);
  const after = key && {
    at: key.at,
    ...(observations
      ? (readObservationId(key.id) ?? { measurementId: key.id, scale: undefined })
      : { measurementId: key.id, scale: undefined }),
  };
  return {
    filter: {
      ...(asked && observations
        ? { pairs: asked.flatMap((id) => readObservationId(id) ?? []) }
        : asked
          ? { ids: asked.filter((id) => ourId.test(id)) }
          : {}),
      ...(nothing ? { ids: [] } : {}),
      personIds,
      ...(codes && observations ? { scales: codes.map(splitKey) } : {}),
      ...(codes && !observations ? { instruments: codes.map(instrumentOfKey) } : {}),
      voided: voided ?? undefined,
      lastUpdated,
      takenOn,
      after: after && { at: after.at, id: after.measurementId, scale: after.scale },
      limit,
    },
    used,
  };
}

function versionOf(measurement: SystemMeasurement): { versionId: string; lastUpdated: string } {
  return {
    versionId: measurement.voidedAt ? '2' : '1',
    lastUpdated: (measurement.voidedAt ?? measurement.createdAt).toISOString(),
  };
}

function questionnaireCanonical(fhirBaseUrl: string, measurement: SystemMeasurement): string {
  return `${fhirBaseUrl}/Questionnaire/${measurement.instrumentId}|${String(measurement.instrumentVersion)}`;
}

/**
 * A measurement as the answers to our Questionnaire: each item answered as the code of the
 * option chosen (unanswered ones left out); the person as source when they answered alone
 * (a link worker who recorded it is not named: staff are not exposed).
 */
export function presentQuestionnaireResponse(
  measurement: SystemMeasurement,
  fhirBaseUrl: string,
  locale: Locale,
): QuestionnaireResponse {
  const definition = findInstrument(measurement.instrumentId);
  const patient = { reference: `Patient/${measurement.personId}` };
  const item = definition
    ? answeredItems(definition, measurement, fhirBaseUrl, locale)
    : Object.entries(measurement.answers).flatMap(([linkId, value]) =>
        value === null
          ? []
          : [
              {
                linkId,
                answer: [
                  {
                    valueCoding: {
                      system: answerSystem(fhirBaseUrl, measurement.instrumentId),
                      code: String(value),
                    },
                  },
                ],
              },
            ],
      );
  return {
    resourceType: 'QuestionnaireResponse',
    id: measurement.id,
    meta: versionOf(measurement),
    language: locale,
    questionnaire: questionnaireCanonical(fhirBaseUrl, measurement),
    status: measurement.voidedAt ? 'entered-in-error' : 'completed',
    subject: patient,
    authored: measurement.takenOn,
    ...(measurement.answeredBy === 'person' ? { source: patient } : {}),
    ...(item.length ? { item } : {}),
  };
}

function answeredItems(
  definition: InstrumentDefinition,
  measurement: SystemMeasurement,
  fhirBaseUrl: string,
  locale: Locale,
): QuestionnaireResponseItem[] {
  return definition.items.flatMap((item) => {
    const value = measurement.answers[item.id];
    if (value === undefined || value === null) return [];
    const option = item.options.find((o) => o.value === value);
    return [
      {
        linkId: item.id,
        text: item.text[locale],
        answer: [
          {
            valueCoding: {
              system: answerSystem(fhirBaseUrl, definition.id),
              code: String(value),
              ...(option ? { display: option.label[locale] } : {}),
            },
          },
        ],
      },
    ];
  });
}

const observationCategory = {
  coding: [
    {
      system: 'http://terminology.hl7.org/CodeSystem/observation-category',
      code: 'survey',
      display: 'Survey',
    },
  ],
};

const dataAbsentReasons = 'http://terminology.hl7.org/CodeSystem/data-absent-reason';

/**
 * One score of a measurement: LOINC coded where LOINC has the scale, else our CodeSystem;
 * the band's label as interpretation; no score said with its reason, never a zero.
 */
export function presentObservation(
  measurement: SystemMeasurement,
  scale: string,
  fhirBaseUrl: string,
  locale: Locale,
): Observation {
  const score = measurement.scores.find((s) => s.scale === scale);
  const definition = findInstrument(measurement.instrumentId);
  const scaleDefinition = definition?.scales.find((s) => s.id === scale);
  const key = `${measurement.instrumentId}.${scale}`;
  const label = scaleDefinition
    ? `${definition?.title[locale] ?? measurement.instrumentId}: ${scaleDefinition.label[locale]}`
    : key;
  const band = score?.band
    ? (scaleDefinition?.bands.find((b) => b.code === score.band)?.label[locale] ?? score.band)
    : undefined;
  const value = score?.value ?? null;
  const t = translatorFor(locale);
  return {
    resourceType: 'Observation',
    id: observationId(measurement.id, scale),
    meta: versionOf(measurement),
    status: measurement.voidedAt ? 'entered-in-error' : 'final',
    category: [observationCategory],
    code: {
      coding: [
        loincOfScale[key] ?? {
          system: `${fhirBaseUrl}/CodeSystem/scales`,
          code: key,
          ...(scaleDefinition ? { display: scaleDefinition.label[locale] } : {}),
        },
      ],
      text: label,
    },
    subject: { reference: `Patient/${measurement.personId}` },
    effectiveDateTime: measurement.takenOn,
    issued: measurement.createdAt.toISOString(),
    ...(value === null
      ? {
          dataAbsentReason: {
            coding: [
              {
                system: dataAbsentReasons,
                code: score?.reason === 'invalid_answers' ? 'error' : 'unknown',
              },
            ],
            ...(score?.reason
              ? { text: t(`outcomes.chart.reasons.${score.reason}`, { ns: 'web' }) }
              : {}),
          },
        }
      : Number.isInteger(value)
        ? { valueInteger: value }
        : { valueQuantity: { value } }),
    ...(band ? { interpretation: [{ text: band }] } : {}),
    derivedFrom: [{ reference: `QuestionnaireResponse/${measurement.id}` }],
  };
}

/** The scales of an instrument in its definition's order (unknown ones last, as stored). */
export function scalesInOrder(instrumentId: string, scales: readonly string[]): string[] {
  const order = findInstrument(instrumentId)?.scales.map((s) => s.id) ?? [];
  const rank = (scale: string) => {
    const at = order.indexOf(scale);
    return at === -1 ? order.length : at;
  };
  return [...scales].sort((a, b) => rank(a) - rank(b));
}
