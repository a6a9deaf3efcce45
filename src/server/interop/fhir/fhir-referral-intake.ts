import { createHash } from 'node:crypto';
import type {
  Address,
  CodeableConcept,
  Consent,
  ContactPoint,
  HumanName,
  Organization,
  Patient,
  Practitioner,
  PractitionerRole,
  Reference,
  ServiceRequest,
  Task,
} from '@medplum/fhirtypes';
import type { TFunction } from 'i18next';
import { z } from 'zod';
import { ConsentInput, ExternalReferrer, PersonInput } from '../../../shared/contracts/referrals';
import type { Locale } from '../../../shared/locale';
import type { ReferralReason, Sex, Urgency } from '../../../shared/pathway';
import type { SystemReferralInput } from '../../features/referrals';
import type { ReferralKey } from '../../features/systems';
import { describeFieldIssue } from '../../platform/validation';
import { type ReceivedBundle, type ReceivedEntry, siteReferencePattern } from './fhir-bundle';
import { FhirError, type FhirIssue, type FhirMessageKey } from './operation-outcome';

export const taskCodeSystem = 'http://hl7.org/fhir/CodeSystem/task-code';
const actCodeSystem = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
export const participationTypeSystem = 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType';
export const sdohccTemporaryCodes =
  'http://hl7.org/fhir/us/sdoh-clinicalcare/CodeSystem/SDOHCC-CodeSystemTemporaryCodes';
/** The body-hash key's system: the same Bundle sent again within a week is the same referral. */
export const bodyHashSystem = 'urn:passerelle:body-sha256';
const bodyHashDays = 7;

/** A referral found in a Bundle: its entries, what the referral service takes, its keys. */
export type ReferralIntake = {
  task: ReceivedEntry;
  serviceRequest: ReceivedEntry;
  patient: ReceivedEntry;
  consent: ReceivedEntry;
  input: Omit<SystemReferralInput, 'auditDetails'>;
  /** Written with the referral: a later copy holding any of them is a repeat. */
  keys: ReferralKey[];
  /** The body's hash, among `keys`: a repeat holding it is the very same Bundle. */
  bodyKey: ReferralKey;
  /** The conditional creates' searches (`ifNoneExist`), looked up before anything is written. */
  lookups: ReferralKey[];
};

/** A referral the Bundle does not make as our rules need: 422, at the element. */
function refuse(
  key: FhirMessageKey,
  expression: string,
  params?: Record<string, string>,
): FhirError {
  return new FhirError(422, [
    { code: 'business-rule', message: { key, ...(params ? { params } : {}) }, expression },
  ]);
}

/**
 * The referral of a checked transaction Bundle (DESIGN.md §2, steps 2 to 5): its one Task
 * (fulfil, order) for a Patient and focused on a ServiceRequest, the Consent that allows it,
 * the site that owns it and who requested it, mapped onto the referral contract and checked
 * against the same schemas as the screen's form. Refused with the FHIRPath of the element.
 */
export function readReferral(bundle: ReceivedBundle, body: unknown, t: TFunction): ReferralIntake {
  const task = theTask(bundle);
  const taskResource = task.resource as Task;
  const serviceRequest = bundle.resolve(taskResource.focus?.reference);
  if (serviceRequest?.resource.resourceType !== 'ServiceRequest') {
    throw refuse('task_focus_required', `${task.path}.focus`);
  }
  const patient = bundle.resolve(taskResource.for?.reference);
  if (patient?.resource.resourceType !== 'Patient') {
    throw refuse('task_for_required', `${task.path}.for`);
  }
  const request = serviceRequest.resource as ServiceRequest;
  if (bundle.resolve(request.subject.reference) !== patient) {
    throw refuse('subject_mismatch', `${serviceRequest.path}.subject`);
  }
  const consent = theConsent(bundle, request, serviceRequest, patient);
  const requester = bundle.resolve(
    taskResource.requester?.reference ?? request.requester?.reference,
  );
  const issues: FhirIssue[] = [];
  const person = mapPerson(patient, t, issues);
  const referrer = mapReferrer(bundle, requester, t, issues);
  const consentInput = mapConsent(bundle, consent, requester, t, issues);
  const { reasons, reasonOther } = mapReasons(request);
  const context = contextOf(request, serviceRequest, t, issues);
  if (issues.length || !person || !consentInput) throw new FhirError(422, issues);
  return {
    task,
    serviceRequest,
    patient,
    consent,
    input: {
      siteId: siteOf(taskResource, task),
      person,
      reasons,
      reasonOther,
      urgency: urgencyOf(request.priority),
      context,
      referrer,
      consent: consentInput,
    },
    ...keysOf(bundle, body, task, serviceRequest),
  };
}

function theTask(bundle: ReceivedBundle): ReceivedEntry {
  const tasks = bundle.entries.filter((entry) => entry.resource.resourceType === 'Task');
  const [task] = tasks;
  if (!task) throw refuse('task_required', 'Bundle.entry');
  if (tasks.length > 1) throw refuse('task_single', `${tasks[1]?.path ?? 'Bundle.entry'}`);
  const resource = task.resource as Task;
  if (resource.intent !== 'order') throw refuse('task_intent', `${task.path}.intent`);
  const fulfil = resource.code?.coding?.some(
    (coding) => coding.system === taskCodeSystem && coding.code === 'fulfill',
  );
  if (!fulfil) throw refuse('task_code', `${task.path}.code`);
  if (resource.status === 'draft') throw refuse('task_draft', `${task.path}.status`);
  return task;
}

/** The site that owns the Task: `Organization/site-<id>`; none named, the client's only one. */
function siteOf(task: Task, entry: ReceivedEntry): string | undefined {
  const reference = task.owner?.reference;
  if (!task.owner) return undefined;
  const site = reference ? siteReferencePattern.exec(reference)?.[1] : undefined;
  if (!site) throw refuse('task_owner_site', `${entry.path}.owner`);
  return site;
}

/** The ServiceRequest's supporting Consent, else the one Consent of the Patient. */
function theConsent(
  bundle: ReceivedBundle,
  request: ServiceRequest,
  serviceRequest: ReceivedEntry,
  patient: ReceivedEntry,
): ReceivedEntry {
  const supporting = (request.supportingInfo ?? [])
    .map((reference) => bundle.resolve(reference.reference))
    .find((entry) => entry?.resource.resourceType === 'Consent');
  const ofPatient = bundle.entries.filter(
    (entry) =>
      entry.resource.resourceType === 'Consent' &&
      bundle.resolve((entry.resource as Consent).patient?.reference) === patient,
  );
  const consent = supporting ?? (ofPatient.length === 1 ? ofPatient[0] : undefined);
  if (!consent) {
    throw ofPatient.length > 1
      ? refuse('consent_ambiguous', `${serviceRequest.path}.supportingInfo`)
      : refuse('consent_missing', 'Bundle.entry');
  }
  const resource = consent.resource as Consent;
  if (resource.status !== 'active') throw refuse('consent_not_active', `${consent.path}.status`);
  const disclosure = resource.category.some((concept) =>
    concept.coding?.some((coding) => coding.system === actCodeSystem && coding.code === 'IDSCL'),
  );
  if (!disclosure) throw refuse('consent_category', `${consent.path}.category`);
  if (bundle.resolve(resource.patient?.reference) !== patient) {
    throw refuse('consent_patient', `${consent.path}.patient`);
  }
  if (!resource.dateTime) throw refuse('consent_date_required', `${consent.path}.dateTime`);
  if (resource.provision?.type === 'deny') {
    throw refuse('consent_denied', `${consent.path}.provision.type`);
  }
  const period = resource.provision?.period;
  const now = new Date().toISOString();
  if ((period?.start && period.start > now) || (period?.end && period.end < now)) {
    throw refuse('consent_period', `${consent.path}.provision.period`);
  }
  return consent;
}

/** A zod issue of the contract as an issue at the FHIR element it came from. */
function contractIssues(
  error: z.ZodError,
  t: TFunction,
  pathOf: (field: string) => string,
): FhirIssue[] {
  return error.issues.map((issue) => ({
    code: 'business-rule' as const,
    message: { key: 'referral_field' as const, params: { detail: describeFieldIssue(issue, t) } },
    expression: pathOf(String(issue.path[0] ?? '')),
  }));
}

const personPaths: Record<string, string> = {
  givenName: 'name',
  familyName: 'name',
  dateOfBirth: 'birthDate',
  sex: 'gender',
  email: 'telecom',
  phone: 'telecom',
  contactPreference: 'telecom',
  preferredLanguage: 'communication',
  address: 'address',
  postalCode: 'address',
};

const sexOfGender: Record<string, Sex> = {
  male: 'male',
  female: 'female',
  other: 'other',
  unknown: 'not_stated',
};

function mapPerson(
  entry: ReceivedEntry,
  t: TFunction,
  issues: FhirIssue[],
): SystemReferralInput['person'] | undefined {
  const patient = entry.resource as Patient;
  const name = current(patient.name, (n) => n.use === 'official' || n.use === 'usual');
  const phone = contactOf(patient.telecom, ['phone', 'sms']);
  const email = contactOf(patient.telecom, ['email']);
  const address = current(patient.address, (a) => a.use === 'home');
  const addressText = address ? addressLine(address) : undefined;
  const preferredLanguage = languageOf(patient);
  const mapped = {
    givenName: name?.given?.join(' ') ?? '',
    familyName: name?.family ?? '',
    dateOfBirth: patient.birthDate ?? '',
    ...(patient.gender ? { sex: sexOfGender[patient.gender] } : {}),
    ...(email ? { email } : {}),
    ...(phone ? { phone } : {}),
    ...(addressText ? { address: addressText } : {}),
    ...(address?.postalCode ? { postalCode: address.postalCode } : {}),
    contactPreference: phone ? 'phone' : email ? 'email' : 'post',
    // Stands in for the site's language, which the referral service puts when none is said.
    preferredLanguage: preferredLanguage ?? 'en',
  };
  const parsed = PersonInput.safeParse(mapped);
  if (!parsed.success) {
    issues.push(
      ...contractIssues(parsed.error, t, (field) => `${entry.path}.${personPaths[field] ?? ''}`),
    );
    return undefined;
  }
  return { ...parsed.data, preferredLanguage };
}

/** The one in use: of those without an ended period, the preferred kind, else the last. */
function current<T extends { period?: { end?: string } }>(
  values: readonly T[] | undefined,
  preferred: (value: T) => boolean,
): T | undefined {
  const today = new Date().toISOString().slice(0, 10);
  const live = (values ?? []).filter((value) => !value.period?.end || value.period.end >= today);
  return live.find(preferred) ?? live.at(-1);
}

function contactOf(
  telecom: readonly ContactPoint[] | undefined,
  systems: readonly string[],
): string | undefined {
  const today = new Date().toISOString().slice(0, 10);
  const usable = (telecom ?? []).filter(
    (point) =>
      point.value &&
      systems.includes(point.system ?? '') &&
      (!point.period?.end || point.period.end >= today),
  );
  // The one ranked first, else the first listed.
  return [...usable].sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity))[0]?.value;
}

function addressLine(address: Address): string | undefined {
  const text =
    address.text ??
    [...(address.line ?? []), address.city, address.state].filter(Boolean).join(', ');
  return text || undefined;
}

function languageOf(patient: Patient): Locale | undefined {
  const languages = patient.communication ?? [];
  const chosen = languages.find((c) => c.preferred) ?? languages[0];
  const code = chosen?.language.coding?.find((coding) => coding.code)?.code?.toLowerCase();
  if (code?.startsWith('fr')) return 'fr';
  if (code?.startsWith('en')) return 'en';
  return undefined;
}

function nameText(names: readonly HumanName[] | undefined): string | undefined {
  const name = current(names, (n) => n.use === 'official' || n.use === 'usual');
  if (!name) return undefined;
  return (
    name.text ??
    ([...(name.prefix ?? []), ...(name.given ?? []), name.family].filter(Boolean).join(' ') ||
      undefined)
  );
}

/** The requester, as the case's referrer columns keep one: name, organisation, contact. */
function mapReferrer(
  bundle: ReceivedBundle,
  requester: ReceivedEntry | undefined,
  t: TFunction,
  issues: FhirIssue[],
): SystemReferralInput['referrer'] {
  if (!requester) return undefined;
  const resource = requester.resource;
  let practitioner: Practitioner | undefined;
  let organisation: Organization | undefined;
  let telecom: ContactPoint[] = [];
  if (resource.resourceType === 'PractitionerRole') {
    const role = resource as PractitionerRole;
    practitioner = resolved<Practitioner>(bundle, role.practitioner, 'Practitioner');
    organisation = resolved<Organization>(bundle, role.organization, 'Organization');
    telecom = [...(role.telecom ?? []), ...(practitioner?.telecom ?? [])];
  } else if (resource.resourceType === 'Practitioner') {
    practitioner = resource;
    telecom = practitioner.telecom ?? [];
  } else if (resource.resourceType === 'Organization') {
    organisation = resource;
    telecom = organisation.telecom ?? [];
  }
  const name = nameText(practitioner?.name) ?? organisation?.name;
  const contact = contactOf(telecom, ['phone', 'email']);
  const mapped = {
    ...(name ? { name } : {}),
    ...(organisation?.name ? { organisation: organisation.name } : {}),
    ...(contact ? { contact } : {}),
  };
  const parsed = ExternalReferrer.partial().safeParse(mapped);
  if (!parsed.success) {
    issues.push(...contractIssues(parsed.error, t, () => requester.path));
    return undefined;
  }
  return parsed.data;
}

function resolved<T>(
  bundle: ReceivedBundle,
  reference: Reference | undefined,
  type: string,
): T | undefined {
  const entry = bundle.resolve(reference?.reference);
  return entry?.resource.resourceType === type ? (entry.resource as T) : undefined;
}

/**
 * The consent as the contract keeps it: to the referral (checked before), to updates back
 * only when a permit provision names the requester (or its organisation) as information
 * recipient, never to sharing with partners (the link worker asks the person).
 */
function mapConsent(
  bundle: ReceivedBundle,
  entry: ReceivedEntry,
  requester: ReceivedEntry | undefined,
  t: TFunction,
  issues: FhirIssue[],
): SystemReferralInput['consent'] | undefined {
  const consent = entry.resource as Consent;
  const recipients = new Set<ReceivedEntry>();
  if (requester) {
    recipients.add(requester);
    if (requester.resource.resourceType === 'PractitionerRole') {
      const organisation = bundle.resolve(
        (requester.resource as PractitionerRole).organization?.reference,
      );
      if (organisation) recipients.add(organisation);
    }
  }
  const updates =
    consent.provision?.type !== 'deny' &&
    (consent.provision?.actor ?? []).some((actor) => {
      const recipient = isCoded(actor.role, participationTypeSystem, 'IRCP');
      const named = bundle.resolve(actor.reference.reference);
      return recipient && named !== undefined && recipients.has(named);
    });
  const dateTime = consent.dateTime ?? '';
  // A bare date is taken at noon UTC: the same day wherever the site is.
  const givenAt = /^\d{4}-\d{2}-\d{2}$/.test(dateTime) ? `${dateTime}T12:00:00Z` : dateTime;
  const parsed = ConsentInput.safeParse({
    givenBy: 'person',
    givenAt,
    coversReferral: true,
    coversReferrerUpdates: updates,
    coversSharingWithPartners: false,
  });
  if (!parsed.success) {
    issues.push(...contractIssues(parsed.error, t, () => `${entry.path}.dateTime`));
    return undefined;
  }
  const { givenBy, coversReferrerUpdates, coversSharingWithPartners } = parsed.data;
  return { givenBy, givenAt: new Date(givenAt), coversReferrerUpdates, coversSharingWithPartners };
}

function isCoded(concept: CodeableConcept | undefined, system: string, code: string): boolean {
  return Boolean(concept?.coding?.some((c) => c.system === system && c.code === code));
}

/** The guide's SDOH categories, as the referral reasons the programme counts. */
const reasonOfCategory: Record<string, ReferralReason> = {
  'food-insecurity': 'food',
  'housing-instability': 'housing',
  homelessness: 'housing',
  'inadequate-housing': 'housing',
  'financial-insecurity': 'money',
  'material-hardship': 'money',
  'social-connection': 'loneliness_isolation',
  stress: 'low_mood_stress',
};

function mapReasons(request: ServiceRequest): {
  reasons: ReferralReason[];
  reasonOther: string | undefined;
} {
  const reasons = new Set<ReferralReason>();
  const others: string[] = [];
  for (const coding of (request.category ?? []).flatMap((concept) => concept.coding ?? [])) {
    if (coding.system !== sdohccTemporaryCodes || !coding.code) continue;
    const reason = reasonOfCategory[coding.code];
    if (reason) reasons.add(reason);
    else others.push(coding.display ?? coding.code);
  }
  if (others.length || reasons.size === 0) {
    reasons.add('other');
    const what =
      others.join(', ') ||
      request.code?.text ||
      request.code?.coding?.find((coding) => coding.display)?.display ||
      'FHIR ServiceRequest';
    return { reasons: [...reasons], reasonOther: what.slice(0, 500) };
  }
  return { reasons: [...reasons], reasonOther: undefined };
}

const urgencyOfPriority: Record<string, Urgency> = {
  routine: 'routine',
  urgent: 'soon',
  asap: 'urgent',
  stat: 'urgent',
};

function urgencyOf(priority: string | undefined): Urgency {
  return urgencyOfPriority[priority ?? 'routine'] ?? 'routine';
}

/** The request's notes and instructions to the patient: the referral's context. */
function contextOf(
  request: ServiceRequest,
  entry: ReceivedEntry,
  t: TFunction,
  issues: FhirIssue[],
): string | undefined {
  const parts = [...(request.note ?? []).map((note) => note.text), request.patientInstruction];
  const context = parts.filter(Boolean).join('\n\n');
  if (!context) return undefined;
  const parsed = PersonContext.safeParse(context);
  if (!parsed.success) {
    issues.push(...contractIssues(parsed.error, t, () => `${entry.path}.note`));
  }
  return context;
}

// The referral form's limit on its context.
const PersonContext = z.string().max(4000);

function keysOf(
  bundle: ReceivedBundle,
  body: unknown,
  task: ReceivedEntry,
  serviceRequest: ReceivedEntry,
): Pick<ReferralIntake, 'keys' | 'bodyKey' | 'lookups'> {
  const identifierKeys = (entry: ReceivedEntry): ReferralKey[] =>
    identifierKeysOf(entry.resource as Task | ServiceRequest);
  const bodyKey = bodyKeyOf(body);
  const bundleKeys: ReferralKey[] = bundle.identifier?.value
    ? [
        {
          resourceType: 'Bundle',
          system: bundle.identifier.system ?? '',
          value: bundle.identifier.value,
        },
      ]
    : [];
  return {
    keys: [...identifierKeys(serviceRequest), ...identifierKeys(task), ...bundleKeys, bodyKey],
    bodyKey,
    lookups: bundle.entries.flatMap((entry) => lookupOf(entry)),
  };
}

/** The key of a request's body: the same body within a week is the same referral. */
export function bodyKeyOf(body: unknown): ReferralKey {
  return {
    resourceType: 'Bundle',
    system: bodyHashSystem,
    value: createHash('sha256').update(JSON.stringify(body)).digest('base64url'),
    expiresAt: new Date(Date.now() + bodyHashDays * 24 * 3600_000),
  };
}

/** The keys of a resource's identifiers (a ServiceRequest's or Task's). */
export function identifierKeysOf(resource: Task | ServiceRequest): ReferralKey[] {
  return (resource.identifier ?? []).flatMap((identifier) =>
    identifier.value
      ? [
          {
            resourceType: resource.resourceType,
            system: identifier.system ?? '',
            value: identifier.value,
          },
        ]
      : [],
  );
}

/** `ifNoneExist: identifier=system|value`, on the ServiceRequest or the Task: what we key on. */
function lookupOf(entry: ReceivedEntry): ReferralKey[] {
  if (entry.ifNoneExist === undefined) return [];
  const type = entry.resource.resourceType;
  const at = `Bundle.entry[${entry.index}].request.ifNoneExist`;
  const params = new URLSearchParams(entry.ifNoneExist.replace(/^\?/, ''));
  const identifier = params.get('identifier');
  if (
    (type !== 'ServiceRequest' && type !== 'Task') ||
    [...params.keys()].length !== 1 ||
    !identifier
  ) {
    throw new FhirError(422, [
      { code: 'not-supported', message: { key: 'if_none_exist_not_supported' }, expression: at },
    ]);
  }
  const bar = identifier.indexOf('|');
  return [
    bar < 0
      ? { resourceType: type, system: '', value: identifier }
      : { resourceType: type, system: identifier.slice(0, bar), value: identifier.slice(bar + 1) },
  ];
}
