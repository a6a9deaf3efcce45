/*
 * Phone numbers as a text message needs them: E.164 (+15145550123, +33612345678). Canadian
 * and French numbers are accepted as people write them ((514) 555-0123, 06 12 34 56 78) and
 * normalised; any other country must be written with its + prefix.
 */

const northAmerican = /^[2-9]\d{2}[2-9]\d{6}$/;
const frenchNational = /^[1-9]\d{8}$/;

/** The number in E.164, or null when it is not one. */
export function normalisePhone(input: string): string | null {
  const compact = input.trim().replace(/[\s().-]/g, '');
  if (!/^(\+|00)?\d+$/.test(compact)) return null;
  const international = compact.startsWith('00') ? `+${compact.slice(2)}` : compact;
  if (international.startsWith('+')) return checkedInternational(international);
  if (/^0\d{9}$/.test(international)) return checkedInternational(`+33${international.slice(1)}`);
  if (/^1?\d{10}$/.test(international))
    return checkedInternational(`+1${international.slice(-10)}`);
  return null;
}

function checkedInternational(number: string): string | null {
  // "+33 (0)6 12 34 56 78": the trunk zero written after the country code.
  const value = number.startsWith('+330') ? `+33${number.slice(4)}` : number;
  if (!/^\+[1-9]\d{6,14}$/.test(value)) return null;
  if (value.startsWith('+1')) return northAmerican.test(value.slice(2)) ? value : null;
  if (value.startsWith('+33')) return frenchNational.test(value.slice(3)) ? value : null;
  return value;
}

/**
 * Whether a text message can reach the number: French mobiles are 06 and 07; a North American
 * number does not say, so it is taken as able to (a landline provider answers an error).
 */
export function isMobileNumber(e164: string): boolean {
  if (e164.startsWith('+33')) return /^\+33[67]/.test(e164);
  return true;
}

/**
 * The ways a record may hold the number once spaces and punctuation are dropped (national,
 * international, with 00): how a number typed at sign-in is found among people's phones.
 */
export function storedFormsOf(e164: string): string[] {
  const digits = e164.slice(1);
  const forms = [e164, digits, `00${digits}`];
  if (e164.startsWith('+1')) forms.push(digits.slice(1));
  if (e164.startsWith('+33')) forms.push(`0${digits.slice(2)}`, `+330${digits.slice(2)}`);
  return forms;
}

/** The number with its last two digits only, for a screen that must not show it all. */
export function maskedPhone(e164: string): string {
  return `${'•'.repeat(Math.max(0, e164.length - 2))}${e164.slice(-2)}`;
}

/**
 * A number as a reader expects it: North American ones nationally (514-555-0123, in French
 * 514 555-0123), French ones in pairs after their prefix (+33 6 12 34 56 78), others in
 * E.164. A record from before numbers were kept in E.164 that does not read as one is shown
 * as it was typed.
 */
export function formatPhone(number: string, locale: 'fr' | 'en'): string {
  const e164 = normalisePhone(number);
  if (e164 === null) return number;
  if (e164.startsWith('+1')) {
    const [area, exchange, line] = [e164.slice(2, 5), e164.slice(5, 8), e164.slice(8)];
    return locale === 'fr' ? `${area} ${exchange}-${line}` : `${area}-${exchange}-${line}`;
  }
  if (e164.startsWith('+33')) {
    const national = e164.slice(3);
    return `+33 ${national[0] ?? ''} ${(national.slice(1).match(/\d{2}/g) ?? []).join(' ')}`;
  }
  return e164;
}
