import { selectPollingWatermark } from '../../db/time-bounds';
import type {
  ConsentInput,
  ExternalReferrer,
  PersonInput,
} from '../../../shared/contracts/referrals';
import type { Locale } from '../../../shared/locale';
import type { ReferralReason, Urgency } from '../../../shared/pathway';
import type { Database } from '../../db/client';
import type { Actor } from '../../platform/actor';
import { AppError, forbidden, notFound } from '../../platform/errors';
import { auditEvent, recordAudit, recordAudits } from '../audit';
import {
  type OpenedCase,
  type MailLinks,
  loadReferralSite,
  recordReferral,
  teamMessages,
} from './referrals-service';
import { referralSiteIds } from './referrals-policy';
import { ReferrerSummary } from '../../../shared/contracts/referrals';
import { coversReferrerUpdates } from '../../../shared/consent';
import {
  type AttendedConnectionRow,
  type FoundSystemReferral,
  type PlanGoalRow,
  findAgreedGoal,
  findAttendedConnection,
  findReferrerSummary,
  type SystemReferralFilter,
  type SystemReferralRow,
  findSystemReferral,
  type ReferralSiteRow,
  insertTaskState,
  selectCaseConsents,
  selectReferralSites,
  selectSystemReferrals,
} from './system-referral-queries';
import {
  type FoundMeasurementRow,
  type SystemMeasurement,
  type SystemMeasurementFilter,
  findSystemMeasurement,
  selectMeasurements,
  selectSystemMeasurementRows,
} from './system-measurement-queries';
import { refusedCase } from '../cases';

/**
 * A referral a connected system sent (interop/fhir, DESIGN.md §2), already checked and
 * mapped from FHIR: the same record as the screen's, with the external referrer named
 * beside the system's account.
 */
export type SystemReferralInput = {
  /** The site the system named; undefined when it refers to one site only. */
  siteId: string | undefined;
  /** The person as the contract takes them; no language said means the site's. */
  person: Omit<PersonInput, 'preferredLanguage'> & { preferredLanguage: Locale | undefined };
  reasons: ReferralReason[];
  reasonOther: string | undefined;
  urgency: Urgency;
  context: string | undefined;
  referrer: Partial<ExternalReferrer> | undefined;
  consent: Omit<ConsentInput, 'givenAt' | 'coversReferral'> & { givenAt: Date };
  /** What the audit event adds about where it came from (ids only). */
  auditDetails: Record<string, unknown>;
  /** The ids the staged Patient and Consent were given, which the person and consent take. */
  ids?: { personId: string; consentId: string } | undefined;
};

export type SystemReferralMade = {
  caseId: string;
  reference: string;
  siteId: string;
  personId: string;
  consentId: string;
  possibleDuplicate: boolean;
};

/**
 * Records a system's referral as a clinician's referral made by its account: only to a site
 * the system refers to (its referrer grants), consent required, the person checked against
 * the site's people, audited and announced to the site's link workers, in one statement.
 * `opened` is chosen by the caller, which keys the request on it first.
 */
export async function createSystemReferral(
  db: Database,
  actor: Actor,
  opened: OpenedCase,
  input: SystemReferralInput,
  links: MailLinks,
): Promise<SystemReferralMade> {
  const siteIds = referralSiteIds(actor, 'clinician');
  if (siteIds.length === 0) throw forbidden();
  const siteId = input.siteId ?? (siteIds.length === 1 ? siteIds[0] : undefined);
  if (!siteId) throw new AppError('site_required_for_role', { field: 'Task.owner' });
  if (!siteIds.includes(siteId)) {
    throw forbidden({ subjectType: 'site', subjectId: siteId, siteId: null });
  }
  const site = await loadReferralSite(db, siteId);
  const person = {
    ...input.person,
    preferredLanguage: input.person.preferredLanguage ?? site.defaultLocale,
  };
  const { row, duplicate, consentId } = await recordReferral(
    db,
    opened,
    {
      siteId,
      source: 'clinician',
      referrerAccountId: actor.accountId,
      referrer: input.referrer,
      person,
      reasons: input.reasons,
      reasonOther: input.reasonOther,
      urgency: input.urgency,
      context: input.context,
      consent: { ...input.consent, coversReferral: true },
      ids: input.ids,
    },
    {
      actorId: actor.accountId,
      audit: auditEvent(actor, {
        action: 'referral.created',
        subjectType: 'case',
        subjectId: opened.id,
        siteId,
        details: { source: 'clinician', urgency: input.urgency, ...input.auditDetails },
      }),
      messages: teamMessages(site, { ...opened, urgency: input.urgency }, links),
    },
  );
  // The Task the system follows: its version moves with the case from here on (0021).
  await insertTaskState(db, row.id, actor.accountId);
  return {
    caseId: row.id,
    reference: row.reference,
    siteId,
    personId: row.personId,
    consentId,
    possibleDuplicate: duplicate,
  };
}

/**
 * A referral a system made, as the system may read it: only its own (its account referred
 * it) at a site it still refers to; anything else is not found, and audited as denied.
 * The read is audited with what was read (`details`: resource type and id, never content).
 */
export async function getSystemReferral(
  db: Database,
  actor: Actor,
  caseId: string,
  details: Record<string, unknown>,
): Promise<SystemReferralRow> {
  const row = await ownReferral(db, actor, caseId);
  await auditRead(db, actor, row, details);
  return row;
}

/** The system's own referral at a site it still refers to; not found (audited as denied) otherwise. */
async function ownReferral(db: Database, actor: Actor, caseId: string): Promise<SystemReferralRow> {
  const row = await findSystemReferral(db, caseId);
  if (
    !row ||
    row.case.referrerAccountId !== actor.accountId ||
    !referralSiteIds(actor, 'clinician').includes(row.case.siteId)
  ) {
    throw notFound(refusedCase(caseId, row?.case.siteId ?? null));
  }
  return row;
}

function auditRead(
  db: Database,
  actor: Actor,
  row: SystemReferralRow,
  details: Record<string, unknown>,
): Promise<void> {
  return recordAudit(db, actor, {
    action: 'referral.viewed',
    subjectType: 'case',
    subjectId: row.case.id,
    siteId: row.case.siteId,
    details,
  });
}

/** What a referral's Task points to (DESIGN.md §3), each read as the referrer may hear it. */
export type SystemReferralOutput =
  | { kind: 'Procedure'; referral: SystemReferralRow; connection: AttendedConnectionRow }
  | { kind: 'Goal'; referral: SystemReferralRow; goal: PlanGoalRow }
  | { kind: 'DocumentReference'; referral: SystemReferralRow; summary: ReferrerSummary };

/**
 * One output of a system's own referral: undefined when there is no such thing; not found
 * and audited as denied when it is another's, or when the person's consent does not let the
 * referrer hear of it (withdrawn, or never given); audited as read otherwise.
 */
export async function getSystemReferralOutput(
  db: Database,
  actor: Actor,
  kind: SystemReferralOutput['kind'],
  id: string,
  details: Record<string, unknown>,
): Promise<SystemReferralOutput | undefined> {
  const found = await findOutput(db, actor, kind, id);
  if (!found) return undefined;
  const referral = await ownReferral(db, actor, found.caseId);
  if (!coversReferrerUpdates(referral.consent)) {
    throw notFound(refusedCase(referral.case.id, referral.case.siteId));
  }
  let output: SystemReferralOutput | undefined;
  if (found.connection) output = { kind: 'Procedure', referral, connection: found.connection };
  else if (found.goal) output = { kind: 'Goal', referral, goal: found.goal };
  else {
    const summary = ReferrerSummary.safeParse(await findReferrerSummary(db, referral.case.id));
    if (summary.success) output = { kind: 'DocumentReference', referral, summary: summary.data };
  }
  if (output) await auditRead(db, actor, referral, details);
  return output;
}

async function findOutput(
  db: Database,
  actor: Actor,
  kind: SystemReferralOutput['kind'],
  id: string,
): Promise<{ caseId: string; connection?: AttendedConnectionRow; goal?: PlanGoalRow } | undefined> {
  switch (kind) {
    case 'Procedure': {
      const connection = await findAttendedConnection(db, id);
      return connection && { caseId: connection.caseId, connection };
    }
    case 'Goal': {
      const goal = await findAgreedGoal(db, actor.accountId, id);
      return goal && { caseId: goal.caseId, goal };
    }
    case 'DocumentReference':
      // The summary's id is its case's; a case not closed yet has none.
      return (await findReferrerSummary(db, id)) ? { caseId: id } : undefined;
  }
}

/**
 * A system's search of the referrals it made, at the sites it still refers to, a page at a
 * time, oldest change first. Each referral shown is audited as read (`details`: how it was
 * found, never what it holds). `more` says whether another page follows; `watermark` is the
 * time to poll from next (DESIGN.md §4).
 */
export async function searchSystemReferrals(
  db: Database,
  actor: Actor,
  filter: SystemReferralFilter,
  details: Record<string, unknown>,
): Promise<{ rows: FoundSystemReferral[]; more: boolean; watermark: Date }> {
  const watermark = await selectPollingWatermark(db);
  const found = await selectSystemReferrals(
    db,
    actor.accountId,
    referralSiteIds(actor, 'clinician'),
    { ...filter, limit: filter.limit + 1 },
  );
  const rows = found.slice(0, filter.limit);
  await recordAudits(
    db,
    actor,
    rows.map((row) => ({
      action: 'referral.viewed',
      subjectType: 'case',
      subjectId: row.case.id,
      siteId: row.case.siteId,
      details,
    })),
  );
  return { rows, more: found.length > rows.length, watermark };
}

/**
 * The referrals among `filter` a system may read now (its own, at the sites it still refers
 * to), without auditing: for the subscription notifier, which audits what it sends.
 */
export function matchSystemReferrals(
  db: Database,
  actor: Actor,
  filter: SystemReferralFilter,
): Promise<FoundSystemReferral[]> {
  return selectSystemReferrals(db, actor.accountId, referralSiteIds(actor, 'clinician'), filter);
}

/** A measurement of a system's referral, with the referral it belongs to. */
export type SystemMeasurementOutput = {
  referral: SystemReferralRow;
  measurement: SystemMeasurement;
};

/**
 * One outcome measurement of a system's own referral (a QuestionnaireResponse, or with
 * `scale` one of its scores as an Observation), as getSystemReferralOutput reads the other
 * outputs: undefined when there is no such thing; not found and audited as denied when the
 * referral is another's or the person's consent does not let the referrer hear of it;
 * audited as read otherwise. A voided one is still read: the reader learns it was in error.
 */
export async function getSystemMeasurement(
  db: Database,
  actor: Actor,
  measurementId: string,
  scale: string | undefined,
  details: Record<string, unknown>,
): Promise<SystemMeasurementOutput | undefined> {
  const measurement = await findSystemMeasurement(db, measurementId);
  if (!measurement) return undefined;
  const referral = await ownReferral(db, actor, measurement.caseId);
  if (!coversReferrerUpdates(referral.consent)) {
    throw notFound(refusedCase(referral.case.id, referral.case.siteId));
  }
  if (scale !== undefined && !measurement.scores.some((score) => score.scale === scale)) {
    return undefined;
  }
  await auditRead(db, actor, referral, details);
  return { referral, measurement };
}

/**
 * A system's search of the outcome measurements (or, at `score` level, their scores) of the
 * referrals it made, at the sites it still refers to, oldest change first. Only those whose
 * case's consent lets the referrer hear of them are shown, so a page may hold fewer than
 * its limit; `last` is the last row looked at, the next page's key. Each case shown is
 * audited as read, with the ids shown (`details.ids`).
 */
export async function searchSystemMeasurements(
  db: Database,
  actor: Actor,
  level: 'measurement' | 'score',
  filter: SystemMeasurementFilter,
  details: Record<string, unknown>,
): Promise<{
  rows: { row: FoundMeasurementRow; measurement: SystemMeasurement }[];
  last: FoundMeasurementRow | undefined;
  more: boolean;
  watermark: Date;
}> {
  const watermark = await selectPollingWatermark(db);
  const scanned = await selectSystemMeasurementRows(
    db,
    actor.accountId,
    referralSiteIds(actor, 'clinician'),
    level,
    { ...filter, limit: filter.limit + 1 },
  );
  const page = scanned.slice(0, filter.limit);
  const consentOf = new Map(
    (await selectCaseConsents(db, [...new Set(page.map((row) => row.caseId))])).map((c) => [
      c.caseId,
      c,
    ]),
  );
  const shown = page.filter((row) => coversReferrerUpdates(consentOf.get(row.caseId)));
  const measured = new Map(
    (await selectMeasurements(db, [...new Set(shown.map((row) => row.measurementId))])).map((m) => [
      m.id,
      m,
    ]),
  );
  const rows = shown.flatMap((row) => {
    const measurement = measured.get(row.measurementId);
    return measurement ? [{ row, measurement }] : [];
  });
  const byCase = new Map<string, { siteId: string; ids: string[] }>();
  for (const { row, measurement } of rows) {
    const seen = byCase.get(row.caseId) ?? { siteId: measurement.siteId, ids: [] };
    seen.ids.push(
      row.scale === undefined ? row.measurementId : `${row.measurementId}.${row.scale}`,
    );
    byCase.set(row.caseId, seen);
  }
  await recordAudits(
    db,
    actor,
    [...byCase].map(([caseId, seen]) => ({
      action: 'referral.viewed',
      subjectType: 'case',
      subjectId: caseId,
      siteId: seen.siteId,
      details: { ...details, ids: seen.ids },
    })),
  );
  return { rows, last: page.at(-1), more: scanned.length > page.length, watermark };
}

/**
 * The sites a system refers to now, each with its organisation: the owners of its Tasks.
 * Not personal data, so not audited (as the directory).
 */
export function listSystemReferralSites(db: Database, actor: Actor): Promise<ReferralSiteRow[]> {
  return selectReferralSites(db, referralSiteIds(actor, 'clinician'));
}
