import { z } from 'zod';

/*
 * What a system may ask of an R4 Subscription (interop/fhir/DESIGN.md §6), once the body
 * passed R4's own validation: the elements we act on, bounded. Anything else R4 allows
 * (id, meta, contact, extensions) is left as it is and not kept.
 */

/** One `channel.header` line: `Name: value`, printable, no line break. */
export const SubscriptionHeader = z
  .string()
  .max(1000)
  .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}:[ \t]*[\x20-\x7E]*$/)
  .refine(
    (line) => !reservedHeaders.has(line.slice(0, line.indexOf(':')).toLowerCase()),
    'a header we set ourselves',
  );

/** Headers the notification's own request sets: a system's value would corrupt it. */
const reservedHeaders = new Set([
  'host',
  'content-type',
  'content-length',
  'transfer-encoding',
  'connection',
  'expect',
  'upgrade',
  'te',
  'trailer',
]);

export const SubscriptionBody = z.looseObject({
  resourceType: z.literal('Subscription'),
  /** R4: the client asks (requested); the server sets active once it accepted it. */
  status: z.enum(['requested', 'active']),
  reason: z.string().trim().min(1).max(1000),
  criteria: z.string().max(2000).startsWith('Task?'),
  end: z.iso.datetime({ offset: true }).optional(),
  channel: z.looseObject({
    type: z.literal('rest-hook'),
    endpoint: z.string().max(2000),
    /** Absent: an empty POST; application/fhir+json: the Task that changed. */
    payload: z.literal('application/fhir+json').optional(),
    header: z.array(SubscriptionHeader).max(10).optional(),
  }),
});
export type SubscriptionBody = z.infer<typeof SubscriptionBody>;

/**
 * An update (PUT) of a subscription: the same elements, its id, and a status the system may
 * set: active (or requested) to be told, off to stop being told for now. error, as a read
 * shows it, is taken as active (the server alone says whether notifications fail).
 */
export const SubscriptionUpdateBody = SubscriptionBody.extend({
  id: z.string().max(64),
  status: z.enum(['requested', 'active', 'error', 'off']),
});
export type SubscriptionUpdateBody = z.infer<typeof SubscriptionUpdateBody>;
