import type {
  AssignCaseBody,
  CaseDetail,
  CaseloadItem,
  CaseloadList,
  CaseloadQuery,
  ChangeCaseStatusBody,
  RaiseSafeguardingBody,
  ReReferBody,
  ReReferResult,
  RecordContactBody,
  TakeCaseBody,
  TriageList,
  TriageQuery,
} from '../../../shared/contracts/cases';
import { type CaseStatus, snomed } from '../../../shared/pathway';
import type { Database } from '../../db/client';
import type { Actor } from '../../platform/actor';
import { AppError, forbidden, notFound, staleVersion } from '../../platform/errors';
import { translatorFor } from '../../platform/i18n';
import { queueEmail } from '../../platform/mail/outbox';
import { type AuditEntry, caseSubject, recordAudit } from '../audit';
import type { AuditAction } from '../../../shared/audit-actions';
import { requireCase, requireOpenCase } from './case-access';
import {
  assertCaseTransition,
  failedAttemptsSinceReached,
  isClosed,
  isWaitingTooLong,
  stageOf,
} from './case-rules';
import {
  assigningSiteIds,
  canAssignCases,
  canWorkOnCases,
  caseSiteIds,
  casePermissions,
  isLinkWorkerAt,
} from './cases-policy';
import {
  presentAssignee,
  presentCaseDetail,
  presentCaseloadItem,
  presentTriageItem,
} from './cases-presenter';
import {
  type CaseRow,
  type CaseloadRow,
  acknowledgeConcern as acknowledgeConcernRow,
  findAccountContact,
  findConsentFor,
  findDisplayName,
  findPerson,
  findSiteSettings,
  insertCaseEvent,
  insertContact,
  selectCaseConnections,
  selectCaseEvents,
  selectCaseFacts,
  selectCaseload,
  selectConcerns,
  selectContactOutcomes,
  selectContacts,
  selectSiteStaff,
  selectTriage,
  setFirstContactIfUnset,
  updateCaseAtVersion,
} from './cases-queries';
import { openCase } from './open-case';
import { buildReferrerSummary } from './referrer-summary';
import { raiseSafeguardingConcern } from './safeguarding';

/** Where links in emails point: the app's public address. */
export type Links = { publicUrl: string };

/** Tolerates a phone's clock a little ahead of the server's. */
const clockSkewMs = 5 * 60 * 1000;

function audited(row: CaseRow, action: AuditAction, details?: Record<string, unknown>): AuditEntry {
  return { action, ...caseSubject(row), details };
}

export async function listTriage(
  db: Database,
  actor: Actor,
  query: TriageQuery,
): Promise<TriageList> {
  if (!canWorkOnCases(actor)) throw forbidden();
  const mine = caseSiteIds(actor);
  if (query.siteId && !mine.includes(query.siteId)) throw notFound();
  const siteIds = query.siteId ? [query.siteId] : mine;
  const rows = await selectTriage(db, siteIds, query.sort);
  const managed = assigningSiteIds(actor).filter((id) => siteIds.includes(id));
  const assignees = await selectSiteStaff(db, 'link_worker', managed);
  await recordAudit(db, actor, {
    action: 'case.triage_viewed',
    subjectType: 'case',
    details: { siteIds, count: rows.length },
  });
  return {
    items: rows.map((row) =>
      presentTriageItem(row, {
        waitingTooLong: isWaitingTooLong(row.referredAt, row.waitingThresholdDays),
        canTake: isLinkWorkerAt(actor, row.siteId),
        canAssign: canAssignCases(actor, row.siteId),
      }),
    ),
    assignees: assignees.map(presentAssignee),
  };
}

/** The next action of an open case and whether it has waited too long. */
function deriveCaseloadItem(
  row: CaseloadRow,
): Pick<CaseloadItem, 'stage' | 'nextAction' | 'nextActionOn' | 'waitingTooLong'> {
  const stage = stageOf(row);
  if (row.nextFollowUpOn && row.nextFollowUpKind) {
    return {
      stage,
      nextAction: row.nextFollowUpKind,
      nextActionOn: row.nextFollowUpOn,
      waitingTooLong: isWaitingTooLong(
        new Date(`${row.nextFollowUpOn}T00:00:00Z`),
        row.waitingThresholdDays,
      ),
    };
  }
  if (!row.firstContactAt) {
    return {
      stage,
      nextAction: 'first_contact',
      nextActionOn: row.referredAt.toISOString().slice(0, 10),
      waitingTooLong: isWaitingTooLong(row.referredAt, row.waitingThresholdDays),
    };
  }
  // Without a baseline there is no change to measure later: due from the acceptance.
  if (row.acceptedAt && !row.measuredAtBaseline) {
    return {
      stage,
      nextAction: 'baseline_measurement',
      nextActionOn: row.acceptedAt.toISOString().slice(0, 10),
      waitingTooLong: isWaitingTooLong(row.acceptedAt, row.waitingThresholdDays),
    };
  }
  return { stage, nextAction: null, nextActionOn: null, waitingTooLong: false };
}

export async function listCaseload(
  db: Database,
  actor: Actor,
  query: CaseloadQuery,
): Promise<CaseloadList> {
  if (!canWorkOnCases(actor)) throw forbidden();
  const siteIds = caseSiteIds(actor);
  const assignedTo =
    query.assignee === 'all' ? null : query.assignee === 'me' ? actor.accountId : query.assignee;
  const rows = await selectCaseload(db, siteIds, assignedTo);
  const assignees = await selectSiteStaff(db, 'link_worker', siteIds);
  await recordAudit(db, actor, {
    action: 'case.caseload_viewed',
    subjectType: 'case',
    details: { assignee: query.assignee, count: rows.length },
  });
  const items = rows.map((row) => presentCaseloadItem(row, deriveCaseloadItem(row)));
  // Flagged first, then the most overdue; cases without a next action last.
  items.sort(
    (a, b) =>
      Number(b.waitingTooLong) - Number(a.waitingTooLong) ||
      (a.nextActionOn ?? '9999').localeCompare(b.nextActionOn ?? '9999') ||
      a.reference.localeCompare(b.reference),
  );
  return { items, assignees: assignees.map(presentAssignee) };
}

/** Everything the case screen shows, with what the actor may do on it. */
async function loadCaseDetail(db: Database, actor: Actor, row: CaseRow): Promise<CaseDetail> {
  const [site, person, consent, facts, events, contacts, concerns, assigneeName] =
    await Promise.all([
      findSiteSettings(db, row.siteId),
      findPerson(db, row.personId),
      findConsentFor(db, row.id, row.personId),
      selectCaseFacts(db, row.id),
      selectCaseEvents(db, row.id),
      selectContacts(db, row.id),
      selectConcerns(db, row.id),
      row.assignedTo ? findDisplayName(db, row.assignedTo) : Promise.resolve(null),
    ]);
  if (!site || !person) throw notFound();
  const failedAttempts = failedAttemptsSinceReached(contacts.map((c) => c.outcome));
  const status = row.status as CaseStatus;
  const permissions = casePermissions(actor, {
    siteId: row.siteId,
    status,
    failedAttempts,
    maxContactAttempts: site.maxContactAttempts,
  });
  const assignees = permissions.canAssign
    ? await selectSiteStaff(db, 'link_worker', [row.siteId])
    : [];
  return presentCaseDetail({
    row,
    siteName: site.name,
    stage: stageOf({ status, ...facts }),
    person,
    consent,
    assigneeName,
    events,
    contacts,
    concerns,
    failedAttempts,
    maxContactAttempts: site.maxContactAttempts,
    assignees,
    permissions,
  });
}

export async function getCase(db: Database, actor: Actor, caseId: string): Promise<CaseDetail> {
  const row = await requireCase(db, actor, caseId);
  const detail = await loadCaseDetail(db, actor, row);
  await recordAudit(db, actor, audited(row, 'case.viewed'));
  return detail;
}

/** Refuses an update naming a version the case no longer has. */
function checkVersion(row: CaseRow, version: number): void {
  if (row.version !== version) throw staleVersion();
}

export async function takeCase(
  db: Database,
  actor: Actor,
  caseId: string,
  input: TakeCaseBody,
): Promise<CaseDetail> {
  if (!canWorkOnCases(actor)) throw forbidden();
  // The detail loads after commit, on the pool: its reads run side by side.
  const saved = await db.transaction(async (tx) => {
    const row = await requireOpenCase(tx, actor, caseId);
    if (!isLinkWorkerAt(actor, row.siteId)) throw forbidden();
    checkVersion(row, input.version);
    assertCaseTransition(row.status, 'assigned');
    const updated = await updateCaseAtVersion(tx, row.id, input.version, {
      status: 'assigned',
      assignedTo: actor.accountId,
    });
    if (!updated) throw staleVersion();
    await insertCaseEvent(tx, {
      caseId: row.id,
      fromStatus: row.status,
      toStatus: 'assigned',
      actorId: actor.accountId,
    });
    await recordAudit(tx, actor, audited(row, 'case.taken'));
    return updated;
  });
  return loadCaseDetail(db, actor, saved);
}

export async function assignCase(
  db: Database,
  actor: Actor,
  caseId: string,
  input: AssignCaseBody,
): Promise<CaseDetail> {
  if (!canWorkOnCases(actor)) throw forbidden();
  const saved = await db.transaction(async (tx) => {
    const row = await requireOpenCase(tx, actor, caseId);
    if (!canAssignCases(actor, row.siteId)) throw forbidden();
    checkVersion(row, input.version);
    const linkWorkers = await selectSiteStaff(tx, 'link_worker', [row.siteId]);
    if (!linkWorkers.some((w) => w.accountId === input.accountId)) {
      throw new AppError('not_found', { field: 'accountId' });
    }
    const to: CaseStatus = row.status === 'new' ? 'assigned' : row.status;
    if (to !== row.status) assertCaseTransition(row.status, to);
    const updated = await updateCaseAtVersion(tx, row.id, input.version, {
      status: to,
      assignedTo: input.accountId,
    });
    if (!updated) throw staleVersion();
    if (to !== row.status) {
      await insertCaseEvent(tx, {
        caseId: row.id,
        fromStatus: row.status,
        toStatus: to,
        actorId: actor.accountId,
      });
    }
    await recordAudit(
      tx,
      actor,
      audited(row, 'case.assigned', { assignedTo: input.accountId, previous: row.assignedTo }),
    );
    return updated;
  });
  return loadCaseDetail(db, actor, saved);
}

export async function recordContact(
  db: Database,
  actor: Actor,
  caseId: string,
  input: RecordContactBody,
): Promise<CaseDetail> {
  if (!canWorkOnCases(actor)) throw forbidden();
  const occurredAt = new Date(input.occurredAt);
  if (occurredAt.getTime() > Date.now() + clockSkewMs) {
    throw new AppError('date_in_future', { field: 'occurredAt' });
  }
  const saved = await db.transaction(async (tx) => {
    const row = await requireOpenCase(tx, actor, caseId);
    const contactId = await insertContact(tx, {
      caseId: row.id,
      channel: input.channel,
      outcome: input.outcome,
      occurredAt,
      durationMinutes: input.durationMinutes ?? null,
      notes: input.notes || null,
      recordedBy: actor.accountId,
    });
    if (input.outcome === 'reached') await setFirstContactIfUnset(tx, row.id, occurredAt);
    await recordAudit(
      tx,
      actor,
      audited(row, 'case.contact_recorded', {
        contactId,
        channel: input.channel,
        outcome: input.outcome,
      }),
    );
    const fresh = await requireCase(tx, actor, caseId);
    return fresh;
  });
  return loadCaseDetail(db, actor, saved);
}

/**
 * Accepts, declines, closes as unreachable or discharges a case, through the status
 * machine, with its history line, audit, and at closure the summary back to the referrer.
 */
export async function changeCaseStatus(
  db: Database,
  actor: Actor,
  caseId: string,
  input: ChangeCaseStatusBody,
  links: Links,
): Promise<CaseDetail> {
  if (!canWorkOnCases(actor)) throw forbidden();
  const saved = await db.transaction(async (tx) => {
    const row = await requireCase(tx, actor, caseId);
    checkVersion(row, input.version);
    const reason = 'reason' in input ? (input.reason ?? null) : null;
    assertCaseTransition(row.status, input.to, reason);
    const now = new Date();
    const patch: Parameters<typeof updateCaseAtVersion>[3] = { status: input.to };
    if (input.to === 'active') {
      patch.outcomeCode = snomed.referralAccepted;
      patch.acceptedAt = now;
      // Accepting straight from the queue makes the link worker its owner.
      if (!row.assignedTo && isLinkWorkerAt(actor, row.siteId)) patch.assignedTo = actor.accountId;
    }
    if (input.to === 'declined') patch.outcomeCode = snomed.referralDeclined;
    if (input.to === 'unreachable') {
      const site = await findSiteSettings(tx, row.siteId);
      const required = site?.maxContactAttempts ?? 3;
      const made = failedAttemptsSinceReached(await selectContactOutcomes(tx, row.id));
      if (made < required) {
        throw new AppError('too_few_contact_attempts', { params: { required, made } });
      }
    }
    const closing = isClosed(input.to);
    if (closing) {
      const closureReason = reason ?? input.to;
      patch.closedAt = now;
      patch.closureReason = closureReason;
      patch.closureNote = input.note || null;
      patch.referrerSummary = buildReferrerSummary({
        closedAt: now,
        closureReason,
        connections: await selectCaseConnections(tx, row.id),
      });
    }
    const updated = await updateCaseAtVersion(tx, row.id, input.version, patch);
    if (!updated) throw staleVersion();
    await insertCaseEvent(tx, {
      caseId: row.id,
      fromStatus: row.status,
      toStatus: input.to,
      reason,
      note: input.note || null,
      actorId: actor.accountId,
    });
    if (closing) await notifyReferrerOfClosure(tx, updated, links);
    await recordAudit(
      tx,
      actor,
      audited(row, 'case.status_changed', { from: row.status, to: input.to, reason }),
    );
    return updated;
  });
  return loadCaseDetail(db, actor, saved);
}

/** Tells the referrer the case closed, when they are one of ours and consent covers it. */
async function notifyReferrerOfClosure(tx: Database, row: CaseRow, links: Links): Promise<void> {
  if (!row.referrerAccountId) return;
  const consent = await findConsentFor(tx, row.id, row.personId);
  if (!consent?.coversReferrerUpdates || consent.withdrawnAt) return;
  const referrer = await findAccountContact(tx, row.referrerAccountId);
  if (!referrer?.active) return;
  const site = await findSiteSettings(tx, row.siteId);
  const t = translatorFor(referrer.locale ?? site?.defaultLocale ?? 'en');
  const params = { reference: row.reference, url: `${links.publicUrl}/referrals/${row.id}` };
  await queueEmail(tx, {
    kind: 'case.closed_summary',
    to: referrer.email,
    subject: t('emails:cases.closedSubject', params),
    text: t('emails:cases.closedText', params),
  });
}

export async function raiseConcern(
  db: Database,
  actor: Actor,
  caseId: string,
  input: RaiseSafeguardingBody,
  links: Links,
): Promise<CaseDetail> {
  if (!canWorkOnCases(actor)) throw forbidden();
  const saved = await db.transaction(async (tx) => {
    // Even a closed case: a worry about someone's safety does not wait for a new referral.
    const row = await requireCase(tx, actor, caseId);
    const concern = await raiseSafeguardingConcern(tx, {
      caseId: row.id,
      level: input.level,
      description: input.description,
      origin: 'manual',
      raisedBy: actor.accountId,
      publicUrl: links.publicUrl,
    });
    await recordAudit(
      tx,
      actor,
      audited(row, 'case.safeguarding_raised', { concernId: concern.id, level: input.level }),
    );
    return row;
  });
  return loadCaseDetail(db, actor, saved);
}

export async function acknowledgeConcern(
  db: Database,
  actor: Actor,
  caseId: string,
  concernId: string,
): Promise<CaseDetail> {
  if (!canWorkOnCases(actor)) throw forbidden();
  const saved = await db.transaction(async (tx) => {
    const row = await requireCase(tx, actor, caseId);
    if (!canAssignCases(actor, row.siteId)) throw forbidden();
    const result = await acknowledgeConcernRow(tx, row.id, concernId, actor.accountId);
    if (result === 'missing') throw notFound();
    if (result === 'acknowledged') {
      await recordAudit(tx, actor, audited(row, 'case.safeguarding_acknowledged', { concernId }));
    }
    return row;
  });
  return loadCaseDetail(db, actor, saved);
}

/**
 * Opens a new episode for the person of a closed case: same person, site, source and
 * referrer; the closed case stays closed and the new one's history says where it came from.
 */
export async function reReferCase(
  db: Database,
  actor: Actor,
  caseId: string,
  input: ReReferBody,
): Promise<ReReferResult> {
  if (!canWorkOnCases(actor)) throw forbidden();
  return db.transaction(async (tx) => {
    const row = await requireCase(tx, actor, caseId);
    if (!isClosed(row.status)) {
      throw new AppError('invalid_transition', {
        field: 'status',
        params: { from: row.status, to: 'new' },
      });
    }
    const opened = await openCase(
      tx,
      {
        personId: row.personId,
        siteId: row.siteId,
        source: row.source,
        referrerAccountId: row.referrerAccountId,
        referrerName: row.referrerName,
        referrerOrganisation: row.referrerOrganisation,
        referrerContact: row.referrerContact,
        reasons: input.reasons,
        urgency: input.urgency,
        context: input.context || null,
      },
      actor.accountId,
      { note: `reopened from ${row.reference}` },
    );
    await recordAudit(tx, actor, audited(opened, 'case.re_referred', { fromCaseId: row.id }));
    return { id: opened.id, reference: opened.reference };
  });
}
