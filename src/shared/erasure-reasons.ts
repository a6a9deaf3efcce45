/*
 * Grounds for erasing a person on request, as a code (free words would be kept in the audit):
 * a plain value without zod, so that the case screen does not bring the schema library
 * (contracts/person-record.ts re-exports it beside the schemas).
 */

export const erasureReasons = [
  'person_request',
  'consent_withdrawn',
  'unlawfully_processed',
  'legal_obligation',
  'other',
] as const;
export type ErasureReason = (typeof erasureReasons)[number];
