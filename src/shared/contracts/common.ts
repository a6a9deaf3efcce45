import { z } from 'zod';
import { locales } from '../locale';

export const Id = z.uuid();
export const LocaleSchema = z.enum(locales);
export const Version = z.int32().min(1);
/**
 * A day as YYYY-MM-DD that the calendar has (no 2024-02-30, 2023-02-29 or 2024-13-45): the one
 * date schema of every body and query that takes a day.
 */
export const CalendarDate = z.iso.date();
export const IdParams = z.object({ id: Id });
export type IdParams = z.infer<typeof IdParams>;

/** Opaque keyset cursor: clients pass back what they were given. */
export const Cursor = z.string().max(200);
export const PageLimit = z.coerce.number().int().min(1).max(200).default(50);

export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    field: z.string().optional(),
    issues: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
