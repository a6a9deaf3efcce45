import type {
  Bundle,
  BundleEntry,
  BundleLink,
  CapabilityStatementRestResourceSearchParam,
  Resource,
} from '@medplum/fhirtypes';
import type { FastifyRequest } from 'fastify';
import {
  FhirCountValue,
  FhirDateSearchValue,
  FhirSearchQuery,
  FhirTokenValue,
} from '../../../shared/contracts/fhir-search';
import type { TimeBound } from '../../db/time-bounds';
import { decodeCursor, encodeCursor } from '../../platform/cursor';
import { FhirError, type FhirIssue } from './operation-outcome';

/*
 * What every search of the interface shares (DESIGN.md §4): the query read and bounded,
 * unknown parameters ignored (R4's default) or refused under `Prefer: handling=strict`,
 * values that do not parse refused (400), and the searchset Bundle with its links.
 */

/** The parameters as given, each name with its values (one per occurrence, commas kept). */
export type SearchQuery = ReadonlyMap<string, readonly string[]>;

export function readSearchQuery(raw: unknown): SearchQuery {
  const parsed = FhirSearchQuery.safeParse(raw ?? {});
  if (!parsed.success) {
    throw new FhirError(400, [{ code: 'too-costly', message: { key: 'search_query_invalid' } }]);
  }
  return new Map(
    Object.entries(parsed.data).map(([name, value]) => [
      name,
      Array.isArray(value) ? value : [value],
    ]),
  );
}

/** R4's `Prefer: handling=strict`: an unknown parameter is an error rather than ignored. */
export function isStrict(request: FastifyRequest): boolean {
  const prefer = request.headers.prefer;
  const text = Array.isArray(prefer) ? prefer.join(',') : (prefer ?? '');
  return /(^|[,;\s])handling\s*=\s*"?strict"?/i.test(text);
}

/**
 * The parameters a search does not take: refused (400) when strict, else warnings for the
 * Bundle's outcome entry.
 */
export function unknownParameters(
  query: SearchQuery,
  known: ReadonlySet<string>,
  resourceType: string,
  strict: boolean,
  /** Values of a known parameter the search does not take (`_include=Task:owner`). */
  unsupported: readonly string[] = [],
): FhirIssue[] {
  const names = [...[...query.keys()].filter((name) => !known.has(name)), ...unsupported];
  if (names.length === 0) return [];
  if (strict) {
    throw new FhirError(
      400,
      names.map((param) => ({
        code: 'not-supported',
        message: { key: 'search_param_unknown', params: { param, type: resourceType } },
      })),
    );
  }
  return names.map((param) => ({
    severity: 'warning',
    code: 'not-supported',
    message: { key: 'search_param_ignored', params: { param, type: resourceType } },
  }));
}

export function invalidValue(param: string): FhirError {
  return new FhirError(400, [
    { code: 'invalid', message: { key: 'search_value_invalid', params: { param } } },
  ]);
}

/** A parameter given at most once; its value, or undefined. */
export function single(query: SearchQuery, param: string): string | undefined {
  const values = query.get(param);
  if (!values) return undefined;
  if (values.length > 1) {
    throw new FhirError(400, [
      { code: 'invalid', message: { key: 'search_param_repeated', params: { param } } },
    ]);
  }
  return values[0];
}

/** Every value of a parameter, commas split (OR within an occurrence). */
export function orValues(query: SearchQuery, param: string): string[][] {
  return (query.get(param) ?? []).map((value) => value.split(',').map((part) => part.trim()));
}

/** A page's size: default 50, at most 200 (R4 lets a server return fewer). */
export function countOf(query: SearchQuery): number {
  const text = single(query, '_count');
  if (text === undefined) return 50;
  if (!FhirCountValue.safeParse(text).success) throw invalidValue('_count');
  return Math.min(Number(text), 200);
}

/** A token's code, checked against the codes the parameter has (system, if given, must match). */
export function tokenCode<T extends string>(
  value: string,
  param: string,
  system: string,
  codes: readonly T[],
): T {
  if (!FhirTokenValue.safeParse(value).success) throw invalidValue(param);
  const [given, code] = value.includes('|') ? value.split('|') : [undefined, value];
  const known = codes.find((c) => c === code);
  if (!known || (given !== undefined && given !== '' && given !== system)) {
    throw invalidValue(param);
  }
  return known;
}

/**
 * The id a reference parameter names in one type: `Type/id`, our absolute URL of it, or a
 * bare id; undefined when it names another type or server (nothing of ours matches it).
 */
export function referencedId(value: string, type: string, fhirBaseUrl: string): string | undefined {
  const local = value.startsWith(`${fhirBaseUrl}/`) ? value.slice(fhirBaseUrl.length + 1) : value;
  if (/^[a-z]+:\/\//i.test(local)) return undefined;
  const parts = local.split('/');
  if (parts.length === 1) return parts[0] || undefined;
  if (parts.length === 2 && parts[0] === type) return parts[1] || undefined;
  return undefined;
}

const precisionEnds: Record<number, (d: Date) => void> = {
  1: (d) => d.setUTCFullYear(d.getUTCFullYear() + 1),
  2: (d) => d.setUTCMonth(d.getUTCMonth() + 1),
  3: (d) => d.setUTCDate(d.getUTCDate() + 1),
  4: (d) => d.setUTCMinutes(d.getUTCMinutes() + 1),
  5: (d) => d.setUTCSeconds(d.getUTCSeconds() + 1),
  6: (d) => d.setUTCMilliseconds(d.getUTCMilliseconds() + 1),
};

/**
 * A date parameter's value as a bound on an instant: the range its precision implies
 * (`eq2026-12` is the whole month, UTC where no zone is given). `gt` and `lt` compare with
 * the range's start: a poller passing back our `Bundle.meta.lastUpdated` may see a change
 * twice, never miss one.
 */
export function dateBound(value: string, param: string): TimeBound {
  const match = FhirDateSearchValue.safeParse(value).success
    ? /^(eq|ne|gt|lt|ge|le|sa|eb|ap)?(.*)$/.exec(value)
    : null;
  const comparator = match?.[1] ?? 'eq';
  const text = match?.[2] ?? '';
  if (
    !match ||
    (comparator !== 'eq' &&
      comparator !== 'gt' &&
      comparator !== 'lt' &&
      comparator !== 'ge' &&
      comparator !== 'le')
  ) {
    throw invalidValue(param);
  }
  const [day = '', time] = text.split('T');
  const dayParts = day.split('-');
  const [year = 0, month = 1, date = 1] = dayParts.map(Number);
  let precision = dayParts.length;
  let iso = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(date).padStart(2, '0')}`;
  if (time !== undefined) {
    const zone = /(Z|[+-]\d{2}:\d{2})$/.exec(time)?.[1] ?? 'Z';
    const clock = time.slice(0, time.length - (time.endsWith(zone) ? zone.length : 0));
    const [hours = '00', minutes = '00', seconds] = clock.split(':');
    precision = seconds === undefined ? 4 : seconds.includes('.') ? 6 : 5;
    iso += `T${hours}:${minutes}:${seconds ?? '00'}${zone}`;
  } else {
    iso += 'T00:00:00Z';
  }
  const from = new Date(iso);
  const calendar = new Date(Date.UTC(year, month - 1, date));
  if (
    Number.isNaN(from.getTime()) ||
    calendar.getUTCMonth() !== month - 1 ||
    calendar.getUTCDate() !== date
  ) {
    throw invalidValue(param);
  }
  const to = new Date(from);
  precisionEnds[precision]?.(to);
  return { comparator, from, to };
}

/** A searchset Bundle: matches, then what they include, then any warnings. */
export function searchsetBundle(options: {
  self: string;
  next: string | undefined;
  lastUpdated: Date;
  matches: readonly BundleEntry[];
  included: readonly BundleEntry[];
  outcome: Resource | undefined;
}): Bundle {
  const link: BundleLink[] = [
    { relation: 'self', url: options.self },
    ...(options.next ? [{ relation: 'next', url: options.next }] : []),
  ];
  const entry: BundleEntry[] = [
    ...options.matches,
    ...options.included,
    ...(options.outcome
      ? [{ resource: options.outcome, search: { mode: 'outcome' as const } }]
      : []),
  ];
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    meta: { lastUpdated: options.lastUpdated.toISOString() },
    link,
    // FHIR JSON has no empty arrays.
    ...(entry.length ? { entry } : {}),
  };
}

/** The address of a search, with the parameters it used in a stable order. */
export function searchUrl(
  fhirBaseUrl: string,
  resourceType: string,
  used: readonly (readonly [string, string])[],
): string {
  const query = used
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
    .join('&');
  return `${fhirBaseUrl}/${resourceType}${query ? `?${query}` : ''}`;
}

/** The parameters a search used, in the order it read them, for its self and next links. */
export type UsedParameters = (readonly [string, string])[];

/** Notes every occurrence of `name` as used. */
export function markUsed(query: SearchQuery, used: UsedParameters, name: string): void {
  for (const value of query.get(name) ?? []) used.push([name, value]);
}

/** Each occurrence narrows (AND), its comma values widen (OR): the values in every list. */
export function intersect(lists: readonly string[][]): string[] | undefined {
  return lists.length === 0
    ? undefined
    : lists.reduce((kept, list) => kept.filter((value) => list.includes(value)));
}

/** Keyset paging's key: the time of change and id of the previous page's last row. */
export type PageKey = { at: string; id: string };

/** The `_cursor` of a next link, checked: its time parses and its id is one of ours. */
export function pageKeyOf(query: SearchQuery, id: RegExp): PageKey | undefined {
  const cursor = single(query, '_cursor');
  if (cursor === undefined) return undefined;
  let parts: string[];
  try {
    parts = decodeCursor(cursor, 2);
  } catch {
    throw invalidValue('_cursor');
  }
  const [at = '', key = ''] = parts;
  if (Number.isNaN(Date.parse(at)) || !id.test(key)) throw invalidValue('_cursor');
  return { at, id: key };
}

/** The next page's address: the same search after the last row shown, when more follow. */
export function nextLink(
  self: string,
  more: boolean,
  last: PageKey | undefined,
): string | undefined {
  if (!more || !last) return undefined;
  return `${self}${self.includes('?') ? '&' : '?'}_cursor=${encodeCursor([last.at, last.id])}`;
}

export const searchParameterBase = 'http://hl7.org/fhir/SearchParameter';

/** `_id` and `_lastUpdated` as every search of ours takes them, for the CapabilityStatement. */
export function resourceSearchParameters(
  idDocumentation: string,
): CapabilityStatementRestResourceSearchParam[] {
  return [
    {
      name: '_id',
      type: 'token',
      definition: `${searchParameterBase}/Resource-id`,
      documentation: idDocumentation,
    },
    {
      name: '_lastUpdated',
      type: 'date',
      definition: `${searchParameterBase}/Resource-lastUpdated`,
      documentation:
        'gt, ge, lt, le, eq. Polling: pass the last answer’s Bundle.meta.lastUpdated back as gt…; no change committed since is missed (one may come twice).',
    },
  ];
}
