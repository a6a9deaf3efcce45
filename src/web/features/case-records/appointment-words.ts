import type { AppointmentMode, AppointmentStatus } from '../../../shared/contracts/case-records';
import type { BadgeLook } from '../../components/badge-looks';
import { badgeLooks } from '../../components/badge-looks';
import { type Translate, intlLocale, useT } from '../../i18n';
import { timeZoneWords } from '../../time-zone-words';

export type AppointmentWords = {
  mode: (mode: AppointmentMode) => string;
  status: (status: AppointmentStatus) => string;
  /** 'Thursday, December 3, 2026': the day an instant falls on in the zone. */
  day: (at: Date, timeZone: string) => string;
  /** A calendar day ('2026-12-03') in words, wherever the browser is. */
  calendarDay: (day: string) => string;
  /** '14:00' / '2:00 p.m.' on the zone's clocks. */
  time: (at: Date, timeZone: string) => string;
  /**
   * ' (Paris time)' when the zone is not the browser's, so a time read from elsewhere says
   * whose clock it is; nothing when they agree.
   */
  zoneNote: (timeZone: string) => string;
};

/** The browser's own IANA zone. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** Appointments' words; their days and times on the clocks of their case's site. */
export function useAppointmentWords(): AppointmentWords {
  const { t, locale } = useT();
  const options = { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' } as const;
  const format = (at: Date, more: Intl.DateTimeFormatOptions): string =>
    new Intl.DateTimeFormat(intlLocale(locale), more).format(at);
  return {
    mode: (mode) => t(`caseRecords.appointments.modes.${mode}`),
    status: (status) => t(`caseRecords.appointments.statuses.${status}`),
    day: (at, timeZone) => format(at, { ...options, timeZone }),
    calendarDay: (day) => format(new Date(`${day}T12:00:00Z`), { ...options, timeZone: 'UTC' }),
    time: (at, timeZone) => format(at, { timeStyle: 'short', timeZone }),
    zoneNote: (timeZone) =>
      timeZone === browserTimeZone() ? '' : ` (${timeZoneWords(t, timeZone)})`,
  };
}

export const statusLook: Record<AppointmentStatus, BadgeLook> = {
  planned: badgeLooks.info,
  held: badgeLooks.success,
  missed: badgeLooks.warning,
  cancelled: badgeLooks.quiet,
};

/** The label of the place field, by how the meeting happens. */
export function placeLabel(t: Translate, mode: AppointmentMode): string {
  return t(`caseRecords.appointments.place.${mode}`);
}
