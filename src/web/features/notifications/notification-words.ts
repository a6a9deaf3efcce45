import type { Notification } from '../../../shared/contracts/notifications';
import { useFormat } from '../../format';
import { type WebKey, useT } from '../../i18n';

/** The kinds of notification the interface words; any other says something new happened. */
const worded: Record<string, WebKey> = {
  'referral.received': 'notifications.kinds.referral_received',
  'safeguarding.raised': 'notifications.kinds.safeguarding_raised',
  'case.closed_summary': 'notifications.kinds.case_closed_summary',
  'connection.sent': 'notifications.kinds.connection_sent',
  'connection.answered': 'notifications.kinds.connection_answered',
  'measurement.due': 'notifications.kinds.measurement_due',
  'measurement.safeguarding': 'notifications.kinds.measurement_safeguarding',
  'follow_up.reminder': 'notifications.kinds.follow_up_reminder',
  'connection.person_said': 'notifications.kinds.connection_person_said',
  'person.request_made': 'notifications.kinds.person_request_made',
};

/** What the person said of an activity, or asked of their record, from their own space. */
const personWords: Record<string, WebKey> = {
  went: 'connections.personSaid.went',
  stopped: 'connections.personSaid.stopped',
  something_else: 'connections.personSaid.something_else',
  correction: 'personRequests.kinds.correction',
  erasure: 'personRequests.kinds.erasure',
};

const statusWords: Record<string, WebKey> = {
  accepted: 'connections.status.accepted',
  declined: 'connections.status.declined',
  did_not_attend: 'connections.status.did_not_attend',
  attended: 'connections.status.attended',
  ongoing: 'connections.status.ongoing',
  stopped: 'connections.status.stopped',
  not_taken_up: 'connections.status.not_taken_up',
};

/** A notification in the reader's language: its codes and days in words. */
export function useNotificationWords(): (notification: Notification) => string {
  const { t } = useT();
  const format = useFormat();
  const wordOf = (code: string | undefined): string => {
    const key = code ? personWords[code] : undefined;
    return key ? t(key) : (code ?? '');
  };
  return ({ kind, params }) => {
    const status = params.status ? statusWords[params.status] : undefined;
    const values = {
      reference: params.reference ?? '',
      activity: params.activity ?? '',
      status: status ? t(status) : (params.status ?? ''),
      date: params.date ? format.date(params.date) : '',
      said: wordOf(params.said),
      kind: wordOf(params.kind),
    };
    return t(worded[kind] ?? 'notifications.kinds.other', values);
  };
}
