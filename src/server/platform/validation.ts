import type { FastifySchemaCompiler, FastifySchemaValidationError } from 'fastify';
import type { TFunction } from 'i18next';
import { type ZodType, type core, z } from 'zod';

export type FieldIssue = { field: string; message: string };

/** The response schema of a route that answers 204 with no body, so the API description says so. */
export const noContent = { 204: z.null() };

/**
 * `missing`: the field was left out. `blankRequired`: a required field was sent empty (a
 * form's cleared date field), which asks for the value as much as leaving it out does.
 */
type IssueParams = { issue: core.$ZodIssue; missing: boolean; blankRequired: boolean };

/** Validates requests with zod, keeping what the error handler needs to word each issue. */
export const validatorCompiler: FastifySchemaCompiler<ZodType> =
  ({ schema }) =>
  (data) => {
    // PostgreSQL cannot store a NUL character in text; refuse it here rather than fail there.
    const nulPaths = pathsOfStrings(data, (text) => text.includes('\u0000'));
    if (nulPaths.length > 0) return { error: nulPaths.map(nulCharacterError) };
    // Half a UTF-16 pair (JSON's "\ud800") has no UTF-8 form: it would be stored as U+FFFD.
    const halfPairs = pathsOfStrings(data, (text) => loneSurrogate.test(text));
    if (halfPairs.length > 0) return { error: halfPairs.map(loneSurrogateError) };
    const result = schema.safeParse(data);
    if (result.success) return { value: result.data };
    const error: FastifySchemaValidationError[] = result.error.issues.map((issue) => {
      const value = valueAt(data, issue.path);
      return {
        keyword: issue.code,
        instancePath: `/${issue.path.join('/')}`,
        schemaPath: '',
        message: issue.message,
        params: {
          issue,
          missing: value === undefined,
          blankRequired:
            issue.code === 'invalid_format' &&
            typeof value === 'string' &&
            value.trim() === '' &&
            isRequired(schema, data, issue.path),
        } satisfies IssueParams,
      };
    });
    return { error };
  };

// In a unicode pattern a well-formed pair is one code point: only a lone half matches.
const loneSurrogate = /\p{Surrogate}/u;

type Visit = { value: unknown; key: string; parent: Visit | undefined };

/**
 * The paths of the strings (values, or the keys of a record) that `matches`. Walks without
 * recursion, so a deeply nested body cannot overflow the stack.
 */
function pathsOfStrings(data: unknown, matches: (text: string) => boolean): string[][] {
  const found: string[][] = [];
  const pending: Visit[] = [{ value: data, key: '', parent: undefined }];
  for (let visit = pending.pop(); visit; visit = pending.pop()) {
    const { value } = visit;
    if (typeof value === 'string' && matches(value)) found.push(pathOf(visit));
    if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        const at = { value: child, key, parent: visit };
        if (matches(key)) found.push(pathOf(at));
        pending.push(at);
      }
    }
  }
  return found;
}

function pathOf(visit: Visit): string[] {
  const path: string[] = [];
  for (let at: Visit | undefined = visit; at?.parent; at = at.parent) path.push(at.key);
  return path.reverse();
}

function nulCharacterError(path: string[]): FastifySchemaValidationError {
  return {
    keyword: 'nul_character',
    instancePath: `/${path.join('/')}`,
    schemaPath: '',
    message: 'contains a NUL character',
    params: {},
  };
}

function loneSurrogateError(path: string[]): FastifySchemaValidationError {
  return {
    keyword: 'lone_surrogate',
    instancePath: `/${path.join('/')}`,
    schemaPath: '',
    message: 'holds half of a UTF-16 surrogate pair',
    params: {},
  };
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = data;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/**
 * Whether the field at `path` must be given: the same body without it is refused for its
 * absence there. Asked only of an empty value that failed its format, so rarely.
 */
function isRequired(schema: ZodType, data: unknown, path: readonly PropertyKey[]): boolean {
  const parentPath = path.slice(0, -1);
  const key = path[path.length - 1];
  if (key === undefined) return false;
  const without: unknown = structuredClone(data);
  const parent = valueAt(without, parentPath);
  if (parent === null || typeof parent !== 'object') return false;
  (parent as Record<PropertyKey, unknown>)[key] = undefined;
  const result = schema.safeParse(without);
  return (
    !result.success &&
    result.error.issues.some(
      (issue) =>
        issue.code === 'invalid_type' &&
        issue.path.length === path.length &&
        issue.path.every((segment, index) => segment === path[index]),
    )
  );
}

function isIssueParams(value: unknown): value is IssueParams {
  return typeof value === 'object' && value !== null && 'issue' in value && 'missing' in value;
}

export function describeValidationErrors(
  errors: readonly FastifySchemaValidationError[],
  t: TFunction,
): FieldIssue[] {
  return errors.flatMap((error) => {
    const field = error.instancePath.replace(/^\//, '').replaceAll('/', '.');
    const params = error.params;
    if (!isIssueParams(params)) {
      return [
        { field, message: t(`field.${error.keyword}`, { defaultValue: t('field.invalid') }) },
      ];
    }
    const { issue } = params;
    // Each unknown field is an issue of its own, named where it sits in the body.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        field: field ? `${field}.${key}` : key,
        message: t('field.unknown_field', { keys: key }),
      }));
    }
    return [{ field, message: describeIssue(params, t) }];
  });
}

/** One zod issue in words, for checks made outside a route's schema (an import's records). */
export function describeFieldIssue(issue: core.$ZodIssue, t: TFunction): string {
  return describeIssue({ issue, missing: false, blankRequired: false }, t);
}

function describeIssue({ issue, missing, blankRequired }: IssueParams, t: TFunction): string {
  switch (issue.code) {
    case 'invalid_type':
      return missing ? t('field.required') : t('field.type');
    case 'too_small':
      return describeBound(issue.origin, 'small', Number(issue.minimum), t);
    case 'too_big':
      return describeBound(issue.origin, 'big', Number(issue.maximum), t);
    case 'invalid_format':
      // Nothing typed is not a badly typed date (or email): the field wants a value.
      if (blankRequired) return t('field.required');
      return describeFormat(issue.format, issue.message, t);
    case 'invalid_value':
      if (missing) return t('field.required');
      return t('field.one_of', { values: issue.values.map(String).join(', ') });
    default: {
      // A refinement's own numbers (how many years back) fill its sentence.
      const params = issue.code === 'custom' ? issue.params : undefined;
      return t(`field.${issue.message}`, { ...params, defaultValue: t('field.invalid') });
    }
  }
}

function describeBound(origin: string, side: 'small' | 'big', bound: number, t: TFunction): string {
  const params = side === 'small' ? { minimum: bound } : { maximum: bound };
  if (origin === 'string')
    return t(
      side === 'small' ? (bound === 1 ? 'field.required' : 'field.too_short') : 'field.too_long',
      params,
    );
  if (origin === 'array' || origin === 'set')
    return t(side === 'small' ? 'field.too_few_items' : 'field.too_many_items', params);
  return t(side === 'small' ? 'field.too_small' : 'field.too_big', params);
}

function describeFormat(format: string, message: string, t: TFunction): string {
  if (format === 'regex') return t(`field.${message}`, { defaultValue: t('field.format') });
  const known = ['email', 'uuid', 'date', 'datetime', 'url'];
  return t(known.includes(format) ? `field.${format}` : 'field.format');
}
