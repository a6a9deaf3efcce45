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
import { recordAudit } from '../audit';
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
import { noticeLinksToPartner, noticeSentToStaff } from './connection-notices';
import {
  assertConnectionTransition,
  isConnectionClosed,
  nextConnectionStatuses,
  nextPartnerAnswers,
} from './connection-rules';
import { applyPartnerMove } from './partner-service';
import { presentConnection } from './connections-presenter';
import {
  type ConnectionRow,
  type DirectoryServiceForConnection,
  findCaseFacts,
  findConnection,
  findConnectionWithStatus,
  findDirectoryService,
  insertConnection,
  insertConnectionEvent,
  selectCaseConnections,
  selectConnectionEvents,
  selectPartnerStaffRecipients,
  updateConnectionAtVersion,
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

type Localised = Partial<Record<'fr' | 'en', { name?: string }>>;

function inLanguage(name: string, translations: Localised, language: 'fr' | 'en'): string {
  return translations[language]?.name ?? name;
}

function emailOf(record: Record<string, unknown> | null): string | null {
  const email = record?.['email'];
  return typeof email === 'string' && email.includes('@') ? email : null;
}

/** What a connection copies from a directory listing, in the person's language. */
function fromListing(
  service: DirectoryServiceForConnection,
  language: 'fr' | 'en',
): Pick<ConnectionRow, 'organisationName' | 'activity' | 'partnerEmail' | 'partnerOrganisationId'> {
  return {
    activity: inLanguage(service.name, service.translations, language),
    organisationName: service.organizationName
      ? inLanguage(service.organizationName, service.organizationTranslations, language)
      : inLanguage(service.name, service.translations, language),
    partnerEmail: emailOf(service.record) ?? emailOf(service.organizationRecord),
    partnerOrganisationId: service.partnerOrganisationId,
  };
}

export async function createConnection(
  db: Database,
  actor: Actor,
  caseId: string,
  input: CreateConnectionBody,
): Promise<Connection> {
  const caseRow = await requireAcceptedCase(db, actor, caseId);
  return db.transaction(async (tx) => {
    const facts = await findCaseFacts(tx, caseId);
    if (!facts) throw notFound();
    let copied: ReturnType<typeof fromListing>;
    if (input.serviceId !== undefined) {
      const service = await findDirectoryService(tx, input.serviceId);
      if (!service) throw new AppError('not_found', { field: 'serviceId' });
      copied = fromListing(service, facts.personLanguage);
    } else {
      copied = {
        organisationName: input.organisationName ?? '',
        activity: input.activity ?? '',
        partnerEmail: input.partnerEmail ?? null,
        partnerOrganisationId: null,
      };
    }
    const row = await insertConnection(tx, {
      caseId,
      serviceId: input.serviceId ?? null,
      ...copied,
      partnerEmail: input.partnerEmail ?? copied.partnerEmail,
      personWants: input.personWants,
      status: 'proposed',
      createdBy: actor.accountId,
    });
    await insertConnectionEvent(tx, {
      connectionId: row.id,
      fromStatus: null,
      toStatus: 'proposed',
      actorId: actor.accountId,
      via: 'account',
    });
    await recordAudit(tx, actor, {
      action: 'connection.proposed',
      subjectType: 'case',
      subjectId: caseId,
      siteId: caseRow.siteId,
      details: { connectionId: row.id, fromDirectory: input.serviceId !== undefined },
    });
    return loadConnection(tx, row.id, caseRow.status);
  });
}

async function loadConnection(
  db: Database,
  id: string,
  caseStatus: CaseStatus,
): Promise<Connection> {
  const row = await findConnectionWithStatus(db, id);
  if (!row) throw notFound();
  const events = await selectConnectionEvents(db, [id]);
  return presentConnection(row, events, nextFor(caseStatus, row.status));
}

/** A connection of an open case the actor may work on; anything else is refused by name. */
async function requireWorkableConnection(db: Database, actor: Actor, id: string): Promise<CaseRow> {
  const refused = { subjectType: 'connection', subjectId: id } as const;
  if (!canWorkOnCases(actor)) throw forbidden(refused);
  const existing = await findConnection(db, id);
  if (!existing) throw notFound(refused);
  return requireOpenCase(db, actor, existing.caseId);
}

/** The link worker moves a connection along its loop; sending it tells the partner. */
export async function changeConnectionStatus(
  db: Database,
  config: Config,
  actor: Actor,
  id: string,
  input: ChangeConnectionStatusBody,
): Promise<Connection> {
  const caseRow = await requireWorkableConnection(db, actor, id);
  return db.transaction(async (tx) => {
    const current = await findConnection(tx, id);
    if (!current) throw notFound();
    if (current.version !== input.version) throw staleVersion();
    assertConnectionTransition(current.status, input.to, 'link_worker', input.reason);
    // Attended today, unless told: today where the case's site is.
    const today = dayIn(new Date(), (await findCaseFacts(tx, current.caseId))?.timeZone ?? 'UTC');
    const updated = await updateConnectionAtVersion(tx, id, input.version, {
      status: input.to,
      statusReason: input.reason ?? null,
      ...(input.to === 'attended' ? { firstAttendedOn: input.firstAttendedOn ?? today } : {}),
    });
    if (!updated) throw staleVersion();
    await insertConnectionEvent(tx, {
      connectionId: id,
      fromStatus: current.status,
      toStatus: input.to,
      reason: input.reason ?? null,
      note: input.note ?? null,
      actorId: actor.accountId,
      via: 'account',
    });
    let notified = { staff: 0, byLink: false };
    if (input.to === 'sent') notified = await notifyPartner(tx, config, updated);
    await recordAudit(tx, actor, {
      action: `connection.${input.to}`,
      subjectType: 'case',
      subjectId: caseRow.id,
      siteId: caseRow.siteId,
      details: {
        connectionId: id,
        from: current.status,
        to: input.to,
        closed: isConnectionClosed(input.to),
        ...(input.to === 'sent'
          ? { notifiedStaff: notified.staff, notifiedByLink: notified.byLink }
          : {}),
      },
    });
    return loadConnection(tx, id, caseRow.status);
  });
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
  const caseRow = await requireWorkableConnection(db, actor, id);
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
 * Tells the partner a person was referred: its staff with accounts get a note to sign in;
 * an address without an account gets one signed link per possible answer.
 */
async function notifyPartner(
  tx: Database,
  config: Config,
  connection: ConnectionRow,
): Promise<{ staff: number; byLink: boolean }> {
  const facts = await findCaseFacts(tx, connection.caseId);
  if (!facts) throw notFound();
  const about = { activity: connection.activity, site: facts.siteName };
  const staff = connection.partnerOrganisationId
    ? await selectPartnerStaffRecipients(tx, connection.partnerOrganisationId)
    : [];
  for (const recipient of staff) {
    await noticeSentToStaff(tx, config, recipient, { ...about, connectionId: connection.id });
  }
  const partnerEmail = connection.partnerEmail;
  const staffEmails = new Set(staff.map((s) => s.email.toLowerCase()));
  if (!partnerEmail || staffEmails.has(partnerEmail.toLowerCase())) {
    return { staff: staff.length, byLink: false };
  }
  const issued = await issueConnectionLinks(tx, config, connection.id, ['accepted', 'declined']);
  await noticeLinksToPartner(
    tx,
    config,
    { email: partnerEmail, locale: facts.siteLocale },
    { ...about, ...issued, first: true },
  );
  return { staff: staff.length, byLink: true };
}
