import { z } from 'zod';
import { Id, Version } from './common';

/**
 * Named groupings of sites that reports may cover (a region, the francophone sites...),
 * fixed by administrators: the only way to see several sites together short of the whole
 * programme, so nobody can ask for "these sites but that one" to single a site out.
 */

const GroupingName = z.string().trim().min(2).max(120);
const GroupingSites = z
  .array(Id)
  .min(2)
  .max(500)
  .refine((ids) => new Set(ids).size === ids.length, 'duplicate');

export const ReportGrouping = z.object({
  id: Id,
  name: z.string(),
  siteIds: z.array(Id),
  sites: z.array(z.object({ id: Id, name: z.string() })),
  version: z.int(),
  updatedAt: z.iso.datetime(),
});
export type ReportGrouping = z.infer<typeof ReportGrouping>;

export const ReportGroupingList = z.object({ items: z.array(ReportGrouping) });
export type ReportGroupingList = z.infer<typeof ReportGroupingList>;

export const CreateReportGroupingBody = z
  .object({ name: GroupingName, siteIds: GroupingSites })
  .strict();
export type CreateReportGroupingBody = z.infer<typeof CreateReportGroupingBody>;

export const UpdateReportGroupingBody = z
  .object({ name: GroupingName.optional(), siteIds: GroupingSites.optional(), version: Version })
  .strict();
export type UpdateReportGroupingBody = z.infer<typeof UpdateReportGroupingBody>;
