import { publicBaseUrl } from '../../platform/public-url';
import type { Locale } from '../../../shared/locale';
import type { Database } from '../../db/client';
import { translatorFor } from '../../platform/i18n';
import { registerRecurringJob } from '../../platform/jobs';
import { queueEmail } from '../../platform/mail/outbox';
import { recordAudit } from '../audit';
import { type DueReminder, lockDueReminders, markReminded } from './plans-queries';
import { needsReminder } from './plans-rules';

export const followUpRemindersJob = 'plans.follow_up_reminders';

/** Reminders sent per pass; the next pass takes the rest. */
const batchSize = 200;

function formatDay(day: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-CA' : 'en-CA', {
    dateStyle: 'long',
    timeZone: 'UTC',
  }).format(new Date(`${day}T00:00:00Z`));
}

/** Only the case reference, the day and the kind: an email is no place for personal details. */
function reminderEmail(due: DueReminder, baseUrl: string): { subject: string; text: string } {
  const t = translatorFor(due.locale);
  const values = {
    ns: 'emails',
    reference: due.caseReference,
    date: formatDay(due.dueOn, due.locale),
    kind: t(`plans.kinds.${due.kind}`, { ns: 'emails' }),
    url: new URL(`/cases/${due.caseId}`, baseUrl).toString(),
  };
  return { subject: t('plans.reminderSubject', values), text: t('plans.reminderText', values) };
}

/**
 * One reminder pass: every follow-up due today or overdue, still to do and never reminded,
 * puts one email to the case's assigned link worker in the outbox and is marked reminded
 * in the same transaction, so it is reminded exactly once. Returns how many were queued.
 */
export async function sendFollowUpReminders(
  db: Database,
  now: Date,
  baseUrl: string,
): Promise<number> {
  return db.transaction(async (tx) => {
    const due = await lockDueReminders(tx, now, batchSize);
    let sent = 0;
    for (const reminder of due) {
      if (!needsReminder(reminder, now)) continue;
      if (!(await markReminded(tx, reminder.followUpId, now))) continue;
      await queueEmail(tx, {
        kind: 'follow_up.reminder',
        to: reminder.recipient,
        ...reminderEmail(reminder, baseUrl),
        notify: {
          caseId: reminder.caseId,
          params: { reference: reminder.caseReference, kind: reminder.kind, date: reminder.dueOn },
        },
      });
      await recordAudit(
        tx,
        { accountId: null, origin: { ip: null, userAgent: null } },
        {
          action: 'follow_up.reminded',
          subjectType: 'case',
          subjectId: reminder.caseId,
          siteId: reminder.siteId,
          details: { followUpId: reminder.followUpId, kind: reminder.kind },
        },
      );
      sent += 1;
    }
    return sent;
  });
}

registerRecurringJob(followUpRemindersJob, 15 * 60_000, async (db, config, log) => {
  const sent = await sendFollowUpReminders(db, new Date(), publicBaseUrl(config));
  if (sent > 0) log.info({ job: followUpRemindersJob, sent }, 'follow-up reminders queued');
});
