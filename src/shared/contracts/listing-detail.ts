import { z } from 'zod';
import { categoryKeys } from '../directory-categories';

/*
 * One directory listing as a link worker reads it before connecting someone: what it is,
 * where and when, who to call, what it costs, who it is for and whether it has room.
 * Text is in the caller's language when the listing has it; `lang` says which language each
 * free text is in, so screen readers pronounce it well.
 */

const Lang = z.enum(['fr', 'en']).nullable();

export const ListingDetailPlace = z.object({
  name: z.string().nullable(),
  /** The address in one line per part, as a letter would carry it. */
  address: z
    .object({
      line: z.string(),
      city: z.string(),
      stateProvince: z.string(),
      postalCode: z.string(),
    })
    .nullable(),
  location: z.object({ lat: z.number(), lon: z.number() }).nullable(),
  accessibility: z.array(z.string()),
});
export type ListingDetailPlace = z.infer<typeof ListingDetailPlace>;

export const ListingDetailSchedule = z.object({
  /** iCalendar BYDAY ("TU,SA", "1SA"); null when the schedule gives no days. */
  byday: z.string().nullable(),
  opensAt: z.string().nullable(),
  closesAt: z.string().nullable(),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
  description: z.string().nullable(),
});
export type ListingDetailSchedule = z.infer<typeof ListingDetailSchedule>;

export const ListingDetail = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  /** The language of the name and description. */
  lang: Lang,
  /** The language of the listing's other free text (fees, schedules, accessibility...). */
  sourceLanguage: Lang,
  organizationName: z.string(),
  categories: z.array(z.enum(categoryKeys)),
  url: z.string().nullable(),
  email: z.string().nullable(),
  phones: z.array(z.object({ number: z.string(), languages: z.array(z.string()) })),
  places: z.array(ListingDetailPlace),
  schedules: z.array(ListingDetailSchedule),
  costs: z.array(
    z.object({
      option: z.string().nullable(),
      amount: z.number().nullable(),
      currency: z.string().nullable(),
    }),
  ),
  feesDescription: z.string().nullable(),
  /** ISO 639 codes of the languages the activity is offered in. */
  languages: z.array(z.string()),
  eligibility: z.string().nullable(),
  applicationProcess: z.string().nullable(),
  minimumAge: z.number().nullable(),
  maximumAge: z.number().nullable(),
  capacities: z.array(
    z.object({
      available: z.number().nullable(),
      maximum: z.number().nullable(),
      unit: z.string().nullable(),
      description: z.string().nullable(),
    }),
  ),
  referralStatus: z.enum(['open', 'waitlist', 'full']),
  possiblyStale: z.boolean(),
  /** When a partner last said the listing is right; else when it last changed. */
  lastConfirmedAt: z.iso.datetime().nullable(),
  lastModified: z.iso.datetime().nullable(),
});
export type ListingDetail = z.infer<typeof ListingDetail>;

export const ListingDetailParams = z.object({ serviceId: z.string().trim().min(1).max(200) });
export type ListingDetailParams = z.infer<typeof ListingDetailParams>;

/** Sends a listing's details to the case's person, in their language. */
export const EmailListingBody = z.object({ serviceId: z.string().trim().min(1).max(200) }).strict();
export type EmailListingBody = z.infer<typeof EmailListingBody>;

export const EmailListingResult = z.object({ emailId: z.string(), to: z.string() });
export type EmailListingResult = z.infer<typeof EmailListingResult>;
