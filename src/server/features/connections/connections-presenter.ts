import type {
  Connection,
  ConnectionEvent,
  PartnerConnectionDetail,
  PartnerConnectionStatus,
  PartnerConnectionSummary,
} from '../../../shared/contracts/connections';
import { type ConnectionStatus, connectionStatuses } from '../../../shared/pathway';
import type {
  ConnectionEventRow,
  ConnectionWithStatus,
  PartnerConnectionSummaryRow,
  PartnerDetailRow,
} from './connections-queries';

// The history's status columns are plain text; only the service writes them, from the machine.
function statusOf(value: string): ConnectionStatus {
  const status = connectionStatuses.find((s) => s === value);
  if (!status) throw new Error(`connection_events holds an unknown status: ${value}`);
  return status;
}

export function presentConnectionEvent(row: ConnectionEventRow): ConnectionEvent {
  return {
    fromStatus: row.fromStatus === null ? null : statusOf(row.fromStatus),
    toStatus: statusOf(row.toStatus),
    reason: row.reason,
    note: row.note,
    actorName: row.actorName,
    via: row.via,
    personSaid: row.personSaid,
    at: row.at.toISOString(),
  };
}

export function presentConnection(
  row: ConnectionWithStatus,
  events: ConnectionEventRow[],
  permissions: Connection['permissions'],
): Connection {
  return {
    id: row.id,
    caseId: row.caseId,
    serviceId: row.serviceId,
    partnerOrganisationId: row.partnerOrganisationId,
    organisationName: row.organisationName,
    activity: row.activity,
    partnerEmail: row.partnerEmail,
    personWants: row.personWants,
    referralStatus: row.referralStatus,
    status: row.status,
    statusReason: row.statusReason,
    firstAttendedOn: row.firstAttendedOn,
    startsOn: row.startsOn,
    partnerMessage: row.partnerMessage,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    events: events.filter((e) => e.connectionId === row.id).map(presentConnectionEvent),
    permissions,
  };
}

export function presentPartnerSummary(row: PartnerConnectionSummaryRow): PartnerConnectionSummary {
  return {
    id: row.id,
    caseReference: row.caseReference,
    personName: `${row.givenName} ${row.familyName}`,
    activity: row.activity,
    siteName: row.siteName,
    status: row.status,
    sentAt: row.sentAt ? row.sentAt.toISOString() : null,
    updatedAt: row.updatedAt.toISOString(),
  };
}

function contactDetailOf(row: PartnerDetailRow): string | null {
  switch (row.contactPreference) {
    case 'phone':
    case 'text_message':
      return row.phone;
    case 'email':
      return row.email;
    case 'post':
      return [row.address, row.postalCode].filter(Boolean).join(', ') || null;
  }
}

/**
 * The minimum necessary for a partner: only the fields listed here leave the server. The
 * person's interests and strengths go only with their consent to share with partners.
 */
export function presentPartnerDetail(
  row: PartnerDetailRow,
  nextStatuses: PartnerConnectionStatus[],
): PartnerConnectionDetail {
  const c = row.connection;
  return {
    id: c.id,
    caseReference: row.caseReference,
    activity: c.activity,
    organisationName: c.organisationName,
    status: c.status,
    statusReason: c.statusReason,
    firstAttendedOn: c.firstAttendedOn,
    startsOn: c.startsOn,
    partnerMessage: c.partnerMessage,
    person: {
      name: `${row.givenName} ${row.familyName}`,
      preferredLanguage: row.preferredLanguage,
      contactPreference: row.contactPreference,
      contactDetail: contactDetailOf(row),
      wants: c.personWants,
      interests: row.sharingConsented ? row.interests : null,
      strengths: row.sharingConsented ? row.strengths : null,
    },
    linkWorker: { name: row.linkWorkerName, siteName: row.siteName, email: row.linkWorkerEmail },
    version: c.version,
    permissions: { nextStatuses },
  };
}
