import type { TypedValueWithPath } from '@medplum/core';
import type { Reference } from '@medplum/fhirtypes';
import { fhirPath } from './medplum-issues';

/**
 * A literal reference and its FHIRPath: the writes resolve each one inside the Bundle (an
 * entry's fullUrl) or to our records, and refuse a dangling one with an issue at its path.
 */
export type FoundReference = { reference: string; expression: string };

/** The literal reference a value of the walk holds, if it is a Reference with one. */
export function referenceOf(value: TypedValueWithPath): FoundReference | undefined {
  if (value.type !== 'Reference') return undefined;
  const reference = (value.value as Reference | undefined)?.reference;
  return typeof reference === 'string'
    ? { reference, expression: `${fhirPath(value.path)}.reference` }
    : undefined;
}

/**
 * The reference strings a resource we already validated holds (each `reference` text at any
 * depth): a plain walk of its JSON, for our own stored resources, where the typed walk above
 * (which validation needs for its paths) would cost several times as much.
 */
export function storedReferences(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) {
    for (const item of value) storedReferences(item, found);
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === 'reference' && typeof item === 'string') found.push(item);
      else storedReferences(item, found);
    }
  }
  return found;
}
