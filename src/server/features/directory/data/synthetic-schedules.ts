import type { HsdsSchedule, ListingLanguage } from './hsds-service';
import type { Random } from './synthetic-random';

const dayCodes = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
type DayCode = (typeof dayCodes)[number];
const dayNames: Record<ListingLanguage, Record<DayCode, string>> = {
  fr: {
    MO: 'lundi',
    TU: 'mardi',
    WE: 'mercredi',
    TH: 'jeudi',
    FR: 'vendredi',
    SA: 'samedi',
    SU: 'dimanche',
  },
  en: {
    MO: 'Monday',
    TU: 'Tuesday',
    WE: 'Wednesday',
    TH: 'Thursday',
    FR: 'Friday',
    SA: 'Saturday',
    SU: 'Sunday',
  },
};
const ordinals: Record<ListingLanguage, readonly string[]> = {
  fr: ['premier', 'deuxième', 'troisième', 'quatrième'],
  en: ['first', 'second', 'third', 'fourth'],
};
const openingTimes = [
  '09:00',
  '09:30',
  '10:00',
  '10:30',
  '13:00',
  '13:30',
  '14:00',
  '17:30',
  '18:00',
  '18:30',
  '19:00',
] as const;

function clock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

function spokenTime(time: string, language: ListingLanguage): string {
  const [hours = 0, minutes = 0] = time.split(':').map(Number);
  if (language === 'fr')
    return minutes ? `${hours} h ${String(minutes).padStart(2, '0')}` : `${hours} h`;
  const h12 = hours % 12 || 12;
  const suffix = hours < 12 ? 'am' : 'pm';
  return minutes ? `${h12}:${String(minutes).padStart(2, '0')} ${suffix}` : `${h12} ${suffix}`;
}

function listOf(items: string[], language: ListingLanguage): string {
  if (items.length < 2) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${language === 'fr' ? 'et' : 'and'} ${items.at(-1) ?? ''}`;
}

function describeSchedule(
  days: DayCode[],
  week: number | undefined,
  opens: string,
  closes: string,
  language: ListingLanguage,
): string {
  const hours =
    language === 'fr'
      ? `de ${spokenTime(opens, language)} à ${spokenTime(closes, language)}`
      : `${spokenTime(opens, language)} to ${spokenTime(closes, language)}`;
  const names = days.map((d) => dayNames[language][d]);
  if (week !== undefined) {
    const ordinal = ordinals[language][week - 1] ?? '';
    return language === 'fr'
      ? `Le ${ordinal} ${names[0] ?? ''} du mois, ${hours}`
      : `The ${ordinal} ${names[0] ?? ''} of the month, ${hours}`;
  }
  if (days.length === 5 && !days.includes('SA') && !days.includes('SU')) {
    return `${language === 'fr' ? 'Du lundi au vendredi' : 'Monday to Friday'}, ${hours}`;
  }
  const plural = names.map((n) => `${n}s`);
  return language === 'fr'
    ? `Les ${listOf(plural, language)}, ${hours}`
    : `${listOf(plural, language)}, ${hours}`;
}

/** One or two weekly or monthly opening times, with their text in the listing's language. */
export function makeSchedules(
  random: Random,
  language: ListingLanguage,
  scheduleId: (k: number) => string,
): HsdsSchedule[] {
  const count = random.chance(0.2) ? 2 : 1;
  const schedules: HsdsSchedule[] = [];
  for (let k = 0; k < count; k += 1) {
    const monthly = random.chance(0.15);
    const days: DayCode[] = [];
    if (!monthly && random.chance(0.1)) days.push('MO', 'TU', 'WE', 'TH', 'FR');
    else {
      const wanted = monthly ? 1 : 1 + random.int(3);
      for (const day of dayCodes) if (random.chance(wanted / 7)) days.push(day);
      if (days.length === 0) days.push(random.pick(dayCodes));
    }
    const week = monthly ? 1 + random.int(4) : undefined;
    const opens = random.pick(openingTimes);
    const [hours = 9, minutes = 0] = opens.split(':').map(Number);
    const closes = clock(hours * 60 + minutes + 60 + 30 * random.int(5));
    schedules.push({
      id: scheduleId(k),
      freq: monthly ? 'MONTHLY' : 'WEEKLY',
      interval: 1,
      wkst: 'MO',
      byday: days.map((d) => (week === undefined ? d : `${week}${d}`)).join(','),
      opens_at: opens,
      closes_at: closes,
      description: describeSchedule(days, week, opens, closes, language),
    });
  }
  return schedules;
}
