import type { AppointmentMode, AppointmentStatus } from '../../../shared/contracts/case-records';
import type { BadgeLook } from '../../components/badge-looks';
import { badgeLooks } from '../../components/badge-looks';
import { type Translate, intlLocale, useT } from '../../i18n';

export type AppointmentWords = {
  mode: (mode: AppointmentMode) => string;
  status: (status: AppointmentStatus) => string;
  /** 'Thu, Dec 3, 2026' */
  day: (at: Date) => string;
  /** '14:00' / '2:00 p.m.' */
  time: (at: Date) => string;
};

export function useAppointmentWords(): AppointmentWords {
  const { t, locale } = useT();
  const dayFormat = new Intl.DateTimeFormat(intlLocale(locale), {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });
  const timeFormat = new Intl.DateTimeFormat(intlLocale(locale), { timeStyle: 'short' });
  return {
    mode: (mode) => t(`caseRecords.appointments.modes.${mode}`),
    status: (status) => t(`caseRecords.appointments.statuses.${status}`),
    day: (at) => dayFormat.format(at),
    time: (at) => timeFormat.format(at),
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
