import type {
  ConnectionEventVia,
  LinkActionBody,
  LinkActionResult,
  LinkView,
  PartnerConnectionDetail,
  PartnerConnectionList,
  PartnerConnectionQuery,
  PartnerConnectionStatus,
  PartnerStatusBody,
} from '../../../shared/contracts/connections';
import type { CaseStatus } from '../../../shared/pathway';
import { dayIn } from '../../../shared/time-zones';
import type { Config } from '../../config';
import type { Database } from '../../db/client';
import type { Actor, RequestOrigin } from '../../platform/actor';
import { AppError, forbidden, notFound, staleVersion } from '../../platform/errors';
import { recordAudit } from '../audit';
import { isClosed } from '../cases';
import { issueConnectionLinks, readConnectionLink, spendConnectionLink } from './connection-links';
import {
  noticeAcceptedToPerson,
  noticeAnsweredToLinkWorker,
  noticeLinksToPartner,
  noticePhoneAnswerToPartner,
} from './connection-notices';
import { assertConnectionTransition, nextPartnerAnswers } from './connection-rules';
import { partnerOrganisationIds } from '../organisations';
import { canAnswerConnections } from './connections-policy';
import { presentPartnerDetail, presentPartnerSummary } from './connections-presenter';
import {
  type ConnectionRow,
  type PartnerDetailRow,
  findAccountName,
  findAccountRecipient,
  findCaseFacts,
  findPartnerDetail,
  findPersonRecipient,
  findSentConnection,
  insertConnectionEvent,
  selectPartnerConnections,
  selectPartnerStaffRecipients,
  updateConnectionAtVersion,
} from './connections-queries';

/** The answers a partner may still give: none once the person's case has closed. */
function answersLeft(row: PartnerDetailRow): PartnerConnectionStatus[] {
  return isClosed(row.caseStatus) ? [] : nextPartnerAnswers(row.connection.status);
}

async function organisationsOf(db: Database, actor: Actor): Promise<string[]> {
  if (!canAnswerConnections(actor)) throw forbidden();
  return partnerOrganisationIds(db, actor);
}

/** A connection sent to one of the actor's organisations; anything else is invisible. */
async function requirePartnerConnection(
  db: Database,
  actor: Actor,
  id: string,
): Promise<PartnerDetailRow> {
  const refused = { subjectType: 'connection', subjectId: id } as const;
  if (!canAnswerConnections(actor)) throw forbidden(refused);
  const organisationIds = await organisationsOf(db, actor);
  const row = await findPartnerDetail(db, id);
  const c = row?.connection;
  if (!row || !c?.partnerOrganisationId || !organisationIds.includes(c.partnerOrganisationId)) {
    throw notFound({ ...refused, siteId: row?.caseSiteId ?? null });
  }
  return row;
}

export async function listPartnerConnections(
  db: Database,
  actor: Actor,
  query: PartnerConnectionQuery,
): Promise<PartnerConnectionList> {
  const organisationIds = await organisationsOf(db, actor);
  return db.transaction(async (tx) => {
    const rows = await selectPartnerConnections(tx, organisationIds, query.status);
    await recordAudit(tx, actor, {
      action: 'partner.connections_listed',
      details: { count: rows.length },
    });
    return { items: rows.map(presentPartnerSummary) };
  });
}

export async function getPartnerConnection(
  db: Database,
  actor: Actor,
  id: string,
): Promise<PartnerConnectionDetail> {
  const row = await requirePartnerConnection(db, actor, id);
  await db.transaction(async (tx) => {
    await recordAudit(tx, actor, {
      action: 'partner.connection_read',
      subjectType: 'case',
      subjectId: row.connection.caseId,
      siteId: row.caseSiteId,
      details: { connectionId: id },
    });
  });
  return presentPartnerDetail(row, answersLeft(row));
}

type Move = {
  to: PartnerConnectionStatus;
  reason?: string | undefined;
  firstAttendedOn?: string | undefined;
  startsOn?: string | undefined;
  partnerMessage?: string | undefined;
};

/** Only an acceptance carries a start date and a message to the person. */
function assertAcceptanceFields(move: Move): void {
  if (move.to === 'accepted') return;
  for (const field of ['startsOn', 'partnerMessage'] as const) {
    if (move[field] !== undefined) throw new AppError('validation_failed', { field });
  }
}

/**
 * One partner answer, inside the caller's transaction: the change, its history, the notices.
 * The same for the partner signed in, through an emailed link, and by phone (the link worker
 * recording it on the partner's behalf: `actorId` is theirs, the move still the partner's).
 */
export async function applyPartnerMove(
  tx: Database,
  config: Config,
  current: ConnectionRow,
  move: Move,
  by: { actorId: string | null; via: ConnectionEventVia },
): Promise<ConnectionRow> {
  const facts = await findCaseFacts(tx, current.caseId);
  if (!facts) throw notFound();
  // The loop closes with the case: a discharged person's connections take no more answers.
  if (isClosed(facts.status as CaseStatus)) throw new AppError('connection_case_closed');
  assertConnectionTransition(current.status, move.to, 'partner', move.reason);
  assertAcceptanceFields(move);
  const updated = await updateConnectionAtVersion(tx, current.id, current.version, {
    status: move.to,
    statusReason: move.reason ?? null,
    ...(move.to === 'attended'
      ? { firstAttendedOn: move.firstAttendedOn ?? dayIn(new Date(), facts.timeZone) }
      : {}),
    ...(move.to === 'accepted'
      ? { startsOn: move.startsOn ?? null, partnerMessage: move.partnerMessage ?? null }
      : {}),
  });
  if (!updated) throw staleVersion();
  await insertConnectionEvent(tx, {
    connectionId: current.id,
    fromStatus: current.status,
    toStatus: move.to,
    reason: move.reason ?? null,
    actorId: by.actorId,
    via: by.via,
  });
  // Whoever recorded the answer knows it already; the case's link worker is told otherwise.
  if (facts.assignedTo && facts.assignedTo !== by.actorId) {
    const linkWorker = await findAccountRecipient(tx, facts.assignedTo, facts.siteLocale);
    if (linkWorker) {
      await noticeAnsweredToLinkWorker(tx, config, linkWorker, {
        reference: facts.reference,
        caseId: facts.id,
        connectionId: current.id,
        status: move.to,
      });
    }
  }
  // The person who chose email hears when and what the partner said to them, if it did.
  if (updated.status === 'accepted' && (updated.startsOn ?? updated.partnerMessage)) {
    const person = await findPersonRecipient(tx, current.caseId);
    if (person?.email && person.contactPreference === 'email') {
      await noticeAcceptedToPerson(
        tx,
        { email: person.email, locale: person.language, givenName: person.givenName },
        {
          activity: updated.activity,
          organisation: updated.organisationName,
          site: facts.siteName,
          startsOn: updated.startsOn,
          message: updated.partnerMessage,
        },
      );
    }
  }
  // A partner answering by email keeps the loop going by email: the next answers' links.
  const next = nextPartnerAnswers(move.to);
  if (by.via === 'link' && updated.partnerEmail && next.length > 0) {
    const issued = await issueConnectionLinks(tx, config, current.id, next);
    await noticeLinksToPartner(
      tx,
      config,
      { email: updated.partnerEmail, locale: facts.siteLocale },
      { activity: updated.activity, site: facts.siteName, ...issued, first: false },
    );
  }
  if (by.via === 'phone' && by.actorId) {
    await confirmPhoneAnswer(tx, config, updated, move.to, {
      recordedBy: by.actorId,
      site: facts.siteName,
      siteLocale: facts.siteLocale,
    });
  }
  return updated;
}

/**
 * An answer taken by phone is confirmed to the partner in writing, as its emailed answers
 * are: its staff with accounts by a note to sign in, its address without an account with the
 * links for the answers that come next (none after a final answer). Like the first email.
 */
async function confirmPhoneAnswer(
  tx: Database,
  config: Config,
  connection: ConnectionRow,
  status: PartnerConnectionStatus,
  by: { recordedBy: string; site: string; siteLocale: 'fr' | 'en' },
): Promise<void> {
  const next = nextPartnerAnswers(status);
  const recordedBy = await findAccountName(tx, by.recordedBy);
  if (recordedBy === undefined) throw notFound();
  const about = { activity: connection.activity, site: by.site, connectionId: connection.id };
  const told = { ...about, status, recordedBy };
  const staff = connection.partnerOrganisationId
    ? await selectPartnerStaffRecipients(tx, connection.partnerOrganisationId)
    : [];
  for (const recipient of staff) {
    await noticePhoneAnswerToPartner(tx, config, recipient, {
      ...told,
      next: next.length > 0 ? { signIn: true } : null,
    });
  }
  const partnerEmail = connection.partnerEmail;
  const staffEmails = new Set(staff.map((s) => s.email.toLowerCase()));
  if (!partnerEmail || staffEmails.has(partnerEmail.toLowerCase())) return;
  const issued =
    next.length > 0 ? await issueConnectionLinks(tx, config, connection.id, next) : null;
  await noticePhoneAnswerToPartner(
    tx,
    config,
    { email: partnerEmail, locale: by.siteLocale },
    { ...told, next: issued },
  );
}

export async function changePartnerStatus(
  db: Database,
  config: Config,
  actor: Actor,
  id: string,
  input: PartnerStatusBody,
): Promise<PartnerConnectionDetail> {
  const seen = await requirePartnerConnection(db, actor, id);
  await db.transaction(async (tx) => {
    const current = await findSentConnection(tx, id);
    if (!current) throw notFound();
    if (current.version !== input.version) throw staleVersion();
    await applyPartnerMove(tx, config, current, input, {
      actorId: actor.accountId,
      via: 'account',
    });
    await recordAudit(tx, actor, {
      action: `connection.${input.to}`,
      subjectType: 'case',
      subjectId: current.caseId,
      siteId: seen.caseSiteId,
      details: { connectionId: id, from: current.status, to: input.to, via: 'account' },
    });
  });
  const row = await findPartnerDetail(db, id);
  if (!row) throw notFound();
  return presentPartnerDetail(row, answersLeft(row));
}

/** What an emailed link shows: its one action, and the minimum needed to take it. */
export async function viewLink(
  db: Database,
  config: Config,
  origin: RequestOrigin,
  token: string,
): Promise<LinkView> {
  const link = await readConnectionLink(db, config, token);
  const row = await findPartnerDetail(db, link.connectionId);
  if (!row) throw new AppError('link_invalid');
  // A sibling link (decline, once accepted) has nothing left to do: it is as good as used.
  if (!nextPartnerAnswers(row.connection.status).includes(link.action)) {
    throw new AppError('link_used');
  }
  if (isClosed(row.caseStatus)) throw new AppError('connection_case_closed');
  await db.transaction(async (tx) => {
    await recordAudit(
      tx,
      { accountId: null, origin },
      {
        action: 'partner.link_opened',
        subjectType: 'case',
        subjectId: row.connection.caseId,
        siteId: row.caseSiteId,
        details: { connectionId: row.connection.id, linkId: link.id, action: link.action },
      },
    );
  });
  // Without version or permissions: the link allows its one action and nothing else.
  const detail = presentPartnerDetail(row, []);
  return {
    action: link.action,
    connection: {
      id: detail.id,
      caseReference: detail.caseReference,
      activity: detail.activity,
      organisationName: detail.organisationName,
      status: detail.status,
      statusReason: detail.statusReason,
      firstAttendedOn: detail.firstAttendedOn,
      startsOn: detail.startsOn,
      partnerMessage: detail.partnerMessage,
      person: detail.person,
      linkWorker: detail.linkWorker,
    },
    expiresAt: link.expiresAt.toISOString(),
  };
}

/** Takes the one action a link allows, and spends it: a second use is refused. */
export async function actOnLink(
  db: Database,
  config: Config,
  origin: RequestOrigin,
  token: string,
  input: LinkActionBody,
): Promise<LinkActionResult> {
  return db.transaction(async (tx) => {
    const link = await spendConnectionLink(tx, config, token);
    const current = await findSentConnection(tx, link.connectionId);
    if (!current) throw new AppError('link_invalid');
    if (!nextPartnerAnswers(current.status).includes(link.action)) {
      throw new AppError('link_used');
    }
    const updated = await applyPartnerMove(
      tx,
      config,
      current,
      { ...input, to: link.action },
      { actorId: null, via: 'link' },
    );
    const facts = await findCaseFacts(tx, current.caseId);
    await recordAudit(
      tx,
      { accountId: null, origin },
      {
        action: `connection.${link.action}`,
        subjectType: 'case',
        subjectId: current.caseId,
        siteId: facts?.siteId ?? null,
        details: {
          connectionId: current.id,
          linkId: link.id,
          from: current.status,
          to: link.action,
          via: 'link',
        },
      },
    );
    return { action: link.action, status: updated.status };
  });
}
