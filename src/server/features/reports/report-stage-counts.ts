import { type SQL, sql } from 'drizzle-orm';

/**
 * The funnel's counts over rows of case facts (contacted, accepted, ... as booleans): how
 * many reached each stage, and how many stopped at it. `open` says which cases are open, as
 * the live tables and the summaries store that differently. Both report paths count with
 * this one definition, so they cannot drift apart.
 */
export function stageCounts(open: SQL): SQL {
  return sql`count(*)::int as referred,
      count(*) filter (where contacted)::int as contacted,
      count(*) filter (where accepted)::int as accepted,
      count(*) filter (where assessed)::int as assessed,
      count(*) filter (where planned)::int as planned,
      count(*) filter (where connected)::int as connected,
      count(*) filter (where attended)::int as attended,
      count(*) filter (where discharged)::int as discharged,
      count(*) filter (where ${open})::int as open,
      count(*) filter (where not contacted and not accepted and not assessed and not planned
        and not connected and not attended)::int as only_referred,
      count(*) filter (where contacted and not accepted and not assessed and not planned
        and not connected and not attended)::int as only_contacted,
      count(*) filter (where accepted and not assessed and not planned and not connected
        and not attended)::int as only_accepted,
      count(*) filter (where assessed and not planned and not connected and not attended)::int
        as only_assessed,
      count(*) filter (where planned and not connected and not attended)::int as only_planned,
      count(*) filter (where connected and not attended)::int as only_connected,
      count(*) filter (where attended)::int as only_attended`;
}
