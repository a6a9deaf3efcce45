import { z } from 'zod';
import { Id, LocaleSchema } from './common';

/**
 * Evaluation reports (domain.md step 7, measures.md "Privacy in reports"). A report covers
 * one fixed period (a calendar month, quarter or year of referral) and one fixed scope (a
 * site, a grouping of sites an administrator defined, or the whole programme): no other
 * choice exists, so two reports never differ by a few days or a hand-picked site. Every
 * count that leaves the server is rounded and small ones hidden, for every role
 * (shared/statistics/disclosure.ts); each report says how, in `protection`.
 */

/** A calendar year (2026), quarter (2026-Q3) or month (2026-07) of referral, in UTC. */
export const ReportPeriod = z
  .string()
  .regex(/^(20[0-9]{2})(-Q[1-4]|-(0[1-9]|1[0-2]))?$/, 'period_invalid')
  .describe('A calendar year (2026), quarter (2026-Q3) or month (2026-07)');
export type ReportPeriod = z.infer<typeof ReportPeriod>;

/** The whole programme, one site, or one grouping of sites: nothing else. */
export const ReportScopeChoice = z
  .string()
  .regex(/^(programme|site:[0-9a-f-]{36}|grouping:[0-9a-f-]{36})$/i, 'scope_invalid')
  .describe('programme, site:<id> or grouping:<id>');
export type ReportScopeChoice = z.infer<typeof ReportScopeChoice>;

/**
 * What a report covers. Without a period: the current year. Without a scope: the whole
 * programme for evaluators and administrators, a site manager's first site for them.
 * Anything else (free dates, lists of sites) is refused.
 */
export const ReportQuery = z
  .object({ period: ReportPeriod.optional(), scope: ReportScopeChoice.optional() })
  .strict();
export type ReportQuery = z.infer<typeof ReportQuery>;

/**
 * Which date puts a person's outcome in a period: the referral's (as every other figure),
 * or the measurement's, the follow-up a pair ends at (a baseline no follow-up pairs with:
 * its own date). Either way each baseline counts in one period only.
 */
export const outcomeWindows = ['referral', 'measurement'] as const;
export const OutcomeWindow = z.enum(outcomeWindows);
export type OutcomeWindow = z.infer<typeof OutcomeWindow>;

/** The outcomes report: a report's choices, and the date its period is read by (default: referral). */
export const OutcomesQuery = z
  .object({
    period: ReportPeriod.optional(),
    scope: ReportScopeChoice.optional(),
    window: OutcomeWindow.optional(),
  })
  .strict();
export type OutcomesQuery = z.infer<typeof OutcomesQuery>;

/**
 * The programme report as a PDF: the page's choices, the outcomes' date among them, and
 * the language to write it in (the page's screen may not be in the account's language);
 * without one, the requester's.
 */
export const ProgrammeReportQuery = OutcomesQuery.extend({ language: LocaleSchema.optional() });
export type ProgrammeReportQuery = z.infer<typeof ProgrammeReportQuery>;

/** The research export: the same choices, and without a period every referral ever made. */
export const ReportExportQuery = ReportQuery;
export type ReportExportQuery = z.infer<typeof ReportExportQuery>;

/** How the figures of a report are protected: the rules of shared/statistics/disclosure.ts. */
export const ReportProtection = z.object({
  /** Every count, totals included, is rounded to a multiple of this. */
  roundTo: z.number().int(),
  /** Counts under this (0 included) are hidden. */
  hiddenBelow: z.number().int(),
  /** Outcome statistics need at least this many pairs. */
  pairsAtLeast: z.number().int(),
  /** Decimals of outcome means, spreads and changes. */
  decimals: z.number().int(),
});
export type ReportProtection = z.infer<typeof ReportProtection>;

/**
 * Why a count is not shown: 'small', fewer than `hiddenBelow` people (possibly none);
 * 'overlap', another report one could ask for shares people with this one but leaves out
 * only a few of them, so the two side by side would count those few.
 */
export const Suppression = z.enum(['small', 'overlap']).nullable();
export type Suppression = z.infer<typeof Suppression>;

/** A count rounded to `protection.roundTo`, or null when hidden. */
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
  /**
   * The row's people, where its cells share them out (equity tables); null elsewhere, as a
   * sum of connections, declines and attendances counts no one.
   */
  total: ReportCount.nullable(),
});
export type CountRow = z.infer<typeof CountRow>;

/**
 * A table of counts, already protected: each column's total, and a grand total where it
 * counts people (a single column, or an equity table); null where it would not.
 */
export const CountTable = z.object({
  columns: z.array(z.string()),
  rows: z.array(CountRow),
  columnTotals: z.array(ReportCount),
  grandTotal: ReportCount.nullable(),
});
export type CountTable = z.infer<typeof CountTable>;

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

/**
 * The cumulative pathway funnel, in order: each stage counts the referrals whose furthest
 * stage is that one or a later one, so no stage counts more than the one before it (a plan
 * agreed before the assessment was marked complete counts as assessed too). A discharge can
 * come at any stage: it is no step of the funnel, and the discharges table counts it.
 */
export const funnelStages = furthestStages;
export type FunnelStage = FurthestStage;

export const ageBands = ['under_18', '18_24', '25_44', '45_64', '65_79', '80_plus'] as const;
export type AgeBand = (typeof ageBands)[number];

const IsoDate = z.iso.date();

export const ReportScope = z.object({
  /** The period asked for (2026, 2026-Q3, 2026-07), and its first and last day. */
  period: ReportPeriod,
  from: IsoDate,
  to: IsoDate,
  kind: z.enum(['programme', 'site', 'grouping']),
  /** The site or grouping; null for the programme. */
  id: Id.nullable(),
  name: z.string().nullable(),
  /** The sites covered; null for the whole programme. */
  siteIds: z.array(Id).nullable(),
  /**
   * When the figures were computed: the reports read summaries that a recurring job brings
   * up to date (every minute by default); null before the first refresh.
   */
  asOf: z.iso.datetime().nullable(),
});
export type ReportScope = z.infer<typeof ReportScope>;

/** The scopes a caller may choose, for the scope picker. */
export const ReportScopes = z.object({
  programme: z.boolean(),
  sites: z.array(z.object({ id: Id, name: z.string() })),
  groupings: z.array(z.object({ id: Id, name: z.string(), siteIds: z.array(Id) })),
});
export type ReportScopes = z.infer<typeof ReportScopes>;

export const TimeToFirstContact = z.object({
  n: ReportCount,
  /** Whole days; null under 10 people contacted (the 90th centile: under 20). */
  medianDays: z.number().nullable(),
  p90Days: z.number().nullable(),
});
export type TimeToFirstContact = z.infer<typeof TimeToFirstContact>;

export const Dashboard = z.object({
  scope: ReportScope,
  protection: ReportProtection,
  /** What the caller may do besides reading: download the de-identified case export. */
  permissions: z.object({ export: z.boolean() }),
  /** One row: how many referrals reached each stage or a later one (funnelStages). */
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
  /**
   * Columns: cases, open. Labels are display names for site managers and administrators,
   * pseudonyms for evaluators. Link workers with fewer than 8 cases are added up in a row
   * "others", as are areas and partners: a row of its own would say someone is there.
   */
  caseload: CountTable,
  /** Rows: every group of a fixed list, or areas as caseload; columns: the furthest stage reached (furthestStages). */
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
  /** Shares of the shown n, from the shown counts; null when the count is hidden. */
  improvedShare: z.number().nullable(),
  sameShare: z.number().nullable(),
  worsenedShare: z.number().nullable(),
});
export type ChangeShareRow = z.infer<typeof ChangeShareRow>;

/**
 * Who had a baseline and who was followed up (complete cases: the change statistics use
 * only the pairs). Lost to follow-up: a baseline no follow-up pairs with, including people
 * still in support whose follow-up is not yet due. `comparison` sets the baseline scores
 * of those lost beside those who completed (Welch's t-test, lost minus completed), from
 * 10 people in each group, under the overlap rule; counts as any count.
 */
export const Attrition = z.object({
  baselines: ReportCount,
  pairs: ReportCount,
  lost: ReportCount,
  /** Lost of baselines, from the shown counts, two decimals; null when either is hidden. */
  lostShare: z.number().nullable(),
  comparison: z
    .object({
      lostMean: z.number(),
      lostSd: z.number().nullable(),
      completedMean: z.number(),
      completedSd: z.number().nullable(),
      /** Mean of the lost minus mean of the completed, with its 95% interval. */
      difference: z.number(),
      ci95: z.tuple([z.number(), z.number()]).nullable(),
      pValue: z.number().nullable(),
    })
    .nullable(),
});
export type Attrition = z.infer<typeof Attrition>;

export const InstrumentChange = z.object({
  instrumentId: z.string(),
  scale: z.string(),
  label: z.object({ fr: z.string(), en: z.string() }),
  direction: z.enum(['higher_is_better', 'lower_is_better']),
  /** The scale's possible scores, for charts. */
  range: z.object({ min: z.number(), max: z.number() }).nullable(),
  /**
   * True under 10 pairs, or when this group differs by 1 to 9 pairs from another group
   * sharing people with it (shared/statistics/disclosure.ts): every figure below is then
   * null. Otherwise n is rounded like a count and means, spreads and changes to one decimal.
   */
  suppressed: z.boolean(),
  n: z.number().int().nullable(),
  meanBefore: z.number().nullable(),
  sdBefore: z.number().nullable(),
  meanAfter: z.number().nullable(),
  sdAfter: z.number().nullable(),
  meanChange: z.number().nullable(),
  ci95: z.tuple([z.number(), z.number()]).nullable(),
  /** Without degrees of freedom or rank sums: those would give n exactly. */
  tTest: z.object({ t: z.number(), pValue: z.number() }).nullable(),
  wilcoxon: z
    .object({ pValue: z.number(), method: z.enum(['exact', 'normal_approximation']) })
    .nullable(),
  effectSize: z.object({ cohenDz: z.number().nullable(), wilcoxonR: z.number().nullable() }),
  shares: ChangeShareRow.nullable(),
  attrition: Attrition,
});
export type InstrumentChange = z.infer<typeof InstrumentChange>;

/**
 * One headline figure of the kind programmes publish ("49% less lonely"): the share of the
 * people with a pair whose change, by the instrument's own rule (`definition`, from
 * `source`), is an improvement, with its 95% Wilson interval. Computed from the true counts
 * and given in whole percent; null (`suppressed`) when the scale's statistics are, when
 * fewer than `hiddenBelow` people improved or did not, or by the overlap rule.
 */
export const HeadlineFigure = z.object({
  key: z.enum([
    'less_lonely',
    'better_mental_health',
    'more_wellbeing',
    'more_belonging',
    'more_active',
  ]),
  instrumentId: z.string(),
  scale: z.string(),
  /** What counts as the improvement, from the instrument's change rule. */
  definition: z.object({ fr: z.string(), en: z.string() }),
  /** Where the rule comes from, as the instrument's definition names it. */
  source: z.string(),
  suppressed: z.boolean(),
  /** Pairs, rounded like a count. */
  n: z.number().int().nullable(),
  /** The share improved, 0 to 1, to two decimals. */
  share: z.number().nullable(),
  ci95: z.tuple([z.number(), z.number()]).nullable(),
});
export type HeadlineFigure = z.infer<typeof HeadlineFigure>;

/**
 * One scale's change within one group: null figures (`suppressed`) under 10 pairs, by the
 * overlap rule, or when the group's hidden neighbours would otherwise add up to 1 to 9
 * pairs that the scale's total minus the shown groups would isolate.
 */
export const OutcomeGroupCell = z.object({
  instrumentId: z.string(),
  scale: z.string(),
  suppressed: z.boolean(),
  /** Pairs, rounded like a count. */
  n: z.number().int().nullable(),
  meanBefore: z.number().nullable(),
  meanAfter: z.number().nullable(),
  meanChange: z.number().nullable(),
  ci95: z.tuple([z.number(), z.number()]).nullable(),
});
export type OutcomeGroupCell = z.infer<typeof OutcomeGroupCell>;

/** The follow-up timepoints a change is also given at (report-expressions.ts, timepointPairs). */
export const followUpTimepoints = ['month_3', 'month_6', 'month_12', 'discharge'] as const;
export type FollowUpTimepoint = (typeof followUpTimepoints)[number];

export const OutcomesReport = z.object({
  scope: ReportScope,
  protection: ReportProtection,
  /** The date the period was read by. */
  window: OutcomeWindow,
  /**
   * Every scale of every instrument, in the instruments' order, whether or not anyone has
   * a pair. Pairs: the baseline and the latest follow-up of the same case, on one scale.
   */
  items: z.array(InstrumentChange),
  /** The headline shares, always these five in this order. */
  headlines: z.array(HeadlineFigure),
  /**
   * The change from baseline to each follow-up timepoint apart, its own pairs each (a
   * person measured at 3 and 6 months counts in both): every timepoint, in order, each with
   * a cell per scale in the order of `items`, protected as the groups' cells.
   */
  timepoints: z.array(
    z.object({ timepoint: z.enum(followUpTimepoints), cells: z.array(OutcomeGroupCell) }),
  ),
});
export type OutcomesReport = z.infer<typeof OutcomesReport>;

/** The groups the change on each scale can be broken down by (report-outcome-groups.ts). */
export const outcomeGroupDimensions = [
  'age_band',
  'sex',
  'language',
  'area',
  'reason',
  'site',
] as const;
export type OutcomeGroupDimension = (typeof outcomeGroupDimensions)[number];

export const OutcomeGroupsQuery = z
  .object({
    period: ReportPeriod.optional(),
    scope: ReportScopeChoice.optional(),
    window: OutcomeWindow.optional(),
    dimension: z.enum(outcomeGroupDimensions),
  })
  .strict();
export type OutcomeGroupsQuery = z.infer<typeof OutcomeGroupsQuery>;

export const OutcomeGroups = z.object({
  scope: ReportScope,
  protection: ReportProtection,
  dimension: z.enum(outcomeGroupDimensions),
  window: OutcomeWindow,
  /**
   * Every code of the dimension's fixed list (age bands and 'unknown', sexes, fr, en and
   * 'other', referral reasons, the scope's sites), whatever the data; areas with 10 pairs
   * on some scale, the rest added up in 'others', always there. A referral giving several
   * reasons counts in each. Cells in the order of the outcomes report's items.
   */
  groups: z.array(
    z.object({ key: z.string(), label: z.string().nullable(), cells: z.array(OutcomeGroupCell) }),
  ),
});
export type OutcomeGroups = z.infer<typeof OutcomeGroups>;
