import { z } from 'zod';
import { Id } from './common';
import { ReportCount } from './reports';

/**
 * The home page: the day's work of each role the caller holds, as counts that link to the
 * list (or, for a single item, the item) where the work is done. A count says nothing of a
 * person; what it points to is read, and authorized, by the page it links to.
 */
export const homeCountKeys = [
  // link worker
  'triage_new',
  'contacts_due',
  'follow_ups_due',
  'questionnaires_due',
  'partner_answers',
  'safeguarding_open',
  'appointments_today',
  // referrer
  'referrals_waiting',
  'referrals_active',
  'referrals_closed',
  'referrals_changed',
  // partner staff
  'connections_waiting',
  'connections_starting',
  'listings_to_confirm',
  // site manager
  'cases_unassigned',
  'cases_waiting_too_long',
  'site_safeguarding_open',
  // administrator
  'emails_failed',
  'accounts_locked',
  'directory_changes_pending',
] as const;
export type HomeCountKey = (typeof homeCountKeys)[number];

export const HomeCount = z.object({
  key: z.enum(homeCountKeys),
  count: z.number().int().min(0),
  /** Where the work is: the filtered list, or the item itself when there is one. */
  href: z.string(),
});
export type HomeCount = z.infer<typeof HomeCount>;

/** A link worker's open cases, for their site manager. */
export const HomeCaseloadLine = z.object({
  accountId: Id,
  displayName: z.string(),
  open: z.number().int().min(0),
  href: z.string(),
});
export type HomeCaseloadLine = z.infer<typeof HomeCaseloadLine>;

/** The year's headline figures, protected as every report figure is. */
export const HomeHeadline = z.object({
  period: z.string(),
  referred: ReportCount,
  connected: ReportCount,
  attended: ReportCount,
  /** Whole days; null when too few people were contacted to say. */
  medianDaysToFirstContact: z.number().nullable(),
  href: z.string(),
});
export type HomeHeadline = z.infer<typeof HomeHeadline>;

const Counts = z.object({ counts: z.array(HomeCount) });

export const HomeView = z.object({
  /** The caller's previous visit: "new" and "changed" count from then (null: first visit). */
  since: z.iso.datetime({ offset: true }).nullable(),
  linkWorker: Counts.nullable(),
  referrer: Counts.nullable(),
  partner: Counts.nullable(),
  siteManager: Counts.extend({ caseload: z.array(HomeCaseloadLine) }).nullable(),
  evaluator: z.object({ headline: HomeHeadline }).nullable(),
  administrator: Counts.nullable(),
});
export type HomeView = z.infer<typeof HomeView>;
