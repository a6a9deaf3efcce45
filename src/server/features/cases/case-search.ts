import type { CaseSearchTerms } from './caseload-queries';

// Crockford's base32, as case-reference.ts writes them.
const referenceShape = /^P-?[0-9A-HJKMNP-TV-Z]{6}$/;
const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;
const dayFirstDate = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;

/** A real calendar day as YYYY-MM-DD, or null (31/02/1950 is no day). */
function calendarDay(year: string, month: string, day: string): string | null {
  const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === iso ? iso : null;
}

/**
 * What a typed search looks for: a case reference (with or without its dash, any case), a
 * date of birth (2024-03-08 or 08/03/2024, as French and English Canada write it first
 * day first), a phone number (4 digits or more, however spaced), or else the words of a name.
 */
export function parseCaseSearch(query: string): CaseSearchTerms {
  const text = query.trim();
  const none: CaseSearchTerms = {
    words: [],
    reference: null,
    dateOfBirth: null,
    phoneDigits: null,
  };
  const upper = text.toUpperCase();
  if (referenceShape.test(upper)) {
    // Without its dash, a reference may also be a name ('Pbtrnd'?): it is searched as both.
    if (upper.includes('-')) return { ...none, reference: upper };
    return { ...none, reference: `P-${upper.slice(1)}`, words: [text] };
  }
  const iso = isoDate.exec(text);
  if (iso) return { ...none, dateOfBirth: calendarDay(iso[1] ?? '', iso[2] ?? '', iso[3] ?? '') };
  const dayFirst = dayFirstDate.exec(text);
  if (dayFirst) {
    const [, day = '', month = '', year = ''] = dayFirst;
    return { ...none, dateOfBirth: calendarDay(year, month, day) };
  }
  if (/^[\d\s().+-]+$/.test(text)) {
    const digits = text.replace(/\D/g, '');
    return { ...none, phoneDigits: digits.length >= 4 ? digits : null };
  }
  const words = text
    .split(/\s+/)
    .filter((word) => word.length > 0)
    .slice(0, 5);
  return { ...none, words };
}
