import type { Coding, Questionnaire, QuestionnaireItem } from '@medplum/fhirtypes';
import {
  type InstrumentDefinition,
  type InstrumentId,
  instrumentIds,
  instruments,
} from '../../../shared/instruments';
import type { Locale } from '../../../shared/locale';
import { translatorFor } from '../../platform/i18n';

/*
 * Our outcome instruments (shared/instruments, the definitions the outcomes feature scores)
 * as Questionnaires (DESIGN.md §1): id the instrument's, wording in the system's language
 * with its source named, LOINC panel codes only where we can confirm one.
 */

/** The LOINC panels of our instruments; the others have none we can confirm (DESIGN.md §9). */
const loincPanel: Partial<Record<InstrumentId, Coding>> = {
  phq9: {
    system: 'http://loinc.org',
    code: '44249-1',
    display: 'PHQ-9 quick depression assessment panel',
  },
  gad7: {
    system: 'http://loinc.org',
    code: '69737-5',
    display: 'Generalized anxiety disorder 7 item (GAD-7)',
  },
};

/** The instruments change only with the code: their time of change is this process's start. */
export const questionnairesUpdatedAt = new Date(Math.floor(Date.now() / 1000) * 1000);

export const questionnaireIds: readonly InstrumentId[] = instrumentIds;

/** The canonical address of an instrument's Questionnaire. */
export function questionnaireUrl(fhirBaseUrl: string, id: InstrumentId): string {
  return `${fhirBaseUrl}/Questionnaire/${id}`;
}

/** Computer-friendly names (R4's que-0): PHQ9, GAD7, UCLA3… */
export function questionnaireName(id: InstrumentId): string {
  return id.toUpperCase();
}

/** The CodeSystem of an instrument's answer options: each option's value is its code. */
export function answerSystem(fhirBaseUrl: string, instrumentId: string): string {
  return `${fhirBaseUrl}/CodeSystem/${instrumentId}-answers`;
}

export function questionnaireCode(id: InstrumentId): Coding | undefined {
  return loincPanel[id];
}

export function presentQuestionnaire(
  id: InstrumentId,
  fhirBaseUrl: string,
  locale: Locale,
): Questionnaire {
  const instrument = instruments[id];
  const t = translatorFor(locale);
  const code = loincPanel[id];
  const wording = instrument.sources.wording[locale];
  const instructions = instrument.selfCompletion
    ? instrument.selfCompletion.instructions?.[locale]
    : instrument.instructions?.[locale];
  return {
    resourceType: 'Questionnaire',
    id,
    meta: {
      versionId: String(instrument.version),
      lastUpdated: questionnairesUpdatedAt.toISOString(),
    },
    language: locale,
    url: questionnaireUrl(fhirBaseUrl, id),
    version: String(instrument.version),
    name: questionnaireName(id),
    title: instrument.title[locale],
    status: 'active',
    subjectType: ['Patient'],
    publisher: 'Passerelle',
    description: t('fhir.questionnaire_description', {
      measures: instrument.measures[locale],
      instrument: instrument.sources.instrument,
      wording: wording.citation,
    }),
    copyright: instrument.licence.note,
    ...(code ? { code: [code] } : {}),
    item: [
      ...(instructions
        ? [{ linkId: 'instructions', type: 'display' as const, text: instructions }]
        : []),
      ...instrument.items.map((item) => itemOf(instrument, item, fhirBaseUrl, locale)),
    ],
  };
}

function itemOf(
  instrument: InstrumentDefinition,
  item: InstrumentDefinition['items'][number],
  fhirBaseUrl: string,
  locale: Locale,
): QuestionnaireItem {
  return {
    linkId: item.id,
    text: item.text[locale],
    type: 'choice',
    answerOption: item.options.map((option) => ({
      valueCoding: {
        system: answerSystem(fhirBaseUrl, instrument.id),
        code: String(option.value),
        display: option.label[locale],
      },
    })),
  };
}
