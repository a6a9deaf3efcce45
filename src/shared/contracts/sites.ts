import { z } from 'zod';
import { instrumentIds, type InstrumentId } from '../instruments';
import { followUpMonths } from '../pathway';
import { defaultTimeZone, isTimeZone } from '../time-zones';
import { Id, LocaleSchema, Version } from './common';

/** Failed attempts before a case may close as unreachable. */
const ContactAttempts = z.int().min(1).max(20);
/** Days a case may wait before the caseload flags it. */
const WaitingDays = z.int().min(1).max(90);
/** The IANA time zone the site works in ('America/Toronto'): its day and its appointments' times. */
export const SiteTimeZone = z.string().trim().max(64).refine(isTimeZone, 'time_zone');

/** When follow-up outcome measurements come due, which instruments, and who is reminded. */
export const MeasurementSchedule = z.object({
  followUpMonths: z
    .array(z.literal(followUpMonths))
    .max(followUpMonths.length)
    .refine((list) => new Set(list).size === list.length, 'duplicate'),
  instruments: z
    .array(z.enum(instrumentIds as [InstrumentId, ...InstrumentId[]]))
    .min(1)
    .refine((list) => new Set(list).size === list.length, 'duplicate'),
  remindPeople: z.boolean(),
});
export type MeasurementSchedule = z.infer<typeof MeasurementSchedule>;

export const Site = z.object({
  id: Id,
  organisationId: Id,
  organisationName: z.string(),
  name: z.string(),
  defaultLocale: LocaleSchema,
  twoFactorRequired: z.boolean(),
  /** Its staff sign in through the identity provider only (when single sign-on is set up). */
  ssoRequired: z.boolean(),
  maxContactAttempts: z.int(),
  waitingThresholdDays: z.int(),
  acceptsSelfReferrals: z.boolean(),
  measurementSchedule: MeasurementSchedule,
  timeZone: z.string(),
  version: z.int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Site = z.infer<typeof Site>;

export const SiteList = z.object({ items: z.array(Site) });
export type SiteList = z.infer<typeof SiteList>;

export const CreateSiteBody = z
  .object({
    organisationId: Id,
    name: z.string().trim().min(2).max(200),
    defaultLocale: LocaleSchema,
    twoFactorRequired: z.boolean().default(false),
    ssoRequired: z.boolean().default(false),
    maxContactAttempts: ContactAttempts.default(3),
    waitingThresholdDays: WaitingDays.default(5),
    acceptsSelfReferrals: z.boolean().default(true),
    timeZone: SiteTimeZone.default(defaultTimeZone),
  })
  .strict();
export type CreateSiteBody = z.infer<typeof CreateSiteBody>;
/** What a client sends: the settings with defaults may be left out. */
export type CreateSiteInput = z.input<typeof CreateSiteBody>;

export const UpdateSiteBody = z
  .object({
    name: z.string().trim().min(2).max(200).optional(),
    defaultLocale: LocaleSchema.optional(),
    twoFactorRequired: z.boolean().optional(),
    ssoRequired: z.boolean().optional(),
    maxContactAttempts: ContactAttempts.optional(),
    waitingThresholdDays: WaitingDays.optional(),
    acceptsSelfReferrals: z.boolean().optional(),
    measurementSchedule: MeasurementSchedule.optional(),
    timeZone: SiteTimeZone.optional(),
    version: Version,
  })
  .strict();
export type UpdateSiteBody = z.infer<typeof UpdateSiteBody>;
