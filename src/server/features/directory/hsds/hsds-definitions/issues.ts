import type { z } from 'zod';

/** What is wrong at one place of a record: its JSON pointer, the field it concerns, why. */
export type SchemaIssue = { path: string; field: string; reason: string };

// The reasons say what JSON Schema validators say, the words feeds' authors already meet.
export function describeIssue(issue: z.core.$ZodIssue): SchemaIssue {
  const segments = issue.path.map((segment) => String(segment));
  const path = segments.map((s) => `/${s.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
  const field = segments.filter((s) => !/^\d+$/.test(s)).at(-1) ?? '';
  return { path, field, reason: reasonOf(issue, field) };
}

function reasonOf(issue: z.core.$ZodIssue, field: string): string {
  // Parsed with reportInput: only a missing property has no input.
  if (issue.input === undefined) return `must have required property '${field}'`;
  switch (issue.code) {
    case 'invalid_type':
      return `must be ${issue.expected}`;
    case 'invalid_value':
      return 'must be equal to one of the allowed values';
    case 'invalid_format':
      return `must match format "${issue.format}"`;
    default:
      return issue.message;
  }
}
