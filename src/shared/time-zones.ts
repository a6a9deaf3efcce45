/*
 * The time zone a site works in (an IANA name): its "today" and the local time of its
 * appointments. Ontario's and France's zones first, then their neighbours'; any other IANA
 * zone that Intl knows is accepted too.
 */

export const defaultTimeZone = 'America/Toronto';

/** The zones a site form offers, each named in words by `timeZones.<zone>` in both languages. */
export const commonTimeZones = [
  'America/Toronto',
  'America/Winnipeg',
  'America/Regina',
  'America/Edmonton',
  'America/Vancouver',
  'America/Halifax',
  'America/Moncton',
  'America/St_Johns',
  'Europe/Paris',
  'Europe/Brussels',
  'Europe/London',
  'America/Martinique',
  'America/Guadeloupe',
  'Indian/Reunion',
  'UTC',
] as const;
export type CommonTimeZone = (typeof commonTimeZones)[number];

export function isCommonTimeZone(zone: string): zone is CommonTimeZone {
  return (commonTimeZones as readonly string[]).includes(zone);
}

/**
 * Whether Intl knows the zone. Intl also accepts offsets ('+05:00') and, case-insensitively,
 * aliases; only names of the IANA database's shape (Area/City, or UTC) are kept, as stored.
 */
export function isTimeZone(zone: string): boolean {
  if (!/^(?:UTC|[A-Za-z]+(?:\/[A-Za-z0-9_+-]+){1,2})$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

function dayFormatOf(timeZone: string): Intl.DateTimeFormat {
  let format = dayFormats.get(timeZone);
  if (!format) {
    // en-CA writes the day as ISO does: 2026-12-03.
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dayFormats.set(timeZone, format);
  }
  return format;
}

/** The calendar day ('2026-12-03') an instant falls on in a time zone. */
export function dayIn(instant: Date, timeZone: string): string {
  const parts = dayFormatOf(timeZone).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes): string =>
    parts.find((candidate) => candidate.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** The calendar day `days` after (or before) another: plain calendar arithmetic, no zone. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** Minutes the zone's clocks are ahead of UTC at an instant (Toronto in winter: -300). */
export function offsetMinutesAt(instant: Date, timeZone: string): number {
  let format = offsetFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    offsetFormats.set(timeZone, format);
  }
  const parts = Object.fromEntries(
    format.formatToParts(instant).map((part) => [part.type, Number(part.value)]),
  );
  const wall = Date.UTC(
    parts.year ?? 0,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  return Math.round((wall - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/**
 * The instant a wall-clock time ('2026-12-03', '10:00') reads in a zone. A time the clocks
 * skip (spring forward) is taken as the same time of the offset before the change, so it lands
 * an hour later; a time they repeat (fall back) is its first occurrence.
 */
export function instantIn(day: string, time: string, timeZone: string): Date {
  const wall = Date.parse(`${day}T${time.length === 5 ? `${time}:00` : time}Z`);
  // The zone's offset half a day before, then at the guess it gives: they differ only near a
  // change of the clocks.
  const guess = wall - offsetMinutesAt(new Date(wall - 12 * 3_600_000), timeZone) * 60_000;
  const offset = offsetMinutesAt(new Date(guess), timeZone);
  const corrected = wall - offset * 60_000;
  // A skipped time reads neither offset back: the guess keeps the offset before the change.
  return offsetMinutesAt(new Date(corrected), timeZone) === offset
    ? new Date(corrected)
    : new Date(guess);
}

/** The first instant of a calendar day in a zone (midnight, or when the day starts). */
export function startOfDayIn(day: string, timeZone: string): Date {
  return instantIn(day, '00:00', timeZone);
}

const timeFormats = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock time ('09:05', 24-hour) an instant reads in a zone. */
export function timeIn(instant: Date, timeZone: string): string {
  let format = timeFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      hour: '2-digit',
      minute: '2-digit',
    });
    timeFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes): string =>
    parts.find((candidate) => candidate.type === type)?.value ?? '';
  return `${part('hour')}:${part('minute')}`;
}
