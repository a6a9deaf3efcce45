import type { Locale } from '../../../shared/locale';
import { addDays, dayIn } from '../../../shared/time-zones';
import type { Config } from '../../config';
import type { Database } from '../../db/client';
import { publicBaseUrl } from '../../platform/public-url';
import { translatorFor } from '../../platform/i18n';
import { registerRecurringJob } from '../../platform/jobs';
import { queueEmail } from '../../platform/mail/outbox';
import { canMessagePerson } from '../../platform/sms/person-channel';
import { recordAudit } from '../audit';
import { contactOf, issueQuestionnaire } from './questionnaire-service';
import {
  findAccountContact,
  findOutcomesContext,
  markTimepointReminded,
  selectRecordedAt,
  selectReminderCandidates,
} from './outcomes-queries';
import { dueMeasurements, reminderLeadDays, scheduleOf } from './outcomes-rules';

export const measurementRemindersJob = 'outcomes.measurement_reminders';

const system = { accountId: null, origin: { ip: null, userAgent: null } };

function formatDay(day: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-CA' : 'en-CA', {
    dateStyle: 'long',
    timeZone: 'UTC',
  }).format(new Date(`${day}T00:00:00Z`));
}

/**
 * One pass: each open case's follow-up timepoint (per its site's schedule) falling due
 * within the lead time and not fully recorded is announced once to the assigned link
 * worker, and, where the site asks, to the person with a fresh questionnaire link. The
 * timepoint is remembered in the same transaction as the emails, so it is never sent twice.
 * Returns how many timepoints were announced.
 */
export async function sendMeasurementReminders(
  db: Database,
  config: Config,
  now: Date = new Date(),
): Promise<number> {
  const candidates = await selectReminderCandidates(db);
  let sent = 0;
  for (const candidate of candidates) {
    // A follow-up's day comes at midnight where the case's site is, not at UTC's.
    const today = dayIn(now, candidate.timeZone);
    const horizon = addDays(today, reminderLeadDays);
    const schedule = scheduleOf(candidate);
    const recorded = await selectRecordedAt(db, candidate.caseId);
    const due = dueMeasurements(
      {
        schedule,
        acceptedAt: candidate.acceptedAt,
        closed: false,
        recorded,
        timeZone: candidate.timeZone,
      },
      today,
    ).filter(
      (entry) =>
        entry.timepoint.startsWith('month_') && entry.dueOn !== null && entry.dueOn <= horizon,
    );
    for (const entry of due) {
      const dueOn = entry.dueOn;
      if (!dueOn) continue;
      const announced = await db.transaction(async (tx) => {
        if (!(await markTimepointReminded(tx, candidate.caseId, entry.timepoint, now))) {
          return false;
        }
        const context = await findOutcomesContext(tx, candidate.caseId);
        const worker = await findAccountContact(tx, candidate.assignedTo);
        if (!context) return false;
        if (worker?.active) {
          const locale = worker.locale ?? context.siteLocale;
          const t = translatorFor(locale);
          const params = {
            reference: candidate.reference,
            timepoint: t(`emails:outcomes.timepoints.${entry.timepoint}`),
            date: formatDay(dueOn, locale),
            url: `${publicBaseUrl(config)}/cases/${candidate.caseId}`,
          };
          await queueEmail(tx, {
            kind: 'measurement.due',
            to: worker.email,
            subject: t('emails:outcomes.dueSubject', params),
            text: t('emails:outcomes.dueText', params),
            notify: {
              caseId: candidate.caseId,
              params: { reference: candidate.reference, timepoint: entry.timepoint, date: dueOn },
            },
          });
        }
        const remindPerson = candidate.remindPeople && canMessagePerson(config, contactOf(context));
        if (remindPerson) {
          await issueQuestionnaire(tx, config, {
            caseId: candidate.caseId,
            context,
            timepoint: entry.timepoint,
            instrumentIds: entry.instrumentIds,
            requestedBy: null,
            sendByEmail: true,
          });
        }
        await recordAudit(tx, system, {
          action: 'measurement.reminded',
          subjectType: 'case',
          subjectId: candidate.caseId,
          siteId: candidate.siteId,
          details: { timepoint: entry.timepoint, person: remindPerson },
        });
        return true;
      });
      if (announced) sent += 1;
    }
  }
  return sent;
}

registerRecurringJob(measurementRemindersJob, 60 * 60_000, async (db, config, log) => {
  const sent = await sendMeasurementReminders(db, config);
  if (sent > 0) log.info({ job: measurementRemindersJob, sent }, 'measurement reminders queued');
});
