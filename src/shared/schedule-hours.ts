import type { Locale } from './locale';

/** A time of day as people write it: 10:00 in English, 10 h or 9 h 30 in French. */
export function timeOfDay(time: string, locale: Locale): string {
  const match = /^(\d{1,2}):(\d{2})/.exec(time);
  if (!match) return time;
  const [, hours = '', minutes = ''] = match;
  if (locale === 'fr') return `${Number(hours)} h${minutes === '00' ? '' : ` ${minutes}`}`;
  return `${hours.padStart(2, '0')}:${minutes}`;
}
