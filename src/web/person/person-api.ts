import type { QuestionnaireAnswered } from '../../shared/contracts/outcomes';
import type {
  AddPersonRequestBody,
  AnswerPersonQuestionnaireBody,
  PersonQuestionnaires,
  PersonActivityList,
  PersonConsents,
  PersonConsentScope,
  PersonNote,
  PersonPlan,
  PersonRecordAccessList,
  PersonRequest,
  PersonRequestList,
  PersonSaysBody,
  PersonSession,
} from '../../shared/contracts/person-space';
import { dataCache, savedAtHeader } from './install/service-worker';
import type { PersonLocale } from './person-i18n';

/** An answer the server refused, with its message in the language asked for. */
export class PersonApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;
/** When the last answer was read from the server, if it was the copy kept for offline reading. */
let savedAt: string | null = null;

async function call<T>(
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  locale: PersonLocale,
  body?: unknown,
): Promise<T> {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: {
      accept: 'application/json',
      'accept-language': locale,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(method !== 'GET' && csrfToken ? { 'x-csrf-token': csrfToken } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  savedAt = response.headers.get(savedAtHeader);
  if (response.status === 204) return undefined as T;
  const data = (await response.json().catch(() => null)) as unknown;
  if (!response.ok) {
    const error = (data as { error?: { code?: string; message?: string } } | null)?.error;
    throw new PersonApiError(response.status, error?.code ?? 'internal', error?.message ?? '');
  }
  return data as T;
}

function remember(session: PersonSession): PersonSession {
  csrfToken = session.csrfToken;
  return session;
}

export async function signInWithToken(token: string, locale: PersonLocale): Promise<PersonSession> {
  return remember(await call<PersonSession>('POST', '/api/person/sign-in', locale, { token }));
}

/**
 * The person's data kept for offline reading (install/service-worker.ts) goes with their
 * session: the worker forgets it too, but a page it does not control (a forced reload) would not.
 */
function forgetSavedData(): void {
  if ('caches' in window) void caches.delete(dataCache);
}

/**
 * The signed-in person, or null when no session (ended, or never opened); with when it was
 * read when it is the copy kept for offline reading.
 */
export async function readSession(
  locale: PersonLocale,
): Promise<{ session: PersonSession; savedAt: string | null } | null> {
  try {
    const session = remember(await call<PersonSession>('GET', '/api/person/session', locale));
    return { session, savedAt };
  } catch (error) {
    if (!(error instanceof PersonApiError && error.status === 401)) throw error;
    forgetSavedData();
    return null;
  }
}

export function readPlan(caseId: string, locale: PersonLocale): Promise<PersonPlan> {
  return call<PersonPlan>('GET', `/api/person/cases/${caseId}/plan`, locale);
}

export async function signOut(locale: PersonLocale): Promise<void> {
  forgetSavedData();
  await call<undefined>('POST', '/api/person/sign-out', locale);
  csrfToken = null;
}

export function markStepDone(
  caseId: string,
  stepId: string,
  locale: PersonLocale,
): Promise<PersonPlan> {
  return call<PersonPlan>(
    'POST',
    `/api/person/cases/${caseId}/plan/steps/${stepId}/done`,
    locale,
    {},
  );
}

export function addNote(caseId: string, body: string, locale: PersonLocale): Promise<PersonNote> {
  return call<PersonNote>('POST', `/api/person/cases/${caseId}/notes`, locale, { body });
}

export function readActivities(caseId: string, locale: PersonLocale): Promise<PersonActivityList> {
  return call<PersonActivityList>('GET', `/api/person/cases/${caseId}/activities`, locale);
}

export function sayOfActivity(
  caseId: string,
  connectionId: string,
  body: PersonSaysBody,
  locale: PersonLocale,
): Promise<PersonActivityList> {
  return call<PersonActivityList>(
    'POST',
    `/api/person/cases/${caseId}/activities/${connectionId}/said`,
    locale,
    body,
  );
}

export function readQuestionnaires(
  caseId: string,
  locale: PersonLocale,
): Promise<PersonQuestionnaires> {
  return call<PersonQuestionnaires>('GET', `/api/person/cases/${caseId}/questionnaires`, locale);
}

export function answerQuestionnaire(
  caseId: string,
  timepoint: string,
  body: AnswerPersonQuestionnaireBody,
  locale: PersonLocale,
): Promise<QuestionnaireAnswered> {
  return call<QuestionnaireAnswered>(
    'POST',
    `/api/person/cases/${caseId}/questionnaires/${timepoint}/answers`,
    locale,
    body,
  );
}

export function readAccesses(
  cursor: string | null,
  locale: PersonLocale,
): Promise<PersonRecordAccessList> {
  const query = cursor ? `?cursor=${encodeURIComponent(cursor)}` : '';
  return call<PersonRecordAccessList>('GET', `/api/person/record-accesses${query}`, locale);
}

export function readConsents(locale: PersonLocale): Promise<PersonConsents> {
  return call<PersonConsents>('GET', '/api/person/consents', locale);
}

export function withdrawConsent(
  scope: PersonConsentScope,
  locale: PersonLocale,
): Promise<PersonConsents> {
  return call<PersonConsents>('POST', '/api/person/consents/withdrawals', locale, { scope });
}

export function readRequests(caseId: string, locale: PersonLocale): Promise<PersonRequestList> {
  return call<PersonRequestList>('GET', `/api/person/cases/${caseId}/requests`, locale);
}

export function sendRequest(
  caseId: string,
  body: AddPersonRequestBody,
  locale: PersonLocale,
): Promise<PersonRequest> {
  return call<PersonRequest>('POST', `/api/person/cases/${caseId}/requests`, locale, body);
}

/** Keeps the language on the person's record: their space and emails speak it from then on. */
export async function saveLanguage(locale: PersonLocale): Promise<void> {
  await call<undefined>('PUT', '/api/person/language', locale, { locale });
}

/** Whether sign-in by a texted code exists here (an SMS provider is set up). */
export async function readTextMessagesOffered(locale: PersonLocale): Promise<boolean> {
  const settings = await call<{ textMessages?: boolean }>('GET', '/api/client-settings', locale);
  return settings.textMessages === true;
}

/** Asks for a code by text: the same answer whether or not the number is known. */
export async function requestSignInCode(phone: string, locale: PersonLocale): Promise<void> {
  await call('POST', '/api/person/sign-in-codes', locale, { phone });
}

export async function signInWithCode(
  phone: string,
  code: string,
  locale: PersonLocale,
): Promise<PersonSession> {
  return remember(await call('POST', '/api/person/sign-in/code', locale, { phone, code }));
}
