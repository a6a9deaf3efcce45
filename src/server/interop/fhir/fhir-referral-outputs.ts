import type { DocumentReference, Goal, Procedure, Resource, TaskOutput } from '@medplum/fhirtypes';
import type { FastifyInstance } from 'fastify';
import { coversReferrerUpdates } from '../../../shared/consent';
import type { ReferrerSummary } from '../../../shared/contracts/referrals';
import type { Locale } from '../../../shared/locale';
import type { Config } from '../../config';
import type { Database } from '../../db/client';
import {
  type SystemReferralOutput,
  type SystemReferralRow,
  getSystemReferralOutput,
} from '../../features/referrals';
import { translatorFor } from '../../platform/i18n';
import { publicBaseUrl } from '../../platform/public-url';
import { requireScope } from './fhir-auth';
import { sendFhirRead } from './fhir-errors';
import { observationId, scalesInOrder } from './fhir-measurement-outputs';
import { FhirError } from './operation-outcome';

/*
 * What a referral's Task points to once the person's consent lets the referrer hear it
 * (DESIGN.md §3): a Procedure for each connection the person attended, a Goal for each goal
 * of the agreed plan, each outcome measurement and its scores (fhir-measurement-outputs.ts),
 * and the closing summary as a DocumentReference in the system's language. Checked at each
 * read, so a withdrawn consent hides them at once.
 */

/** The types a Task's outputs are, each readable by id (the measures' in fhir-measurement-outputs.ts). */
export const outputResourceTypes = ['Procedure', 'Goal', 'DocumentReference'] as const;

const sdohccCodes =
  'http://hl7.org/fhir/us/sdoh-clinicalcare/CodeSystem/SDOHCC-CodeSystemTemporaryCodes';
const snomed = 'http://snomed.info/sct';
/** SNOMED CT 410606002 |Social service procedure|: the guide's Procedure category. */
const socialServiceProcedure = {
  system: snomed,
  code: '410606002',
  display: 'Social service procedure',
};
const ourId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The Task's outputs: none unless the person's consent covers updates to the referrer. */
export function taskOutputs(referral: SystemReferralRow, base: string): TaskOutput[] {
  if (!coversReferrerUpdates(referral.consent)) return [];
  const { outputs } = referral;
  return [
    ...outputs.attendedConnectionIds.map((id) => ({
      type: { coding: [{ system: sdohccCodes, code: 'resulting-activity' }] },
      valueReference: { reference: `Procedure/${id}` },
    })),
    ...outputs.goalIds.map((id) => ({
      type: { coding: [{ system: sdohccCodes, code: 'additional-content' }] },
      valueReference: { reference: `Goal/${id}` },
    })),
    // Each outcome measurement, then its scores: ours is the type code of a score (the
    // AdditionalContent slice does not list Observation).
    ...outputs.measurements.flatMap((measurement) => [
      {
        type: { coding: [{ system: sdohccCodes, code: 'additional-content' }] },
        valueReference: { reference: `QuestionnaireResponse/${measurement.id}` },
      },
      ...scalesInOrder(measurement.instrumentId, measurement.scales).map((scale) => ({
        type: {
          coding: [{ system: `${base}/fhir/R4/CodeSystem/task-output`, code: 'outcome-score' }],
        },
        valueReference: { reference: `Observation/${observationId(measurement.id, scale)}` },
      })),
    ]),
    ...(outputs.summarised
      ? [
          {
            type: {
              coding: [
                { system: sdohccCodes, code: 'additional-content' },
                { system: `${base}/fhir/R4/CodeSystem/task-output`, code: 'referrer-summary' },
              ],
            },
            valueReference: { reference: `DocumentReference/${referral.case.id}` },
          },
        ]
      : []),
  ];
}

/** GET /fhir/R4/{Procedure,Goal,DocumentReference}/:id, with `system/<Type>.r`, audited. */
export function registerOutputReads(
  app: FastifyInstance,
  db: Database,
  config: Config,
  documented: { schema: { tags: string[] } },
): void {
  const base = publicBaseUrl(config);
  for (const type of outputResourceTypes) {
    app.get<{ Params: { id: string } }>(`/${type}/:id`, documented, async (request, reply) => {
      const { id } = request.params;
      const access = requireScope(request, type, 'r');
      const output = ourId.test(id)
        ? await getSystemReferralOutput(db, access.actor, type, id, {
            via: 'fhir',
            fhirClientId: access.clientId,
            resourceType: type,
            id,
          })
        : undefined;
      if (!output) {
        throw new FhirError(404, [
          { code: 'not-found', message: { key: 'resource_not_found', params: { type, id } } },
        ]);
      }
      const resource = presentOutput(output, base, access.clientLocale);
      return sendFhirRead(reply, resource);
    });
  }
}

function presentOutput(output: SystemReferralOutput, base: string, locale: Locale): Resource {
  switch (output.kind) {
    case 'Procedure':
      return presentProcedure(output);
    case 'Goal':
      return presentGoal(output);
    case 'DocumentReference':
      return presentSummary(output, base, locale);
  }
}

const procedureStatus: Record<string, Procedure['status']> = {
  ongoing: 'in-progress',
  stopped: 'stopped',
};

function presentProcedure(output: Extract<SystemReferralOutput, { kind: 'Procedure' }>): Procedure {
  const { connection, referral } = output;
  return {
    resourceType: 'Procedure',
    id: connection.id,
    meta: {
      versionId: String(connection.version),
      lastUpdated: connection.updatedAt.toISOString(),
    },
    status: procedureStatus[connection.status] ?? 'completed',
    category: { coding: [socialServiceProcedure] },
    // Which activity it was is in the text: no category table is agreed yet (DESIGN.md §9).
    code: { coding: [socialServiceProcedure], text: connection.activity },
    subject: { reference: `Patient/${referral.case.personId}` },
    performedPeriod: {
      start: connection.firstAttendedOn,
      ...(connection.status === 'stopped' ? { end: connection.updatedAt.toISOString() } : {}),
    },
    performer: [{ actor: { display: connection.organisationName } }],
  };
}

function presentGoal(output: Extract<SystemReferralOutput, { kind: 'Goal' }>): Goal {
  const { goal, referral } = output;
  const closed = referral.case.closedAt !== null;
  const achieved = referral.case.closureReason === 'goals_met';
  return {
    resourceType: 'Goal',
    id: goal.id,
    meta: { versionId: String(goal.version), lastUpdated: goal.updatedAt.toISOString() },
    lifecycleStatus: closed ? 'completed' : 'active',
    ...(closed && achieved
      ? {
          achievementStatus: {
            coding: [
              {
                system: 'http://terminology.hl7.org/CodeSystem/goal-achievement',
                code: 'achieved',
              },
            ],
          },
        }
      : {}),
    // The goal in the person's own words.
    description: { text: goal.text },
    subject: { reference: `Patient/${referral.case.personId}` },
    startDate: goal.agreedOn,
  };
}

/** The closing summary, as the web shows it to the referrer, in plain text in the system's language. */
function presentSummary(
  output: Extract<SystemReferralOutput, { kind: 'DocumentReference' }>,
  base: string,
  locale: Locale,
): DocumentReference {
  const { referral, summary } = output;
  const text = summaryText(summary, referral, locale);
  return {
    resourceType: 'DocumentReference',
    id: referral.case.id,
    meta: {
      versionId: String(referral.task.versionId),
      lastUpdated: referral.task.lastUpdated.toISOString(),
    },
    status: 'current',
    type: {
      coding: [{ system: 'http://loinc.org', code: '34133-9', display: 'Summary of episode note' }],
    },
    category: [
      { coding: [{ system: `${base}/fhir/R4/CodeSystem/task-output`, code: 'referrer-summary' }] },
    ],
    subject: { reference: `Patient/${referral.case.personId}` },
    date: summary.closedAt,
    content: [
      {
        attachment: {
          contentType: 'text/plain; charset=utf-8',
          language: locale,
          data: Buffer.from(text, 'utf8').toString('base64'),
          title: translatorFor(locale)('referrals.detail.summary', { ns: 'web' }),
        },
      },
    ],
  };
}

function summaryText(
  summary: ReferrerSummary,
  referral: SystemReferralRow,
  locale: Locale,
): string {
  const t = (key: string, options: Record<string, unknown> = {}) =>
    translatorFor(locale)(key, { ns: 'web', ...options });
  // French puts a narrow no-break space before a colon.
  const colon = locale === 'fr' ? '\u202f: ' : ': ';
  const connections = (items: ReferrerSummary['offered']) =>
    items.length === 0
      ? [`- ${t('referrals.detail.nothing')}`]
      : items.map(
          (item) =>
            `- ${item.activity} (${item.organisationName})${colon}${t(`referrals.connectionStatuses.${item.status}`)}`,
        );
  const date = new Intl.DateTimeFormat(locale === 'fr' ? 'fr-CA' : 'en-CA', {
    dateStyle: 'long',
    timeZone: 'UTC',
  }).format(new Date(summary.closedAt));
  return [
    `${t('referrals.detail.summary')} — ${referral.case.reference}`,
    `${t('referrals.list.closedAt')}${colon}${date}`,
    `${t('referrals.detail.closureReason')}${colon}${t(`referrals.closureReasons.${summary.closureReason}`, { defaultValue: t('referrals.closureReasons.other') })}`,
    '',
    t('referrals.detail.offered'),
    ...connections(summary.offered),
    '',
    t('referrals.detail.takenUp'),
    ...connections(summary.takenUp),
    ...(summary.outcomes.length
      ? [
          '',
          t('referrals.detail.outcomes'),
          ...summary.outcomes.map(
            (o) => `- ${o.instrument}${colon}${o.before ?? '–'} → ${o.after ?? '–'}`,
          ),
        ]
      : []),
    ...(summary.note ? ['', t('referrals.detail.note'), summary.note] : []),
  ].join('\n');
}
