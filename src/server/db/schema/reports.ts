// Written by features/reports.
import {
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { sites } from './accounts';
import { timestamps, version } from './columns';

/*
 * Evaluation report summaries (features/reports/report-summaries*.ts): narrow copies of what
 * the reports count, kept current by the 'reports.refresh' job, so that the dashboard and
 * the instrument change add up a few thousand monthly rows instead of joining a million
 * cases to their contacts, plans, connections and scores on every request. Nothing here is
 * a source of truth: a full rebuild recreates every row from the pathway tables.
 */

/** Cases whose summaries are out of date, queued by triggers on the tables the reports read. */
export const reportDirtyCases = pgTable('report_dirty_cases', {
  caseId: uuid('case_id').primaryKey(),
});

/** One row: when the summaries were last brought up to date ("as of" on the reports). */
export const reportRefreshState = pgTable('report_refresh_state', {
  id: integer('id').primaryKey().default(1),
  refreshedAt: timestamp('refreshed_at', { withTimezone: true }),
});

/** One narrow row per case: its site, referral month and date, groups and pathway flags. */
export const reportCaseFacts = pgTable(
  'report_case_facts',
  {
    caseId: uuid('case_id').primaryKey(),
    siteId: uuid('site_id').notNull(),
    referredAt: timestamp('referred_at', { withTimezone: true }).notNull(),
    /** First day of the referral's month, in UTC. */
    month: date('month').notNull(),
    source: text('source').notNull(),
    urgency: text('urgency').notNull(),
    reasons: text('reasons').array().notNull(),
    status: text('status').notNull(),
    assignedTo: uuid('assigned_to'),
    /** A code of the fixed list or 'other'; null unless discharged. */
    closureReason: text('closure_reason'),
    contacted: boolean('contacted').notNull(),
    accepted: boolean('accepted').notNull(),
    assessed: boolean('assessed').notNull(),
    planned: boolean('planned').notNull(),
    connected: boolean('connected').notNull(),
    attended: boolean('attended').notNull(),
    discharged: boolean('discharged').notNull(),
    open: boolean('open').notNull(),
    daysToFirstContact: doublePrecision('days_to_first_contact'),
    ageBand: text('age_band'),
    sex: text('sex').notNull(),
    language: text('language'),
    area: text('area').notNull(),
  },
  (t) => [index('report_case_facts_site_month_idx').on(t.siteId, t.month)],
);

/** One row per connection: what the partner and category counts need. */
export const reportConnectionFacts = pgTable(
  'report_connection_facts',
  {
    connectionId: uuid('connection_id').primaryKey(),
    caseId: uuid('case_id').notNull(),
    siteId: uuid('site_id').notNull(),
    referredAt: timestamp('referred_at', { withTimezone: true }).notNull(),
    month: date('month').notNull(),
    /** The category is looked up at read time, so a re-categorised service needs no refresh. */
    serviceId: text('service_id'),
    partner: text('partner').notNull(),
    declineReason: text('decline_reason'),
    declined: boolean('declined').notNull(),
    attended: boolean('attended').notNull(),
  },
  (t) => [
    index('report_connection_facts_case_idx').on(t.caseId),
    index('report_connection_facts_site_month_idx').on(t.siteId, t.month),
  ],
);

/**
 * Per case, instrument and scale with a baseline: its score and the score of the follow-up
 * the pairing rule chose (report-expressions.ts, outcomePairs), null when none (timepoint
 * 'latest'); and one row per follow-up timepoint with a score paired with that baseline
 * (timepointPairs: 'month_3', 'month_6', 'month_12', 'discharge').
 */
export const reportOutcomePairs = pgTable(
  'report_outcome_pairs',
  {
    caseId: uuid('case_id').notNull(),
    instrumentId: text('instrument_id').notNull(),
    scale: text('scale').notNull(),
    /** 'latest' (the pairing rule) or the follow-up timepoint the pair ends at. */
    timepoint: text('timepoint').notNull(),
    siteId: uuid('site_id').notNull(),
    referredAt: timestamp('referred_at', { withTimezone: true }).notNull(),
    month: date('month').notNull(),
    /** Month of the pair's follow-up, or of the baseline when none: windows by measurement date. */
    measuredMonth: date('measured_month').notNull(),
    before: doublePrecision('before').notNull(),
    /** Null: a baseline no follow-up pairs with (lost to follow-up, for attrition). */
    after: doublePrecision('after'),
  },
  (t) => [
    primaryKey({ columns: [t.caseId, t.instrumentId, t.scale, t.timepoint] }),
    index('report_outcome_pairs_site_month_idx').on(t.siteId, t.month),
  ],
);

/**
 * Case counts per site, referral month, dimension and key (dimension 'all' has a null key):
 * the dashboard sums the months inside its date range and counts the facts of the months it
 * cuts through.
 */
export const reportMonthCases = pgTable(
  'report_month_cases',
  {
    siteId: uuid('site_id').notNull(),
    month: date('month').notNull(),
    dimension: text('dimension').notNull(),
    key: text('key'),
    referred: integer('referred').notNull(),
    contacted: integer('contacted').notNull(),
    accepted: integer('accepted').notNull(),
    assessed: integer('assessed').notNull(),
    planned: integer('planned').notNull(),
    connected: integer('connected').notNull(),
    attended: integer('attended').notNull(),
    discharged: integer('discharged').notNull(),
    open: integer('open').notNull(),
    onlyReferred: integer('only_referred').notNull(),
    onlyContacted: integer('only_contacted').notNull(),
    onlyAccepted: integer('only_accepted').notNull(),
    onlyAssessed: integer('only_assessed').notNull(),
    onlyPlanned: integer('only_planned').notNull(),
    onlyConnected: integer('only_connected').notNull(),
    onlyAttended: integer('only_attended').notNull(),
  },
  (t) => [index('report_month_cases_site_month_idx').on(t.siteId, t.month)],
);

/** Connection counts per site, referral month, service, partner and decline reason. */
export const reportMonthConnections = pgTable(
  'report_month_connections',
  {
    siteId: uuid('site_id').notNull(),
    month: date('month').notNull(),
    serviceId: text('service_id'),
    partner: text('partner').notNull(),
    declineReason: text('decline_reason'),
    connections: integer('connections').notNull(),
    declined: integer('declined').notNull(),
    attended: integer('attended').notNull(),
  },
  (t) => [index('report_month_connections_site_month_idx').on(t.siteId, t.month)],
);

/**
 * How many cases of a site, referral month and measurement month (report_outcome_pairs)
 * went from one score to another on a scale, per pairing ('latest' or a timepoint).
 */
export const reportMonthOutcomes = pgTable(
  'report_month_outcomes',
  {
    siteId: uuid('site_id').notNull(),
    month: date('month').notNull(),
    measuredMonth: date('measured_month').notNull(),
    timepoint: text('timepoint').notNull(),
    instrumentId: text('instrument_id').notNull(),
    scale: text('scale').notNull(),
    before: doublePrecision('before').notNull(),
    /** Null: a baseline no follow-up pairs with (lost to follow-up, for attrition). */
    after: doublePrecision('after'),
    count: integer('count').notNull(),
  },
  (t) => [
    index('report_month_outcomes_site_month_idx').on(t.siteId, t.month),
    index('report_month_outcomes_site_measured_idx').on(t.siteId, t.measuredMonth),
  ],
);

/**
 * Named groupings of sites that reports may cover, fixed by administrators
 * (features/reports, report-groupings-*.ts): with single sites and the whole programme, the
 * only scopes a report takes.
 */
export const reportGroupings = pgTable('report_groupings', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull().unique(),
  ...version,
  ...timestamps,
});

export const reportGroupingSites = pgTable(
  'report_grouping_sites',
  {
    groupingId: uuid('grouping_id')
      .notNull()
      .references(() => reportGroupings.id, { onDelete: 'cascade' }),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id),
  },
  (t) => [primaryKey({ columns: [t.groupingId, t.siteId] })],
);

/**
 * Contacted cases per site, referral month and whole days from referral to first contact
 * (as the research export gives them): the dashboard's median and 90th centile, exact,
 * from a few rows per month instead of one per case.
 */
export const reportMonthFirstContacts = pgTable(
  'report_month_first_contacts',
  {
    siteId: uuid('site_id').notNull(),
    month: date('month').notNull(),
    days: integer('days').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [index('report_month_first_contacts_site_month_idx').on(t.siteId, t.month)],
);

/**
 * The outcome figures the overlap rule compares (disclosure.ts), per site, referral month and
 * measurement month (a unit): for each scale its baselines, lost, pairs, improved and
 * not_improved, and its pairs at each follow-up timepoint (`pairs@<timepoint>`). Summed from
 * report_month_outcomes, so a report compares a few figures per unit, not every score pair.
 */
export const reportMonthOutcomeFigures = pgTable(
  'report_month_outcome_figures',
  {
    siteId: uuid('site_id').notNull(),
    month: date('month').notNull(),
    measuredMonth: date('measured_month').notNull(),
    instrumentId: text('instrument_id').notNull(),
    scale: text('scale').notNull(),
    figure: text('figure').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [
    index('report_month_outcome_figures_site_month_idx').on(t.siteId, t.month),
    index('report_month_outcome_figures_site_measured_idx').on(t.siteId, t.measuredMonth),
  ],
);

/**
 * The change on each scale by group (age band, sex, language, area, referral reason, site)
 * per site, referral month and measurement month: the pairs of the pairing rule as the sums
 * a mean change and its interval need (shared/statistics/paired.ts, changeOfMoments).
 */
export const reportMonthOutcomeGroups = pgTable(
  'report_month_outcome_groups',
  {
    siteId: uuid('site_id').notNull(),
    month: date('month').notNull(),
    measuredMonth: date('measured_month').notNull(),
    dimension: text('dimension').notNull(),
    /** Null where the case has none (an area without a postal code). */
    key: text('key'),
    instrumentId: text('instrument_id').notNull(),
    scale: text('scale').notNull(),
    pairs: integer('pairs').notNull(),
    sumBefore: doublePrecision('sum_before').notNull(),
    sumChange: doublePrecision('sum_change').notNull(),
    sumChangeSquared: doublePrecision('sum_change_squared').notNull(),
  },
  (t) => [
    index('report_month_outcome_groups_month_idx').on(t.dimension, t.siteId, t.month),
    index('report_month_outcome_groups_measured_idx').on(t.dimension, t.siteId, t.measuredMonth),
  ],
);

/**
 * The gap map's demand per site, referral month and coarse area: referrals ('reason' kind,
 * key 'referred'), cases per referral reason (coded, a case once per code) and per "what
 * matters" need assessed as some or high need ('need' kind).
 */
export const reportMonthGapDemand = pgTable(
  'report_month_gap_demand',
  {
    siteId: uuid('site_id').notNull(),
    month: date('month').notNull(),
    area: text('area'),
    kind: text('kind', { enum: ['reason', 'need'] }).notNull(),
    key: text('key').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [index('report_month_gap_demand_month_idx').on(t.month)],
);

/**
 * Connections a partner declined or the person stopped, per site, referral month, status,
 * coded reason, service and the case's coded referral reasons: the gap map's endings (the
 * service's categories are looked up when read, as report_month_connections).
 */
export const reportMonthGapEndings = pgTable(
  'report_month_gap_endings',
  {
    siteId: uuid('site_id').notNull(),
    month: date('month').notNull(),
    status: text('status', { enum: ['declined', 'stopped'] }).notNull(),
    reason: text('reason').notNull(),
    serviceId: text('service_id'),
    reasons: text('reasons').array().notNull(),
    count: integer('count').notNull(),
  },
  (t) => [index('report_month_gap_endings_month_idx').on(t.month)],
);
