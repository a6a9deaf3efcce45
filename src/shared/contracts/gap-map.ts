import { z } from 'zod';
import {
  CountTable,
  ReportPeriod,
  ReportProtection,
  ReportScope,
  ReportScopeChoice,
} from './reports';

/**
 * The gap map (reports): where people are referred from for a need, against the directory's
 * services for that need near there. Demand is counted like every report figure (rounded,
 * small counts hidden, the overlap rule); supply is the public directory, shown as it is.
 */

/** How far from an area's reference point a service counts as near, in km: a fixed list. */
export const gapDistances = ['5', '10', '25', '50'] as const;
export type GapDistance = (typeof gapDistances)[number];
export const defaultGapDistance: GapDistance = '10';

export const GapMapQuery = z
  .object({
    period: ReportPeriod.optional(),
    scope: ReportScopeChoice.optional(),
    distance: z.enum(gapDistances).optional(),
  })
  .strict();
export type GapMapQuery = z.infer<typeof GapMapQuery>;

/** A need as the map reads it: a referral reason, or a "what matters" need domain. */
export const gapNeedKinds = ['reason', 'need'] as const;
export type GapNeedKind = (typeof gapNeedKinds)[number];

/** The directory's services for one need near one area, by how they take referrals. */
export const GapSupply = z.object({
  kind: z.enum(gapNeedKinds),
  /** The referral reason or need domain code. */
  need: z.string(),
  /** The categories (directory-categories.ts) that answer it (need-categories.ts). */
  categories: z.array(z.string()),
  open: z.number().int(),
  waitlist: z.number().int(),
  full: z.number().int(),
  /** Languages (ISO 639-1, lower case) the open services are offered in. */
  openLanguages: z.array(z.string()),
});
export type GapSupply = z.infer<typeof GapSupply>;

/** Why a gap is flagged: nothing of the need nearby at all, or only full or waitlisted services. */
export const gapWhy = ['no_service', 'none_open'] as const;
export type GapWhy = (typeof gapWhy)[number];

export const GapFlag = z.object({
  area: z.string(),
  kind: z.enum(gapNeedKinds),
  need: z.string(),
  /** The demand figure as shown (never flagged when that figure is hidden). */
  demand: z.number().int(),
  why: z.enum(gapWhy),
  waitlist: z.number().int(),
  full: z.number().int(),
});
export type GapFlag = z.infer<typeof GapFlag>;

export const GapArea = z.object({
  /** A forward sortation area (K6H), a French département (75), or 'others' (small areas added up). */
  key: z.string(),
  /** Its reference point: the mean of the directory's located addresses in it; null when none. */
  position: z.object({ lat: z.number(), lon: z.number() }).nullable(),
  supply: z.array(GapSupply),
});
export type GapArea = z.infer<typeof GapArea>;

export const GapMap = z.object({
  scope: ReportScope,
  protection: ReportProtection,
  distanceKm: z.number().int(),
  /** Rows: areas ('others' last); columns: 'referred', then each referral reason. */
  demandByReason: CountTable,
  /** Rows: areas; columns: each "what matters" need domain (assessed as some or high need). */
  demandByNeed: CountTable,
  /**
   * Rows: referral reasons; columns: people whose connection to a service answering that
   * reason the partner declined, or which they stopped.
   */
  endingsByReason: CountTable,
  /** Rows: the partner's reasons for declining and the person's for stopping; one column. */
  endingReasons: CountTable,
  areas: z.array(GapArea),
  gaps: z.array(GapFlag),
});
export type GapMap = z.infer<typeof GapMap>;
