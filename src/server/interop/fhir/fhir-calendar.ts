import type { FhirMessageKey } from './operation-outcome';

const datePart = /^(\d{4})-(\d{2})-(\d{2})/;
// R4's dateTime: a time comes with seconds and a zone (the pattern @medplum/core checks allows less).
const timePart =
  /T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?(Z|[+-]((0\d|1[0-3]):[0-5]\d|14:00))$/;

const monthDays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : (monthDays[month - 1] ?? 31);
}

/**
 * What is wrong with a date, dateTime or instant that has the right shape: a day its month
 * does not have (2024-02-30), or a time without its seconds or zone. Undefined when right;
 * other shapes are the format check's to refuse.
 */
export function calendarProblem(type: string, value: string): FhirMessageKey | undefined {
  if (type !== 'date' && type !== 'dateTime' && type !== 'instant') return undefined;
  const date = datePart.exec(value);
  if (date) {
    const [year, month, day] = [Number(date[1]), Number(date[2]), Number(date[3])];
    if (month >= 1 && month <= 12 && day > daysInMonth(year, month)) return 'date_not_in_calendar';
  }
  if (type === 'dateTime' && value.includes('T') && !timePart.test(value)) {
    return 'date_time_incomplete';
  }
  return undefined;
}
