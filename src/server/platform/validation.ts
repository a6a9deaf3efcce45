import type { FastifySchemaCompiler, FastifySchemaValidationError } from 'fastify';
import type { TFunction } from 'i18next';
import type { ZodType, core } from 'zod';

export type FieldIssue = { field: string; message: string };
type IssueParams = { issue: core.$ZodIssue; missing: boolean };

/** Validates requests with zod, keeping what the error handler needs to word each issue. */
export const validatorCompiler: FastifySchemaCompiler<ZodType> =
  ({ schema }) =>
  (data) => {
    const result = schema.safeParse(data);
    if (result.success) return { value: result.data };
    const error: FastifySchemaValidationError[] = result.error.issues.map((issue) => ({
      keyword: issue.code,
      instancePath: `/${issue.path.join('/')}`,
      schemaPath: '',
      message: issue.message,
      params: { issue, missing: valueAt(data, issue.path) === undefined } satisfies IssueParams,
    }));
    return { error };
  };

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = data;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function isIssueParams(value: unknown): value is IssueParams {
  return typeof value === 'object' && value !== null && 'issue' in value && 'missing' in value;
}

export function describeValidationErrors(
  errors: readonly FastifySchemaValidationError[],
  t: TFunction,
): FieldIssue[] {
  return errors.map((error) => {
    const field = error.instancePath.replace(/^\//, '').replaceAll('/', '.');
    const params = error.params;
    if (!isIssueParams(params)) return { field, message: t('field.invalid') };
    return { field: field || keysField(params.issue), message: describeIssue(params, t) };
  });
}

function keysField(issue: core.$ZodIssue): string {
  return issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : '';
}

function describeIssue({ issue, missing }: IssueParams, t: TFunction): string {
  switch (issue.code) {
    case 'invalid_type':
      return missing ? t('field.required') : t('field.type');
    case 'too_small':
      return describeBound(issue.origin, 'small', Number(issue.minimum), t);
    case 'too_big':
      return describeBound(issue.origin, 'big', Number(issue.maximum), t);
    case 'invalid_format':
      return describeFormat(issue.format, issue.message, t);
    case 'invalid_value':
      return t('field.one_of', { values: issue.values.map(String).join(', ') });
    case 'unrecognized_keys':
      return t('field.unknown_field', { keys: issue.keys.join(', ') });
    default:
      return t(`field.${issue.message}`, { defaultValue: t('field.invalid') });
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
  const known = ['email', 'uuid', 'datetime', 'url'];
  return t(known.includes(format) ? `field.${format}` : 'field.format');
}
