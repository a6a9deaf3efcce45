import type { TFunction } from 'i18next';
import type { Locale } from '../../../shared/locale';
import { isCommonTimeZone } from '../../../shared/time-zones';
import { intlLocale } from '../../../shared/typography';
import type { Config } from '../../config';
import type { Database } from '../../db/client';
import { translatorFor } from '../../platform/i18n';
import { queuePersonMessage } from '../../platform/sms/person-channel';
import { publicBaseUrl } from '../../platform/public-url';
import { type IcsMethod, buildIcs } from './appointment-ics';
import type { AppointmentRow, InvitationContext } from './case-records-queries';

/*
 * The person's invitation to an appointment, in their language, with the appointment as a
 * calendar file: the first one, an update when it moves (same UID, higher sequence), or its
 * cancellation (by text, without the file, when the person prefers texts). It says when, how and where, and with whom; nothing about why they are seen.
 */

export type InvitationKind = 'invite' | 'update' | 'cancel';

/** The address part of MAIL_FROM ('Passerelle <no-reply@x>' or a bare address). */
function addressOf(from: string): string {
  return /<([^>]+)>/.exec(from)?.[1] ?? from.trim();
}

/** The calendar's UID: the appointment's id, at the app's host. */
export function appointmentUid(config: Config, appointmentId: string): string {
  return `${appointmentId}@${new URL(publicBaseUrl(config)).hostname}`;
}

/** The day and time on the clocks of the site's zone, in the person's language. */
function whenIn(locale: Locale, at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat(intlLocale(locale), {
    dateStyle: 'full',
    timeStyle: 'short',
    timeZone,
  }).format(at);
}

/** The zone in words, within a sentence: 'Paris time', 'heure de Paris'; else its IANA name. */
function zoneWords(t: TFunction, zone: string): string {
  return isCommonTimeZone(zone) ? t(`emails:timeZones.${zone}`) : zone.replaceAll('_', ' ');
}

export async function queueAppointmentInvitation(
  tx: Database,
  config: Config,
  args: {
    kind: InvitationKind;
    appointment: AppointmentRow;
    person: InvitationContext;
    /** The appointment's version once this change is written: its calendar sequence. */
    version: number;
    now: Date;
  },
): Promise<void> {
  const { appointment, person } = args;
  const t = translatorFor(person.locale);
  const mode = t(`emails:appointments.modes.${appointment.mode}`);
  const params = {
    name: person.personName.split(' ')[0] ?? person.personName,
    // The site's clock, whatever the link worker's browser says: the person lives there.
    when: whenIn(person.locale, appointment.startsAt, appointment.timeZone),
    zone: zoneWords(t, appointment.timeZone),
    minutes: appointment.durationMinutes,
    mode,
    place: appointment.place ?? t('emails:appointments.noPlace'),
    with: appointment.withName,
    site: person.siteName,
  };
  const method: IcsMethod = args.kind === 'cancel' ? 'CANCEL' : 'REQUEST';
  const ics = buildIcs({
    method,
    uid: appointmentUid(config, appointment.id),
    sequence: args.version - 1,
    stamp: args.now,
    start: appointment.startsAt,
    end: new Date(appointment.startsAt.getTime() + appointment.durationMinutes * 60_000),
    summary: t('emails:appointments.summary', params),
    location: appointment.place,
    description: t(`emails:appointments.${args.kind}Text`, params),
    organizer: { name: person.siteName, email: addressOf(config.mail.from) },
    // Only an email carries the calendar file; a text goes when no address is needed here.
    attendee: { name: person.personName, email: person.email ?? '' },
  });
  await queuePersonMessage(tx, config, person, {
    kind: `appointment.${args.kind}`,
    email: {
      subject: t(`emails:appointments.${args.kind}Subject`, params),
      text: t(`emails:appointments.${args.kind}Text`, params),
      attachments: [
        {
          filename: args.kind === 'cancel' ? 'cancel.ics' : 'invite.ics',
          contentType: `text/calendar; charset=utf-8; method=${method}`,
          content: ics,
        },
      ],
    },
    text: t(`emails:appointments.${args.kind}Sms`, params),
  });
}
