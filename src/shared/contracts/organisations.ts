import { z } from 'zod';
import { organisationKinds } from '../roles';
import { Id, Version } from './common';

export const OrganisationKindSchema = z.enum(organisationKinds);

export const Organisation = z.object({
  id: Id,
  name: z.string(),
  kind: OrganisationKindSchema,
  version: z.int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Organisation = z.infer<typeof Organisation>;

export const OrganisationList = z.object({ items: z.array(Organisation) });
export type OrganisationList = z.infer<typeof OrganisationList>;

export const CreateOrganisationBody = z
  .object({ name: z.string().trim().min(2).max(200), kind: OrganisationKindSchema })
  .strict();
export type CreateOrganisationBody = z.infer<typeof CreateOrganisationBody>;

export const UpdateOrganisationBody = CreateOrganisationBody.partial()
  .extend({ version: Version })
  .strict();
export type UpdateOrganisationBody = z.infer<typeof UpdateOrganisationBody>;
