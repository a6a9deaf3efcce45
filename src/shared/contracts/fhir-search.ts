import { z } from 'zod';

/*
 * The query of a FHIR search (interop/fhir/DESIGN.md §4) as it arrives, bounded before any
 * of it is read; what each parameter means is parsed by the FHIR interface, which answers
 * an unknown one per R4 (ignored, or refused under `Prefer: handling=strict`).
 */

const value = z.string().max(2000);

/** Parameter names and values as the URL carries them; a name may repeat (AND). */
export const FhirSearchQuery = z
  .record(z.string().min(1).max(100), z.union([value, z.array(value).max(20)]))
  .refine((query) => Object.keys(query).length <= 30, 'too many parameters');
export type FhirSearchQuery = z.infer<typeof FhirSearchQuery>;

/** A date search value: a prefix, then a date or dateTime of any precision (R4 search §3.1.1.4.3). */
export const FhirDateSearchValue = z
  .string()
  .regex(
    /^(eq|ne|gt|lt|ge|le|sa|eb|ap)?(\d{4})(-(\d{2})(-(\d{2})(T(\d{2}):(\d{2})(:(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/,
  );

/** `_count`: how many matches a page holds. */
export const FhirCountValue = z.string().regex(/^\d{1,6}$/);

/** A token: `code`, `system|code`, or `|code`. */
export const FhirTokenValue = z.string().regex(/^[^|]*\|?[^|]+$/);
