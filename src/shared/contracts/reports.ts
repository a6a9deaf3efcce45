import { z } from 'zod';
import { Id } from './common';

/**
 * Evaluation reports (domain.md step 7, measures.md "Privacy in reports"). Every count that
 * leaves the server has been through small-cell suppression, for every role: a hidden cell
 * has a null value and says why (primary: under 5 people; secondary: hidden so that a small
 * cell cannot be worked out by subtraction).
 */

const IsoDate = z.iso.date();

/** Comma-separated site ids in a query string; absent or empty means every site the caller may see. */
const SiteIdList = z
  .string()
  .max(4000)
  .optional()
  .transform((value) =>
    value
      ? value
          .split(',')
          .map((part) => part.trim())
          .filter((part) => part !== '')
      : [],
  )
  .pipe(z.array(Id).max(100));

export const ReportQuery = z
  .object({ siteIds: SiteIdList, from: IsoDate.optional(), to: IsoDate.optional() })
  .refine((query) => !query.from || !query.to || query.from <= query.to, {
    path: ['to'],
    message: 'date_range_reversed',
  });
export type ReportQuery = z.infer<typeof ReportQuery>;

export const Suppression = z.enum(['primary', 'secondary']).nullable();
export type Suppression = z.infer<typeof Suppression>;

export const ReportCount = z.object({
  value: z.number().int().nullable(),
  suppression: Suppression,
});
export type ReportCount = z.infer<typeof ReportCount>;

export const CountRow = z.object({
  /** A stable code (source, reason, month, stage...) or an id. */
  key: z.string(),
  /** A display label the server knows (site, partner, link worker); codes are labelled by the web app. */
  label: z.string().nullable(),
  cells: z.array(ReportCount),
  total: ReportCount,
});
export type CountRow = z.infer<typeof CountRow>;

/** A table of counts with its row and column totals, already suppressed. */
export const CountTable = z.object({
  columns: z.array(z.string()),
  rows: z.array(CountRow),
  columnTotals: z.array(ReportCount),
  grandTotal: ReportCount,
});
export type CountTable = z.infer<typeof CountTable>;

/** The cumulative pathway funnel, in order. */
export const funnelStages = [
  'referred',
  'contacted',
  'accepted',
  'assessed',
  'planned',
  'connected',
  'attended',
  'discharged',
] as const;
export type FunnelStage = (typeof funnelStages)[number];

/** The furthest stage each referral reached: these add up to the referrals, so equity tables are additive. */
export const furthestStages = [
  'referred',
  'contacted',
  'accepted',
  'assessed',
  'planned',
  'connected',
  'attended',
] as const;
export type FurthestStage = (typeof furthestStages)[number];

export const ageBands = ['under_18', '18_24', '25_44', '45_64', '65_79', '80_plus'] as const;
export type AgeBand = (typeof ageBands)[number];

export const ReportScope = z.object({
  /** Null when the report covers the whole programme. */
  siteIds: z.array(Id).nullable(),
  from: IsoDate.nullable(),
  to: IsoDate.nullable(),
  /**
   * When the figures were computed: the reports read summaries that a recurring job brings
   * up to date (every minute by default); null before the first refresh.
   */
  asOf: z.iso.datetime().nullable(),
});
export type ReportScope = z.infer<typeof ReportScope>;

export const TimeToFirstContact = z.object({
  n: ReportCount,
  /** Null when fewer than 5 people were contacted. */
  medianDays: z.number().nullable(),
  p90Days: z.number().nullable(),
});
export type TimeToFirstContact = z.infer<typeof TimeToFirstContact>;

export const Dashboard = z.object({
  scope: ReportScope,
  /** What the caller may do besides reading: download the de-identified case export. */
  permissions: z.object({ export: z.boolean() }),
  /** One row: how many referrals reached each stage (cumulative). */
  funnel: CountTable,
  timeToFirstContact: TimeToFirstContact,
  referralsBySource: CountTable,
  /** A referral may give several reasons: reasons do not add up to the referrals. */
  referralsByReason: CountTable,
  referralsBySite: CountTable,
  referralsByMonth: CountTable,
  /** Columns: connections, attended. */
  connectionsByCategory: CountTable,
  /** Columns: connections, declined, attended. */
  connectionsByPartner: CountTable,
  partnerDeclines: CountTable,
  dischargeReasons: CountTable,
  /** Columns: cases, open. Labels are display names for site managers and administrators, pseudonyms for evaluators. */
  caseload: CountTable,
  /** Rows: each group; columns: the furthest stage reached (furthestStages). */
  equity: z.object({
    ageBand: CountTable,
    sex: CountTable,
    language: CountTable,
    area: CountTable,
  }),
});
export type Dashboard = z.infer<typeof Dashboard>;

export const ChangeShareRow = z.object({
  improved: ReportCount,
  same: ReportCount,
  worsened: ReportCount,
  /** Shares of n, null when the count is hidden. */
  improvedShare: z.number().nullable(),
  sameShare: z.number().nullable(),
  worsenedShare: z.number().nullable(),
});
export type ChangeShareRow = z.infer<typeof ChangeShareRow>;

export const InstrumentChange = z.object({
  instrumentId: z.string(),
  scale: z.string(),
  label: z.object({ fr: z.string(), en: z.string() }),
  direction: z.enum(['higher_is_better', 'lower_is_better']),
  /** The scale's possible scores, for charts. */
  range: z.object({ min: z.number(), max: z.number() }).nullable(),
  /** True when n is under 5: every figure below is then null. */
  suppressed: z.boolean(),
  n: z.number().int().nullable(),
  meanBefore: z.number().nullable(),
  sdBefore: z.number().nullable(),
  meanAfter: z.number().nullable(),
  sdAfter: z.number().nullable(),
  meanChange: z.number().nullable(),
  ci95: z.tuple([z.number(), z.number()]).nullable(),
  tTest: z.object({ t: z.number(), df: z.number(), pValue: z.number() }).nullable(),
  wilcoxon: z
    .object({
      v: z.number(),
      pValue: z.number(),
      method: z.enum(['exact', 'normal_approximation']),
    })
    .nullable(),
  effectSize: z.object({ cohenDz: z.number().nullable(), wilcoxonR: z.number().nullable() }),
  shares: ChangeShareRow.nullable(),
});
export type InstrumentChange = z.infer<typeof InstrumentChange>;

export const OutcomesReport = z.object({
  scope: ReportScope,
  /** Pairs: the baseline and the latest follow-up of the same case, on one scale. */
  items: z.array(InstrumentChange),
});
export type OutcomesReport = z.infer<typeof OutcomesReport>;
