import { z } from 'zod';
import { Id, LocaleSchema, Version } from './common';

/** A scope as SMART writes it: v2 `system/Task.rs` or v1 `system/Task.read` (stored as v2). */
export const ScopeText = z
  .string()
  .trim()
  .regex(/^system\/(\*|[A-Z][A-Za-z]{1,63})\.([a-z*]+)$/, 'must be system/<Type>.<permissions>');

/** A public JSON Web Key; the server refuses private members and keys it cannot verify with. */
export const PublicJwk = z.record(z.string(), z.unknown());

export const Jwks = z.object({ keys: z.array(PublicJwk).min(1).max(10) }).strict();
export type Jwks = z.infer<typeof Jwks>;

/** An https (or, for a test system, http) origin a subscription may notify. */
export const EndpointOrigin = z
  .string()
  .trim()
  .regex(/^https?:\/\/[^/\s?#]+$/, 'must be an origin, such as https://ehr.example.org');

/** A system connected over FHIR (SMART Backend Services): what an administrator registered. */
export const FhirClient = z.object({
  /** The OAuth client_id the system puts in its assertions. */
  id: Id,
  accountId: Id,
  name: z.string(),
  locale: LocaleSchema,
  jwks: Jwks,
  allowedScopes: z.array(z.string()),
  siteIds: z.array(Id),
  endpointOrigins: z.array(z.string()),
  active: z.boolean(),
  version: z.int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type FhirClient = z.infer<typeof FhirClient>;

export const FhirClientList = z.object({ items: z.array(FhirClient) });
export type FhirClientList = z.infer<typeof FhirClientList>;

export const CreateFhirClientBody = z
  .object({
    name: z.string().trim().min(2).max(200),
    locale: LocaleSchema,
    jwks: Jwks,
    allowedScopes: z.array(ScopeText).min(1).max(100),
    /** The sites it may refer to: its account is referrer at each. */
    siteIds: z.array(Id).min(1).max(200),
    endpointOrigins: z.array(EndpointOrigin).max(20).default([]),
  })
  .strict();
export type CreateFhirClientBody = z.infer<typeof CreateFhirClientBody>;

export const UpdateFhirClientBody = z
  .object({
    name: z.string().trim().min(2).max(200).optional(),
    locale: LocaleSchema.optional(),
    jwks: Jwks.optional(),
    allowedScopes: z.array(ScopeText).min(1).max(100).optional(),
    siteIds: z.array(Id).min(1).max(200).optional(),
    endpointOrigins: z.array(EndpointOrigin).max(20).optional(),
    version: Version,
  })
  .strict();
export type UpdateFhirClientBody = z.infer<typeof UpdateFhirClientBody>;

export const DeactivateFhirClientBody = z.object({ version: Version }).strict();
export type DeactivateFhirClientBody = z.infer<typeof DeactivateFhirClientBody>;
