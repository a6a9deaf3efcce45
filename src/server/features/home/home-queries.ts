import { type SQL, sql } from 'drizzle-orm';
import { type Database, readTogether, selectRows } from '../../db/client';
import type { FollowUpKind, Timepoint } from '../../../shared/pathway';

/** A count, and the one item's id when it counts exactly one (the link goes to it). */
export type Tally = { count: number; onlyId: string | null };

const openStatuses = sql`('assigned', 'active')`;

function uuids(ids: string[]): SQL {
  return sql`${`{${ids.join(',')}}`}::uuid[]`;
}

/** Counts the ids a query selects (as `id`). */
async function tally(db: Database, ids: SQL): Promise<Tally> {
  const [row] = await selectRows<{ count: number; only_id: string | null }>(
    db,
    sql`select count(*)::int as count,
          case when count(*) = 1 then min(x.id::text) end as only_id
        from (${ids}) x`,
  );
  return { count: row?.count ?? 0, onlyId: row?.only_id ?? null };
}

const none: Tally = { count: 0, onlyId: null };

/** New cases of the sites nobody took yet: the triage queue. */
export function countTriage(db: Database, siteIds: string[]): Promise<Tally> {
  if (siteIds.length === 0) return Promise.resolve(none);
  return tally(
    db,
    sql`select id from cases
        where site_id = any(${uuids(siteIds)}) and status = 'new' and assigned_to is null`,
  );
}

/** What a case's next action is derived from (cases' nextActionOf), for open cases. */
export type OpenCaseFacts = {
  id: string;
  siteId: string;
  assignedTo: string | null;
  status: 'new' | 'assigned' | 'active';
  referredAt: Date;
  firstContactAt: Date | null;
  acceptedAt: Date | null;
  nextActionAt: Date | null;
  measuredAtBaseline: boolean;
  nextFollowUpOn: string | null;
  nextFollowUpKind: FollowUpKind | null;
  waitingThresholdDays: number;
  timeZone: string;
};

/**
 * The open cases of the sites (those assigned to one account, when given), with the facts
 * their next action is derived from: the caseload's own rule decides what is due.
 */
export async function selectOpenCaseFacts(
  db: Database,
  siteIds: string[],
  assignedTo: string | null,
): Promise<OpenCaseFacts[]> {
  if (siteIds.length === 0) return [];
  const rows = await selectRows<{
    id: string;
    site_id: string;
    assigned_to: string | null;
    status: OpenCaseFacts['status'];
    referred_at: string | Date;
    first_contact_at: string | Date | null;
    accepted_at: string | Date | null;
    next_action_at: string | Date | null;
    measured_at_baseline: boolean;
    next_follow_up_on: string | null;
    next_follow_up_kind: FollowUpKind | null;
    waiting_threshold_days: number;
    time_zone: string;
  }>(
    db,
    sql`select c.id, c.site_id, c.assigned_to, c.status, c.referred_at, c.first_contact_at,
          c.accepted_at, c.next_action_at, s.waiting_threshold_days, s.time_zone,
          exists (select 1 from measurements m
            where m.case_id = c.id and m.timepoint = 'baseline' and m.voided_at is null)
            as measured_at_baseline,
          f.due_on::text as next_follow_up_on, f.kind as next_follow_up_kind
        from cases c
        join sites s on s.id = c.site_id
        left join lateral (
          select due_on, kind from follow_ups
          where case_id = c.id and done_at is null order by due_on limit 1
        ) f on true
        where c.site_id = any(${uuids(siteIds)})
          and c.status in ('new', 'assigned', 'active')
          ${assignedTo ? sql`and c.assigned_to = ${assignedTo}` : sql``}`,
  );
  const date = (value: string | Date | null): Date | null => (value ? new Date(value) : null);
  return rows.map((row) => ({
    id: row.id,
    siteId: row.site_id,
    assignedTo: row.assigned_to,
    status: row.status,
    referredAt: new Date(row.referred_at),
    firstContactAt: date(row.first_contact_at),
    acceptedAt: date(row.accepted_at),
    nextActionAt: date(row.next_action_at),
    measuredAtBaseline: row.measured_at_baseline,
    nextFollowUpOn: row.next_follow_up_on,
    nextFollowUpKind: row.next_follow_up_kind,
    waitingThresholdDays: row.waiting_threshold_days,
    timeZone: row.time_zone,
  }));
}

/** The calendar day `now` falls on where the case's site is (`s`, joined as such). */
function siteToday(now: Date): SQL {
  return sql`(${now.toISOString()}::timestamptz at time zone s.time_zone)::date`;
}

/**
 * The account's open cases with a follow-up still to do this week (today and the 6 days
 * after, each case by its site's day), as the caseload's 'due this week' filter takes them
 * (overdue ones are contacts due).
 */
export function countFollowUpsDue(
  db: Database,
  accountId: string,
  siteIds: string[],
  now: Date,
): Promise<Tally> {
  if (siteIds.length === 0) return Promise.resolve(none);
  return tally(
    db,
    sql`select distinct c.id from follow_ups f join cases c on c.id = f.case_id
          join sites s on s.id = c.site_id
        where c.assigned_to = ${accountId} and c.site_id = any(${uuids(siteIds)})
          and c.status in ${openStatuses} and f.done_at is null
          and f.due_on between ${siteToday(now)} and ${siteToday(now)} + 6`,
  );
}

export type MeasurementFacts = {
  caseId: string;
  acceptedAt: Date | null;
  followUpMonths: number[];
  instruments: string[];
  recorded: { instrumentId: string; timepoint: Timepoint; takenOn: string }[];
  timeZone: string;
};

/** The account's open cases with their site's measurement schedule and what was recorded. */
export async function selectMeasurementFacts(
  db: Database,
  accountId: string,
  siteIds: string[],
): Promise<MeasurementFacts[]> {
  if (siteIds.length === 0) return [];
  const rows = await selectRows<{
    case_id: string;
    accepted_at: string | Date | null;
    follow_up_months: number[];
    instruments: string[];
    recorded: { instrumentId: string; timepoint: Timepoint; takenOn: string }[];
    time_zone: string;
  }>(
    db,
    sql`select c.id as case_id, c.accepted_at,
          s.measurement_follow_up_months as follow_up_months,
          s.measurement_instruments as instruments, s.time_zone,
          coalesce((select json_agg(json_build_object('instrumentId', m.instrument_id,
              'timepoint', m.timepoint, 'takenOn', m.taken_on::text))
            from measurements m where m.case_id = c.id and m.voided_at is null), '[]') as recorded
        from cases c join sites s on s.id = c.site_id
        where c.assigned_to = ${accountId} and c.site_id = any(${uuids(siteIds)})
          and c.status in ${openStatuses} and c.accepted_at is not null`,
  );
  return rows.map((row) => ({
    caseId: row.case_id,
    acceptedAt: row.accepted_at ? new Date(row.accepted_at) : null,
    followUpMonths: row.follow_up_months,
    instruments: row.instruments,
    recorded: row.recorded,
    timeZone: row.time_zone,
  }));
}

/**
 * Cases of the account's (at the sites) on which a partner answered since the moment: an
 * answer through an emailed link, or by an account holding a partner staff role.
 */
export function countPartnerAnswers(
  db: Database,
  accountId: string,
  siteIds: string[],
  since: Date,
): Promise<Tally> {
  if (siteIds.length === 0) return Promise.resolve(none);
  return tally(
    db,
    sql`select distinct c.id from connection_events e
          join connections k on k.id = e.connection_id
          join cases c on c.id = k.case_id
        where c.assigned_to = ${accountId} and c.site_id = any(${uuids(siteIds)})
          and e.at > ${since.toISOString()}::timestamptz
          and (e.via = 'link' or exists (select 1 from role_grants g
            where g.account_id = e.actor_id and g.role = 'partner_staff'))`,
  );
}

/** Cases with a safeguarding concern nobody acknowledged: the account's, or the sites' all. */
export function countOpenConcerns(
  db: Database,
  siteIds: string[],
  assignedTo: string | null,
): Promise<Tally> {
  if (siteIds.length === 0) return Promise.resolve(none);
  return tally(
    db,
    sql`select distinct c.id from safeguarding_concerns g join cases c on c.id = g.case_id
        where g.acknowledged_at is null and c.site_id = any(${uuids(siteIds)})
          ${assignedTo ? sql`and c.assigned_to = ${assignedTo}` : sql``}`,
  );
}

/** The account's planned appointments of today, each on its case's site's day. */
export function countAppointments(db: Database, accountId: string, now: Date): Promise<Tally> {
  return tally(
    db,
    sql`select a.id from appointments a
          join cases c on c.id = a.case_id join sites s on s.id = c.site_id
        where a.with_account_id = ${accountId} and a.status = 'planned'
          and (a.starts_at at time zone s.time_zone)::date = ${siteToday(now)}`,
  );
}

/** A referrer's own referrals by where they stand, and those that moved since the moment. */
export async function countReferrals(
  db: Database,
  accountId: string,
  since: Date,
): Promise<{ waiting: Tally; active: Tally; closed: Tally; changed: Tally }> {
  const mine = sql`from cases c where c.referrer_account_id = ${accountId}`;
  // Side by side on the pool, one by one in a transaction (see readTogether).
  const [waiting, active, closed, changed] = await readTogether(db, [
    () => tally(db, sql`select c.id ${mine} and c.status in ('new', 'assigned')`),
    () => tally(db, sql`select c.id ${mine} and c.status = 'active'`),
    () =>
      tally(db, sql`select c.id ${mine} and c.status in ('declined', 'unreachable', 'discharged')`),
    () =>
      tally(
        db,
        sql`select c.id ${mine} and exists (select 1 from case_events e
            where e.case_id = c.id and e.at > ${since.toISOString()}::timestamptz)`,
      ),
  ]);
  return { waiting, active, closed, changed };
}

/** Connections sent to the organisations and waiting for their answer. */
export function countConnectionsWaiting(db: Database, organisationIds: string[]): Promise<Tally> {
  if (organisationIds.length === 0) return Promise.resolve(none);
  return tally(
    db,
    sql`select id from connections
        where partner_organisation_id = any(${uuids(organisationIds)}) and status = 'sent'`,
  );
}

/**
 * People the organisations accepted who start this week (today and the 6 days after), by
 * the day of the case's site: the partner works beside it.
 */
export function countConnectionsStarting(
  db: Database,
  organisationIds: string[],
  now: Date,
): Promise<Tally> {
  if (organisationIds.length === 0) return Promise.resolve(none);
  return tally(
    db,
    sql`select k.id from connections k
          join cases c on c.id = k.case_id join sites s on s.id = c.site_id
        where k.partner_organisation_id = any(${uuids(organisationIds)})
          and k.status = 'accepted'
          and k.starts_on between ${siteToday(now)} and ${siteToday(now)} + 6`,
  );
}

export type ListingDates = {
  lastConfirmedAt: Date | null;
  lastModified: Date | null;
  createdAt: Date | null;
};

/** The dates that tell whether each listing of the organisations is possibly stale. */
export async function selectListingDates(
  db: Database,
  organisationIds: string[],
): Promise<ListingDates[]> {
  if (organisationIds.length === 0) return [];
  const rows = await selectRows<{
    last_confirmed_at: string | Date | null;
    last_modified: string | Date | null;
    created_at: string | Date | null;
  }>(
    db,
    sql`select s.last_confirmed_at, s.last_modified, s.created_at
        from directory_services s join directory_organizations o on o.id = s.organization_id
        where o.partner_organisation_id = any(${uuids(organisationIds)})`,
  );
  const date = (value: string | Date | null): Date | null => (value ? new Date(value) : null);
  return rows.map((row) => ({
    lastConfirmedAt: date(row.last_confirmed_at),
    lastModified: date(row.last_modified),
    createdAt: date(row.created_at),
  }));
}

export type CaseloadCount = { accountId: string; displayName: string; open: number };

/** Each active link worker of the sites with their open cases there, by name. */
export function selectCaseloadCounts(db: Database, siteIds: string[]): Promise<CaseloadCount[]> {
  if (siteIds.length === 0) return Promise.resolve([]);
  return selectRows<CaseloadCount>(
    db,
    sql`select a.id as "accountId", a.display_name as "displayName",
          (select count(*)::int from cases c where c.assigned_to = a.id
            and c.site_id = any(${uuids(siteIds)}) and c.status in ${openStatuses}) as open
        from accounts a
        where a.active and exists (select 1 from role_grants g where g.account_id = a.id
          and g.role = 'link_worker' and g.site_id = any(${uuids(siteIds)}))
        order by a.display_name, a.id`,
  );
}

/** What an administrator keeps running: undelivered emails, locked accounts, proposed changes. */
export async function countAdministration(
  db: Database,
  now: Date,
): Promise<{ emailsFailed: Tally; accountsLocked: Tally; changesPending: Tally }> {
  const [emailsFailed, accountsLocked, changesPending] = await readTogether(db, [
    () => tally(db, sql`select id from outbound_emails where status = 'failed'`),
    () =>
      tally(
        db,
        sql`select id from accounts where locked_until > ${now.toISOString()}::timestamptz`,
      ),
    () => tally(db, sql`select id from directory_change_requests where status = 'pending'`),
  ]);
  return { emailsFailed, accountsLocked, changesPending };
}

/**
 * The account's last home visit (what "since last visit" counts from), then the visit moved
 * to now, at most once a minute: a page reloaded again and again writes the account once.
 */
export async function touchHomeSeen(db: Database, accountId: string): Promise<Date | null> {
  const [row] = await selectRows<{ home_seen_at: string | Date | null }>(
    db,
    sql`select home_seen_at from accounts where id = ${accountId}`,
  );
  await db.execute(
    sql`update accounts set home_seen_at = now()
        where id = ${accountId}
          and (home_seen_at is null or home_seen_at < now() - interval '1 minute')`,
  );
  return row?.home_seen_at ? new Date(row.home_seen_at) : null;
}
