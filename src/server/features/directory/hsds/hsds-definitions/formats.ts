import { isIPv6 } from 'node:net';
import type { TextFormat } from './fields';

/*
 * The formats HSDS gives its text fields, written from their RFCs. Where an RFC leaves a
 * choice, the choice is the one the standard's own validator (JSON Schema with the usual
 * format checks) makes, so that a feed valid there is valid here.
 */

// RFC 4122: 8-4-4-4-12 hexadecimal digits, optionally as its URN.
const uuidPattern = /^(?:urn:uuid:)?[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i;

// RFC 5322 dot-atom before the @, then a host name of at least two labels (RFC 1034).
const atom = "[a-z0-9!#$%&'*+/=?^_`{|}~-]+";
const label = '[a-z0-9](?:[a-z0-9-]*[a-z0-9])?';
const emailPattern = new RegExp(`^${atom}(?:\\.${atom})*@(?:${label}\\.)+${label}$`, 'i');

// RFC 3986, appendix A.
const unreserved = 'a-z0-9\\-._~';
const subDelims = "!$&'()*+,;=";
const pctEncoded = '%[0-9a-f]{2}';
const pchar = `(?:[${unreserved}${subDelims}:@]|${pctEncoded})`;
const uriPattern = new RegExp(
  [
    '^[a-z][a-z0-9+\\-.]*:',
    // "//" authority path-abempty, or path-absolute or path-rootless; an empty path is refused.
    `(?:\\/\\/(?<userinfo>(?:[${unreserved}${subDelims}:]|${pctEncoded})*@)?`,
    `(?<host>\\[[^\\]]*\\]|(?:[${unreserved}${subDelims}]|${pctEncoded})*)(?::\\d*)?(?:\\/${pchar}*)*`,
    `|\\/(?:${pchar}+(?:\\/${pchar}*)*)?`,
    `|${pchar}+(?:\\/${pchar}*)*)`,
    `(?:\\?(?:${pchar}|[/?])*)?`,
    `(?:#(?:${pchar}|[/?])*)?$`,
  ].join(''),
  'i',
);
const ipFuture = new RegExp(`^v[0-9a-f]+\\.[${unreserved}${subDelims}:]+$`, 'i');

function isUri(value: string): boolean {
  const match = uriPattern.exec(value);
  if (!match) return false;
  const host = match.groups?.host ?? '';
  if (!host.startsWith('[')) return true;
  const literal = host.slice(1, -1);
  return isIPv6(literal) || ipFuture.test(literal);
}

const daysInMonth = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isDate(year: number, month: number, day: number): boolean {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && leap ? 29 : (daysInMonth[month - 1] ?? 0);
  return month >= 1 && month <= 12 && day >= 1 && day <= days;
}

// RFC 3339 section 5.6, with its lower-case "t" and "z" and a space for "T" (its note); the
// offset may also leave out its minutes or their colon.
const dateTimePattern =
  /^(\d{4})-(\d\d)-(\d\d)[t\s](\d\d):(\d\d):(\d\d(?:\.\d+)?)(?:z|([+-])(\d\d)(?::?(\d\d))?)$/i;

function isDateTime(value: string): boolean {
  const match = dateTimePattern.exec(value);
  if (!match) return false;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
  const offsetHours = Number(match[8] ?? 0);
  const offsetMinutes = Number(match[9] ?? 0);
  if (year === undefined || month === undefined || day === undefined) return false;
  if (hour === undefined || minute === undefined || second === undefined) return false;
  if (!isDate(year, month, day) || offsetHours > 23 || offsetMinutes > 59) return false;
  if (hour <= 23 && minute <= 59 && second < 60) return true;
  // A leap second is 23:59:60 in UTC, whatever the local time it is written in.
  const sign = match[7] === '-' ? -1 : 1;
  const utc = (hour * 60 + minute - sign * (offsetHours * 60 + offsetMinutes) + 1440) % 1440;
  return minute <= 59 && utc === 1439 && second < 61;
}

const checks: Record<TextFormat, (value: string) => boolean> = {
  uuid: (value) => uuidPattern.test(value),
  email: (value) => emailPattern.test(value),
  uri: isUri,
  'date-time': isDateTime,
};

export function matchesFormat(format: TextFormat, value: string): boolean {
  return checks[format](value);
}
