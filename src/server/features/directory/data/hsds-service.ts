import { z } from 'zod';

/**
 * The part of an HSDS 3.1 nested service that the demo and synthetic directories fill in.
 * Objects are loose so that any other HSDS field survives parsing; the HSDS definitions
 * (features/directory/hsds), not these, are the authority on validity (see the tests).
 */
const Uuid = z.uuid();

export const HsdsLanguage = z.looseObject({
  id: Uuid,
  name: z.string().optional(),
  code: z.string().optional(),
  note: z.string().optional(),
});
export type HsdsLanguage = z.infer<typeof HsdsLanguage>;

export const HsdsPhone = z.looseObject({
  id: Uuid,
  number: z.string(),
  type: z.string().optional(),
  description: z.string().optional(),
  languages: z.array(HsdsLanguage).optional(),
});
export type HsdsPhone = z.infer<typeof HsdsPhone>;

export const HsdsSchedule = z.looseObject({
  id: Uuid,
  freq: z.enum(['WEEKLY', 'MONTHLY']).optional(),
  interval: z.number().optional(),
  wkst: z.enum(['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU']).optional(),
  byday: z.string().optional(),
  opens_at: z.string().optional(),
  closes_at: z.string().optional(),
  valid_from: z.string().optional(),
  valid_to: z.string().optional(),
  description: z.string().optional(),
});
export type HsdsSchedule = z.infer<typeof HsdsSchedule>;

export const HsdsAddress = z.looseObject({
  id: Uuid,
  address_1: z.string(),
  address_2: z.string().optional(),
  city: z.string(),
  region: z.string().optional(),
  state_province: z.string(),
  postal_code: z.string(),
  country: z.string(),
  address_type: z.enum(['physical', 'postal', 'virtual']),
});
export type HsdsAddress = z.infer<typeof HsdsAddress>;

export const HsdsAccessibility = z.looseObject({
  id: Uuid,
  description: z.string().optional(),
  details: z.string().optional(),
});
export type HsdsAccessibility = z.infer<typeof HsdsAccessibility>;

export const HsdsLocation = z.looseObject({
  id: Uuid,
  location_type: z.enum(['physical', 'postal', 'virtual']),
  name: z.string().optional(),
  description: z.string().optional(),
  url: z.string().optional(),
  latitude: z.number().min(-90).max(90).optional(),
  longitude: z.number().min(-180).max(180).optional(),
  addresses: z.array(HsdsAddress).optional(),
  accessibility: z.array(HsdsAccessibility).optional(),
});
export type HsdsLocation = z.infer<typeof HsdsLocation>;

export const HsdsServiceAtLocation = z.looseObject({
  id: Uuid,
  description: z.string().optional(),
  location: HsdsLocation.optional(),
});
export type HsdsServiceAtLocation = z.infer<typeof HsdsServiceAtLocation>;

export const HsdsOrganization = z.looseObject({
  id: Uuid,
  name: z.string(),
  description: z.string(),
  email: z.string().optional(),
  website: z.string().optional(),
  phones: z.array(HsdsPhone).optional(),
});
export type HsdsOrganization = z.infer<typeof HsdsOrganization>;

export const HsdsCostOption = z.looseObject({
  id: Uuid,
  option: z.string().optional(),
  currency: z.string().optional(),
  amount: z.number().optional(),
  amount_description: z.string().optional(),
});
export type HsdsCostOption = z.infer<typeof HsdsCostOption>;

export const HsdsCapacity = z.looseObject({
  id: Uuid,
  unit: z.looseObject({
    id: Uuid,
    name: z.string(),
    scheme: z.string().optional(),
    identifier: z.string().optional(),
  }),
  available: z.number(),
  maximum: z.number().optional(),
  description: z.string().optional(),
  updated: z.string(),
});
export type HsdsCapacity = z.infer<typeof HsdsCapacity>;

export const HsdsTaxonomyTerm = z.looseObject({
  id: Uuid,
  code: z.string().optional(),
  name: z.string(),
  description: z.string(),
  taxonomy: z.string().optional(),
  taxonomy_id: Uuid.optional(),
  term_uri: z.string().optional(),
  language: z.string().optional(),
});
export type HsdsTaxonomyTerm = z.infer<typeof HsdsTaxonomyTerm>;

export const HsdsAttribute = z.looseObject({
  id: Uuid,
  link_id: Uuid.optional(),
  link_type: z.string().optional(),
  link_entity: z.string().optional(),
  taxonomy_term_id: Uuid.optional(),
  value: z.string().optional(),
  label: z.string().optional(),
  taxonomy_term: HsdsTaxonomyTerm.optional(),
});
export type HsdsAttribute = z.infer<typeof HsdsAttribute>;

export const HsdsService = z.looseObject({
  id: Uuid,
  name: z.string(),
  description: z.string().optional(),
  status: z.enum(['active', 'inactive', 'defunct', 'temporarily closed']),
  url: z.string().optional(),
  email: z.string().optional(),
  application_process: z.string().optional(),
  fees_description: z.string().optional(),
  eligibility_description: z.string().optional(),
  minimum_age: z.number().optional(),
  maximum_age: z.number().optional(),
  assured_date: z.string().optional(),
  last_modified: z.string().optional(),
  phones: z.array(HsdsPhone).optional(),
  schedules: z.array(HsdsSchedule).optional(),
  service_at_locations: z.array(HsdsServiceAtLocation).optional(),
  languages: z.array(HsdsLanguage).optional(),
  organization: HsdsOrganization.optional(),
  cost_options: z.array(HsdsCostOption).optional(),
  capacities: z.array(HsdsCapacity).optional(),
  attributes: z.array(HsdsAttribute).optional(),
});
export type HsdsService = z.infer<typeof HsdsService>;

export const ListingLanguage = z.enum(['fr', 'en']);
export type ListingLanguage = z.infer<typeof ListingLanguage>;

export const ServiceText = z.object({ name: z.string().min(1), description: z.string().min(1) });
export type ServiceText = z.infer<typeof ServiceText>;

/** Name and description per language; a language is absent when the listing was not written in it. */
export const ServiceTranslations = z.object({
  fr: ServiceText.optional(),
  en: ServiceText.optional(),
});
export type ServiceTranslations = z.infer<typeof ServiceTranslations>;

export const ReferralStatus = z.enum(['open', 'waitlist', 'full']);
export type ReferralStatus = z.infer<typeof ReferralStatus>;
