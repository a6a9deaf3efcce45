import { z } from 'zod';
import { Id } from './common';

/** An email the app gave up sending after its retries, as an administrator sees it. */
export const FailedEmail = z.object({
  id: Id,
  kind: z.string(),
  recipient: z.string(),
  subject: z.string(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: z.iso.datetime(),
});
export type FailedEmail = z.infer<typeof FailedEmail>;

export const FailedEmailList = z.object({ items: z.array(FailedEmail) });
export type FailedEmailList = z.infer<typeof FailedEmailList>;

export const EmailIdParams = z.object({ id: Id });
