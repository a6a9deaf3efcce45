import { randomUUID } from 'node:crypto';
import type {
  ChangeConnectionStatusBody,
  Connection,
  ConnectionList,
  CreateConnectionBody,
  PartnerAnswerByPhoneBody,
} from '../../../shared/contracts/connections';
import type { CaseStatus, ConnectionStatus } from '../../../shared/pathway';
import { dayIn } from '../../../shared/time-zones';
import type { Config } from '../../config';
import type { Database } from '../../db/client';
import type { Actor } from '../../platform/actor';
import { AppError, forbidden, notFound, staleVersion } from '../../platform/errors';
import { type EmailMessage, queuedMessages } from '../../platform/mail/outbox';
import { auditEvent, caseSubject, recordAudit } from '../audit';
import {
  type CaseRow,
  canWorkOnCases,
  isAccepted,
  isClosed,
  requireAcceptedCase,
  requireCase,
  requireOpenCase,
} from '../cases';
import { issueConnectionLinks } from './connection-links';
import { linksToPartnerMessage, sentToStaffMessage } from './connection-notices';
import {
  assertConnectionTransition,
  isConnectionClosed,
  nextConnectionStatuses,
  nextPartnerAnswers,
} from './connection-rules';
import { applyPartnerMove } from './partner-service';
import { presentConnection } from './connections-presenter';
import {
  type ConnectionAnswer,
  type ConnectionChange,
  type ConnectionRow,
  type ConnectionToChange,
  type Recipient,
  findConnection,
  findConnectionAnswer,
  findConnectionToChange,
  insertConnectionWithFirstEvent,
  selectCaseConnections,
  selectConnectionEvents,
  updateConnectionRecordingChange,
} from './connections-queries';

function nextFor(caseStatus: CaseStatus, status: ConnectionStatus): Connection['permissions'] {
  // A closed case takes no more changes, so its connections offer none.
  if (isClosed(caseStatus)) return { nextStatuses: [], partnerAnswers: [] };
  return {
    nextStatuses: nextConnectionStatuses(status, 'link_worker'),
    partnerAnswers: nextPartnerAnswers(status),
  };
}

export async function listCaseConnections(
  db: Database,
  actor: Actor,
  caseId: string,
): Promise<ConnectionList> {
  const caseRow = await requireCase(db, actor, caseId);
  return db.transaction(async (tx) => {
    const rows = await selectCaseConnections(tx, caseId);
    const events = await selectConnectionEvents(
      tx,
      rows.map((r) => r.id),
    );
    await recordAudit(tx, actor, {
      action: 'case.connections_read',
      subjectType: 'case',
      subjectId: caseId,
      siteId: caseRow.siteId,
    });
    return {
      items: rows.map((r) => presentConnection(r, events, nextFor(caseRow.status, r.status))),
      // A connection is proposed once the person said yes to support, until the case closes.
      permissions: { create: !isClosed(caseRow.status) && isAccepted(caseRow) },
    };
  });
}

export async function createConnection(
  db: Database,
  actor: Actor,
  caseId: string,
  input: CreateConnectionBody,
): Promise<Connection> {
  const caseRow = await requireAcceptedCase(db, actor, caseId);
  // Chosen here so that the audit event, written in the same statement, names it.
  const id = randomUUID();
  const partnerEmail = input.partnerEmail ?? null;
  const created = await insertConnectionWithFirstEvent(
    db,
    {
      id,
      caseId,
      personWants: input.personWants,
      createdBy: actor.accountId,
      ...(input.serviceId !== undefined
        ? { serviceId: input.serviceId, partnerEmail }
        : {
            organisationName: input.organisationName ?? '',
            activity: input.activity ?? '',
            partnerEmail,
          }),
    },
    auditEvent(actor, {
      action: 'connection.proposed',
      ...caseSubject(caseRow),
      details: { connectionId: id, fromDirectory: input.serviceId !== undefined },
    }),
  );
  // Only a listing that does not exist leaves the statement without a row.
  if (!created) throw new AppError('not_found', { field: 'serviceId' });
  return present(created, caseRow.status);
}

function present(answer: ConnectionAnswer, caseStatus: CaseStatus): Connection {
  return presentConnection(answer.row, answer.events, nextFor(caseStatus, answer.row.status));
}

async function loadConnection(
  db: Database,
  id: string,
  caseStatus: CaseStatus,
): Promise<Connection> {
  const answer = await findConnectionAnswer(db, id);
  if (!answer) throw notFound();
  return present(answer, caseStatus);
}

/** A connection of an open case the actor may work on; anything else is refused by name. */
async function requireWorkableConnection<T extends ConnectionRow>(
  db: Database,
  actor: Actor,
  id: string,
  find: (db: Database, id: string) => Promise<T | undefined>,
): Promise<{ caseRow: CaseRow; connection: T }> {
  const refused = { subjectType: 'connection', subjectId: id } as const;
  if (!canWorkOnCases(actor)) throw forbidden(refused);
  const connection = await find(db, id);
  if (!connection) throw notFound(refused);
  return { caseRow: await requireOpenCase(db, actor, connection.caseId), connection };
}

/**
 * The link worker moves a connection along its loop: one statement at the version read (the
 * connection, its history line and audit event), answered with the connection and its history.
 * Sending it also tells the partner, whose links and emails go in one transaction with it.
 */
export async function changeConnectionStatus(
  db: Database,
  config: Config,
  actor: Actor,
  id: string,
  input: ChangeConnectionStatusBody,
): Promise<Connection> {
  if (input.to !== 'sent') {
    const { caseRow, connection } = await requireWorkableConnection(db, actor, id, (d, i) =>
      findConnectionToChange(d, i),
    );
    const saved = await updateConnectionRecordingChange(
      db,
      changeOf(actor, caseRow, connection, input),
    );
    if (!saved) throw staleVersion();
    return present(saved, caseRow.status);
  }
  const { caseRow, connection } = await requireWorkableConnection(db, actor, id, (d, i) =>
    findConnectionToChange(d, i, 'send'),
  );
  // Checked before any link is made.
  const change = changeOf(actor, caseRow, connection, input);
  const send = async (d: Database): Promise<ConnectionAnswer> => {
    const notified = await partnerNotices(d, config, connection);
    const sent = await updateConnectionRecordingChange(d, {
      ...change,
      audit: {
        ...change.audit,
        details: {
          ...change.audit.details,
          notifiedStaff: notified.staff,
          notifiedByLink: notified.byLink,
        },
      },
      ...(notified.messages.length > 0 ? { messages: queuedMessages(notified.messages) } : {}),
    });
    // The links and emails made for it go back with the transaction.
    if (!sent) throw staleVersion();
    return sent;
  };
  // Telling someone writes links and queues emails whatever the version: a transaction then.
  const tellsSomeone = connection.staff.length > 0 || connection.partnerEmail !== null;
  const saved = tellsSomeone ? await db.transaction(send) : await send(db);
  return present(saved, caseRow.status);
}

/**
 * The change the link worker asks for, checked against the version read and the machine:
 * attended today unless told, today where the case's site is.
 */
function changeOf(
  actor: Actor,
  caseRow: CaseRow,
  current: ConnectionToChange,
  input: ChangeConnectionStatusBody,
): ConnectionChange {
  if (current.version !== input.version) throw staleVersion();
  assertConnectionTransition(current.status, input.to, 'link_worker', input.reason);
  return {
    id: current.id,
    version: input.version,
    patch: {
      status: input.to,
      statusReason: input.reason ?? null,
      ...(input.to === 'attended'
        ? { firstAttendedOn: input.firstAttendedOn ?? dayIn(new Date(), current.timeZone) }
        : {}),
    },
    event: {
      fromStatus: current.status,
      reason: input.reason ?? null,
      note: input.note ?? null,
      actorId: actor.accountId,
    },
    audit: auditEvent(actor, {
      action: `connection.${input.to}`,
      ...caseSubject(caseRow),
      details: {
        connectionId: current.id,
        from: current.status,
        to: input.to,
        closed: isConnectionClosed(input.to),
      },
    }),
  };
}

/**
 * A partner's answer given by phone, recorded by someone who may work on the case on the
 * partner's behalf: the partner's move through the partner's own code (state machine, start
 * date and message), with the recorder as its actor and 'phone' as how it came.
 */
export async function recordPartnerAnswerByPhone(
  db: Database,
  config: Config,
  actor: Actor,
  id: string,
  input: PartnerAnswerByPhoneBody,
): Promise<Connection> {
  const { caseRow } = await requireWorkableConnection(db, actor, id, findConnection);
  return db.transaction(async (tx) => {
    const current = await findConnection(tx, id);
    if (!current) throw notFound();
    if (current.version !== input.version) throw staleVersion();
    await applyPartnerMove(tx, config, current, input, {
      actorId: actor.accountId,
      via: 'phone',
    });
    await recordAudit(tx, actor, {
      action: `connection.${input.to}`,
      subjectType: 'case',
      subjectId: caseRow.id,
      siteId: caseRow.siteId,
      details: {
        connectionId: id,
        from: current.status,
        to: input.to,
        via: 'phone',
        onBehalfOf: current.partnerOrganisationId,
        closed: isConnectionClosed(input.to),
      },
    });
    return loadConnection(tx, id, caseRow.status);
  });
}

/**
 * What sending tells the partner: its staff with accounts get a note to sign in; an address
 * without an account gets one signed link per possible answer, made in the sending's
 * transaction. The emails go in the sending's statement.
 */
async function partnerNotices(
  tx: Database,
  config: Config,
  connection: ConnectionToChange & { staff: Recipient[] },
): Promise<{ messages: EmailMessage[]; staff: number; byLink: boolean }> {
  const about = { activity: connection.activity, site: connection.siteName };
  const { staff } = connection;
  const messages = staff.map((recipient) =>
    sentToStaffMessage(config, recipient, { ...about, connectionId: connection.id }),
  );
  const partnerEmail = connection.partnerEmail;
  const staffEmails = new Set(staff.map((s) => s.email.toLowerCase()));
  if (!partnerEmail || staffEmails.has(partnerEmail.toLowerCase())) {
    return { messages, staff: staff.length, byLink: false };
  }
  const issued = await issueConnectionLinks(tx, config, connection.id, ['accepted', 'declined']);
  messages.push(
    linksToPartnerMessage(
      { email: partnerEmail, locale: connection.siteLocale },
      { ...about, ...issued, first: true },
    ),
  );
  return { messages, staff: staff.length, byLink: true };
}
