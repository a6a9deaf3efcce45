import { type SQL, sql } from 'drizzle-orm';
import { outcomeGroupDimensions } from '../../../shared/contracts/reports';
import {
  connectionStopReasons,
  dischargeReasons,
  needDomains,
  partnerDeclineReasons,
  referralReasons,
} from '../../../shared/pathway';
import { type Database, selectRows } from '../../db/client';
import { stageCounts } from './report-stage-counts';
import {
  ageBand,
  areaOf,
  attendedStatuses,
  codeOf,
  connectedStatuses,
  improvementSql,
  outcomeGroupKey,
  outcomePairs,
  timepointPairs,
} from './report-expressions';

/**
 * Keeps the report summaries (db/schema/reports.ts) equal to the live
 * figures of reports-live-queries.ts, with the same expressions. Per case: report_case_facts,
 * report_connection_facts and report_outcome_pairs (every baseline, with its paired follow-up
 * or none); per site and referral month, sums of
 * those: report_month_cases, report_month_connections and report_month_outcomes. A refresh
 * rewrites the facts of the cases the triggers queued in report_dirty_cases, then the
 * monthly sums of every (site, month) those cases were or now are in. Everything is
 * set-based, in the database; the full rebuild is the same statements over every case.
 */

/** A UTC calendar month, as the reports group referrals. */
const monthOfReferral = sql`date_trunc('month', c.referred_at at time zone 'UTC')::date`;

/** The cases one refresh rewrites: all of them, or those in the temporary table. */
function casesIn(full: boolean, column: SQL): SQL {
  return full ? sql`true` : sql`${column} in (select case_id from report_refresh_cases)`;
}

function monthsIn(full: boolean, alias: '' | 'o.' | 'f.' = ''): SQL {
  return full
    ? sql`true`
    : sql`(${sql.raw(alias)}site_id, ${sql.raw(alias)}month) in (select site_id, month from report_refresh_months)`;
}

/** One row per (site, month, dimension, key) from the case facts that `where` keeps. */
function caseMonthGroups(where: SQL): SQL {
  const counts = stageCounts(sql`open`);
  return sql`
    select site_id, month,
      case
        when grouping(source) = 0 then 'source'
        when grouping(assigned_to) = 0 then 'link_worker'
        when grouping(closure_reason) = 0 then 'closure_reason'
        when grouping(age_band) = 0 then 'age_band'
        when grouping(sex) = 0 then 'sex'
        when grouping(language) = 0 then 'language'
        when grouping(area) = 0 then 'area'
        else 'all' end as dimension,
      coalesce(source, assigned_to::text, closure_reason, age_band, sex, language, area) as key,
      ${counts}
    from report_case_facts
    where ${where}
    group by site_id, month, grouping sets ((), (source), (assigned_to), (closure_reason),
      (age_band), (sex), (language), (area))
    union all
    select site_id, month, 'reason', r, count(*)::int,
      0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
    from report_case_facts cross join unnest(reasons) as r
    where ${where}
    group by site_id, month, r`;
}

function connectionMonthGroups(where: SQL): SQL {
  return sql`
    select site_id, month, service_id, partner, decline_reason, count(*)::int as connections,
      count(*) filter (where declined)::int as declined,
      count(*) filter (where attended)::int as attended
    from report_connection_facts
    where ${where}
    group by site_id, month, service_id, partner, decline_reason`;
}

/** Contacted cases per (site, month) by whole days to first contact. */
function firstContactMonthGroups(where: SQL): SQL {
  return sql`
    select site_id, month, floor(days_to_first_contact)::int as days, count(*)::int as count
    from report_case_facts
    where days_to_first_contact is not null and ${where}
    group by 1, 2, 3`;
}

/**
 * The overlap rule's figures per unit, from report_month_outcomes (its rows of `where`):
 * on the pairing rule's rows, every baseline, the lost (no follow-up), the pairs and whether
 * each improved; on a timepoint's rows, its pairs.
 */
function outcomeFigureGroups(where: SQL): SQL {
  const improved = improvementSql({
    instrumentId: sql`o.instrument_id`,
    scale: sql`o.scale`,
    before: sql`o.before`,
    after: sql`o.after`,
  });
  return sql`
    select o.site_id, o.month, o.measured_month, o.instrument_id, o.scale, f.figure,
      sum(o.count)::int as count
    from report_month_outcomes o
    cross join lateral (
      select 'pairs@' || o.timepoint where o.timepoint <> 'latest'
      union all select 'baselines' where o.timepoint = 'latest'
      union all select 'lost' where o.timepoint = 'latest' and o.after is null
      union all select 'pairs' where o.timepoint = 'latest' and o.after is not null
      union all select case when ${improved} then 'improved' else 'not_improved' end
        where o.timepoint = 'latest' and o.after is not null
    ) as f(figure)
    where ${where}
    group by 1, 2, 3, 4, 5, 6`;
}

/**
 * The pairing rule's pairs (with a follow-up) as sums per unit, breakdown and group, from
 * the pairs and case facts of the (site, month)s of `where`: a case once in each breakdown,
 * in each of its reasons in 'reason'.
 */
function outcomeGroupSums(where: SQL): SQL {
  const columns = {
    site: sql`f.site_id`,
    ageBand: sql`f.age_band`,
    sex: sql`f.sex`,
    language: sql`f.language`,
    area: sql`f.area`,
    reason: sql`r`,
  };
  const keyed = outcomeGroupDimensions.map((dimension) =>
    dimension === 'reason'
      ? sql`select 'reason', ${outcomeGroupKey('reason', columns)} from unnest(f.reasons) as r`
      : sql`select ${sql.raw(`'${dimension}'::text`)}, ${outcomeGroupKey(dimension, columns)}`,
  );
  return sql`
    select o.site_id, o.month, o.measured_month, g.dimension, g.key, o.instrument_id, o.scale,
      count(*)::int as pairs, sum(o.before) as sum_before, sum(o.after - o.before) as sum_change,
      sum((o.after - o.before) ^ 2) as sum_change_squared
    from report_outcome_pairs o
    join report_case_facts f on f.case_id = o.case_id
    cross join lateral (${sql.join(keyed, sql` union all `)}) as g(dimension, key)
    where o.timepoint = 'latest' and o.after is not null and ${where}
    group by 1, 2, 3, 4, 5, 6, 7`;
}

/** The gap map's demand per (site, month, area) of the case facts `where` keeps. */
function gapDemandGroups(where: SQL): SQL {
  const needCodes = `{${needDomains.join(',')}}`;
  return sql`
    select f.site_id, f.month, f.area, 'reason' as kind, 'referred' as key, count(*)::int as count
      from report_case_facts f where ${where} group by 1, 2, 3
    union all
    select site_id, month, area, 'reason', reason, count(distinct case_id)::int
      from (select f.site_id, f.month, f.area, f.case_id,
              ${codeOf(sql`r`, referralReasons)} as reason
            from report_case_facts f cross join unnest(f.reasons) as r
            where ${where}) coded
      group by 1, 2, 3, 5
    union all
    select f.site_id, f.month, f.area, 'need', n.key, count(*)::int
      from report_case_facts f
      join assessments a on a.case_id = f.case_id
      cross join jsonb_each_text(a.needs) as n(key, value)
      where n.value in ('some', 'high') and n.key = any(${needCodes}::text[]) and ${where}
      group by 1, 2, 3, 5`;
}

/** Connections declined or stopped, per (site, month), of the connection facts' months `where` keeps. */
function gapEndingGroups(where: SQL): SQL {
  return sql`
    select f.site_id, f.month, x.status,
      case when x.status = 'declined' then ${codeOf(sql`x.status_reason`, partnerDeclineReasons)}
        else ${codeOf(sql`x.status_reason`, connectionStopReasons)} end as reason,
      x.service_id,
      array(select distinct ${codeOf(sql`r`, referralReasons)} from unnest(f.reasons) r
        order by 1) as reasons,
      count(*)::int as count
    from report_case_facts f
    join connections x on x.case_id = f.case_id
    where x.status in ('declined', 'stopped') and ${where}
    group by 1, 2, 3, 4, 5, 6`;
}

function outcomeMonthGroups(where: SQL): SQL {
  return sql`
    select site_id, month, measured_month, timepoint, instrument_id, scale, before, after,
      count(*)::int as count
    from report_outcome_pairs
    where ${where}
    group by site_id, month, measured_month, timepoint, instrument_id, scale, before, after`;
}

const caseMonthColumns = sql.raw(`site_id, month, dimension, key, referred, contacted, accepted,
  assessed, planned, connected, attended, discharged, open, only_referred, only_contacted,
  only_accepted, only_assessed, only_planned, only_connected, only_attended`);

/** The sums per site and referral month, rewritten for every month a refresh touches. */
const monthlyTables = [
  'report_month_cases',
  'report_month_connections',
  'report_month_outcomes',
  'report_month_first_contacts',
  'report_month_outcome_figures',
  'report_month_outcome_groups',
  'report_month_gap_demand',
  'report_month_gap_endings',
];

/** Rewrites the summaries of every case (full) or of the queued ones, in the caller's transaction. */
async function rewrite(tx: Database, full: boolean): Promise<void> {
  const run = (statement: SQL): Promise<unknown> => tx.execute(statement);
  if (full) {
    await run(sql`delete from report_dirty_cases`);
    await run(
      sql`truncate report_case_facts, report_connection_facts, report_outcome_pairs,
        report_month_cases, report_month_connections, report_month_outcomes,
        report_month_first_contacts, report_month_outcome_figures, report_month_outcome_groups,
        report_month_gap_demand, report_month_gap_endings`,
    );
  } else {
    // Months the queued cases were counted in before this refresh.
    await run(sql`create temporary table report_refresh_months on commit drop as
      select distinct site_id, month from report_case_facts
      where case_id in (select case_id from report_refresh_cases)`);
    await run(sql`delete from report_case_facts where ${casesIn(false, sql`case_id`)}`);
    await run(sql`delete from report_connection_facts where ${casesIn(false, sql`case_id`)}`);
    await run(sql`delete from report_outcome_pairs where ${casesIn(false, sql`case_id`)}`);
  }

  await run(sql`
    insert into report_case_facts (case_id, site_id, referred_at, month, source, urgency, reasons,
      status, assigned_to, closure_reason, contacted, accepted, assessed, planned, connected,
      attended, discharged, open, days_to_first_contact, age_band, sex, language, area)
    select c.id, c.site_id, c.referred_at, ${monthOfReferral}, c.source, c.urgency, c.reasons,
      c.status, c.assigned_to,
      case when c.status = 'discharged' then ${codeOf(sql`c.closure_reason`, dischargeReasons)} end,
      c.first_contact_at is not null,
      c.accepted_at is not null,
      a.completed_at is not null,
      ap.agreed_on is not null,
      coalesce(k.connected, false),
      coalesce(k.attended, false),
      c.status = 'discharged',
      c.status in ('new', 'assigned', 'active'),
      (extract(epoch from c.first_contact_at - c.referred_at) / 86400.0)::float8,
      ${ageBand},
      coalesce(p.sex, 'not_stated'),
      p.preferred_language,
      ${areaOf(sql`p.postal_code`)}
    from cases c
    join people p on p.id = c.person_id
    left join assessments a on a.case_id = c.id
    left join action_plans ap on ap.case_id = c.id
    left join (
      select x.case_id,
        bool_or(x.status in ${connectedStatuses}) as connected,
        bool_or(x.status in ${attendedStatuses} or x.first_attended_on is not null) as attended
      from connections x
      where ${casesIn(full, sql`x.case_id`)}
      group by x.case_id
    ) k on k.case_id = c.id
    where ${casesIn(full, sql`c.id`)}`);

  await run(sql`
    insert into report_connection_facts (connection_id, case_id, site_id, referred_at, month,
      service_id, partner, decline_reason, declined, attended)
    select x.id, x.case_id, c.site_id, c.referred_at, ${monthOfReferral}, x.service_id,
      coalesce(x.partner_organisation_id::text, 'none'),
      case when x.status = 'declined'
        then ${codeOf(sql`x.status_reason`, partnerDeclineReasons)} end,
      x.status = 'declined',
      x.status in ${attendedStatuses} or x.first_attended_on is not null
    from connections x
    join cases c on c.id = x.case_id
    where ${casesIn(full, sql`c.id`)}`);

  await run(sql`
    insert into report_outcome_pairs (case_id, instrument_id, scale, timepoint, site_id,
      referred_at, month, measured_month, before, after)
    select p.case_id, p.instrument_id, p.scale, p.timepoint, c.site_id, c.referred_at,
      ${monthOfReferral}, date_trunc('month', p.measured_on)::date, p.before, p.after
    from (
      select case_id, instrument_id, scale, 'latest' as timepoint, before, after, measured_on
      from (${outcomePairs(casesIn(full, sql`m.case_id`))}) latest
      union all
      select case_id, instrument_id, scale, timepoint, before, after, measured_on
      from (${timepointPairs(casesIn(full, sql`m.case_id`))}) apart
    ) p
    join cases c on c.id = p.case_id`);

  if (!full) {
    // ...and the months they are counted in now: every month touched is summed again.
    await run(sql`insert into report_refresh_months
      select distinct site_id, month from report_case_facts
      where case_id in (select case_id from report_refresh_cases)
      except select site_id, month from report_refresh_months`);
    for (const table of monthlyTables) {
      await run(sql`delete from ${sql.raw(table)} where ${monthsIn(false)}`);
    }
  }
  await run(sql`insert into report_month_cases (${caseMonthColumns})
    ${caseMonthGroups(monthsIn(full))}`);
  await run(sql`insert into report_month_connections (site_id, month, service_id, partner,
      decline_reason, connections, declined, attended)
    ${connectionMonthGroups(monthsIn(full))}`);
  await run(sql`insert into report_month_outcomes (site_id, month, measured_month, timepoint,
      instrument_id, scale, before, after, count)
    ${outcomeMonthGroups(monthsIn(full))}`);
  await run(sql`insert into report_month_outcome_groups (site_id, month, measured_month,
      dimension, key, instrument_id, scale, pairs, sum_before, sum_change, sum_change_squared)
    ${outcomeGroupSums(monthsIn(full, 'o.'))}`);
  await run(sql`insert into report_month_gap_demand (site_id, month, area, kind, key, count)
    ${gapDemandGroups(monthsIn(full, 'f.'))}`);
  await run(sql`insert into report_month_gap_endings (site_id, month, status, reason, service_id,
      reasons, count)
    ${gapEndingGroups(monthsIn(full, 'f.'))}`);
  await run(sql`insert into report_month_first_contacts (site_id, month, days, count)
    ${firstContactMonthGroups(monthsIn(full))}`);
  await run(sql`insert into report_month_outcome_figures (site_id, month, measured_month,
      instrument_id, scale, figure, count)
    ${outcomeFigureGroups(monthsIn(full))}`);
  await markRefreshed(tx);
}

function markRefreshed(db: Database): Promise<unknown> {
  return db.execute(sql`update report_refresh_state set refreshed_at = now() where id = 1`);
}

async function anyCaseQueued(db: Database): Promise<boolean> {
  const [row] = await selectRows<{ queued: boolean }>(
    db,
    sql`select exists (select 1 from report_dirty_cases) as queued`,
  );
  return row?.queued ?? false;
}

/**
 * Brings the summaries up to date with the cases queued since the last refresh. The queue
 * is emptied inside the same transaction: a case queued by a transaction that commits
 * meanwhile is not seen by this delete, stays queued and is taken by the next refresh.
 * Returns how many cases were rewritten.
 */
export async function refreshQueuedCases(db: Database): Promise<number> {
  // Most ticks find nothing queued: stamp the time without a transaction or the catalogue
  // churn of a temporary table.
  if (!(await anyCaseQueued(db))) {
    await markRefreshed(db);
    return 0;
  }
  return db.transaction(async (tx) => {
    // One refresh at a time: two would each sum months from half-written facts.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('reports.refresh'))`);
    await tx.execute(
      sql`create temporary table report_refresh_cases (case_id uuid primary key) on commit drop`,
    );
    await tx.execute(sql`with queued as (delete from report_dirty_cases returning case_id)
      insert into report_refresh_cases select case_id from queued`);
    const [row] = await selectRows<{ n: number }>(
      tx,
      sql`select count(*)::int as n from report_refresh_cases`,
    );
    const count = row?.n ?? 0;
    if (count > 0) await rewrite(tx, false);
    else await markRefreshed(tx);
    return count;
  });
}

/** Recreates every summary from the pathway tables, set-based, in one transaction. */
export async function rebuildSummaries(db: Database): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('reports.refresh'))`);
    await tx.execute(sql`set local work_mem = '64MB'`);
    await rewrite(tx, true);
  });
  // Fresh statistics, so the first report plans its scans on the real sizes.
  for (const table of [
    'report_case_facts',
    'report_connection_facts',
    'report_outcome_pairs',
    ...monthlyTables,
  ]) {
    await db.execute(sql`analyze ${sql.raw(table)}`);
  }
}

/** Whether nothing was ever summarised (a new installation, or one just upgraded). */
export async function selectNeverRefreshed(db: Database): Promise<boolean> {
  const [row] = await selectRows<{ never: boolean }>(
    db,
    sql`select refreshed_at is null as never from report_refresh_state where id = 1`,
  );
  return row?.never ?? true;
}
