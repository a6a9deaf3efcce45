import { z } from 'zod';
import { Id, LocaleSchema, Version } from './common';

export const Site = z.object({
  id: Id,
  organisationId: Id,
  organisationName: z.string(),
  name: z.string(),
  defaultLocale: LocaleSchema,
  twoFactorRequired: z.boolean(),
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
  })
  .strict();
export type CreateSiteBody = z.infer<typeof CreateSiteBody>;

export const UpdateSiteBody = z
  .object({
    name: z.string().trim().min(2).max(200).optional(),
    defaultLocale: LocaleSchema.optional(),
    twoFactorRequired: z.boolean().optional(),
    version: Version,
  })
  .strict();
export type UpdateSiteBody = z.infer<typeof UpdateSiteBody>;
