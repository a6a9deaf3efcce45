import type { PersonSays } from '../../../shared/contracts/person-space';
import type { ConnectionStatus } from '../../../shared/pathway';
import { dayIn } from '../../../shared/time-zones';
import type { Config } from '../../config';
import type { Database } from '../../db/client';
import { notFound, staleVersion } from '../../platform/errors';
import { translatorFor } from '../../platform/i18n';
import { queueEmail } from '../../platform/mail/outbox';
import { publicBaseUrl } from '../../platform/public-url';
import { nextConnectionStatuses } from './connection-rules';
import {
  findAccountRecipient,
  findCaseFacts,
  findConnection,
  insertConnectionEvent,
  updateConnectionAtVersion,
} from './connections-queries';

/** The status the person's word moves a connection to, when the loop allows it from here. */
function moveOf(said: PersonSays, from: ConnectionStatus): ConnectionStatus | null {
  const to = said === 'went' ? 'attended' : said === 'stopped' ? 'stopped' : null;
  return to && nextConnectionStatuses(from, 'person').includes(to) ? to : null;
}

/**
 * What the person says of one of their activities from their own space ("I went", "I
 * stopped" with why, "I'd like something else"): a line of the connection's history (via
 * person) that the link worker sees on the case, moving its status when the loop allows
 * (went: attended; stopped: stopped), and a notification to the case's link worker, as a
 * partner's answer is told. The caller has checked the case is the person's own and open,
 * and audits it in the same transaction.
 */
export async function recordPersonSays(
  tx: Database,
  config: Config,
  input: { caseId: string; connectionId: string; said: PersonSays; reason: string | null },
): Promise<{ from: ConnectionStatus; to: ConnectionStatus }> {
  const connection = await findConnection(tx, input.connectionId);
  const facts = await findCaseFacts(tx, input.caseId);
  if (!connection || connection.caseId !== input.caseId || !facts)
    throw notFound({ subjectType: 'connection', subjectId: input.connectionId });
  const from = connection.status;
  const to = moveOf(input.said, from);
  if (to) {
    const moved = await updateConnectionAtVersion(tx, connection.id, connection.version, {
      status: to,
      statusReason: to === 'stopped' ? input.reason : null,
      ...(to === 'attended' ? { firstAttendedOn: dayIn(new Date(), facts.timeZone) } : {}),
    });
    if (!moved) throw staleVersion();
  }
  await insertConnectionEvent(tx, {
    connectionId: connection.id,
    fromStatus: from,
    toStatus: to ?? from,
    reason: input.reason,
    note: null,
    actorId: null,
    via: 'person',
    personSaid: input.said,
  });
  if (facts.assignedTo) {
    const linkWorker = await findAccountRecipient(tx, facts.assignedTo, facts.siteLocale);
    if (linkWorker) {
      // Like every email about connections: the case reference and what was said, no more.
      const t = translatorFor(linkWorker.locale);
      const values = {
        reference: facts.reference,
        said: t(`emails:connections.personSaid.${input.said}`),
        url: `${publicBaseUrl(config)}/cases/${input.caseId}`,
      };
      await queueEmail(tx, {
        kind: 'connection.person_said',
        to: linkWorker.email,
        subject: t('emails:connections.personSaid.subject', values),
        text: t('emails:connections.personSaid.text', values),
        notify: {
          caseId: input.caseId,
          connectionId: connection.id,
          params: { reference: facts.reference, said: input.said },
        },
      });
    }
  }
  return { from, to: to ?? from };
}
