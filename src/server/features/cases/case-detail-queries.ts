import { type SQL, eq, getTableColumns, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from '../../db/client';
import { oncePerDatabase } from '../../db/prepared';
import { type JsonRow, rowFromJson } from '../../db/json-rows';
import {
  accounts,
  caseEvents,
  cases,
  consents,
  contacts,
  organisations,
  people,
  safeguardingConcerns,
  sites,
} from '../../db/schema';
import {
  type CaseEventView,
  type CaseFacts,
  type ConsentRow,
  type PersonRow,
  stageFacts,
} from './cases-queries';
import type { ContactView } from './contacts-queries';
import { nextActionFacts } from './caseload-queries';
import type { FollowUpKind } from '../../../shared/pathway';
import type { ConcernView } from './safeguarding-queries';
import type { SiteSettings } from './site-staff-queries';

/** What the case screen shows around the case row itself. */
export type CaseSurroundings = {
  site: SiteSettings;
  person: PersonRow;
  consent: ConsentRow | null;
  assigneeName: string | null;
  /** The account that made the referral (a clinician, or whoever re-referred), with the organisation it referred from. */
  referrerAccount: { name: string; organisationName: string } | null;
  facts: CaseFacts;
  /** What the next action is derived from, beside the case's own columns. */
  pathway: {
    measuredAtBaseline: boolean;
    nextFollowUpOn: string | null;
    nextFollowUpKind: FollowUpKind | null;
    openSafeguarding: boolean;
  };
  /** The status history, oldest first. */
  events: CaseEventView[];
  /** Contact attempts, oldest first. */
  contacts: ContactView[];
  /** Safeguarding concerns, newest first. */
  concerns: ConcernView[];
};

/**
 * The case's site, person, consent (the one given for this case, else the person's latest),
 * assignee, referring account, stage facts, history, contacts and safeguarding concerns in
 * one round trip: every change to a case answers with its screen.
 */
export async function findCaseSurroundings(
  db: Database,
  caseId: string,
): Promise<CaseSurroundings | undefined> {
  const [row] = await caseSurroundingsQuery(db).execute({ caseId });
  if (!row) return undefined;
  const { referrerName, organisationName, events, contacts: attempts, concerns, ...rest } = row;
  return {
    ...rest,
    referrerAccount: referrerName ? { name: referrerName, organisationName } : null,
    events: events.map(eventOf),
    contacts: attempts.map((json) => ({
      ...rowFromJson(contacts, json),
      recordedByName: nameIn(json, 'recordedByName'),
    })),
    concerns: concerns.map((json) => ({
      ...rowFromJson(safeguardingConcerns, json),
      raisedByName: nameIn(json, 'raisedByName'),
      acknowledgedByName: nameIn(json, 'acknowledgedByName'),
    })),
  };
}

/**
 * The consent given for the case, else the person's latest. Its LIMIT is written in the SQL:
 * drizzle sends `.limit(n)` as a parameter, and a generic plan that cannot see it costs more,
 * so PostgreSQL would plan the prepared statement afresh on every call.
 */
const caseConsentId = sql`(select c.id from ${consents} c where c.person_id = ${cases.personId}
  order by (c.case_id = ${cases.id}) desc nulls last, c.given_at desc limit 1)`;

/** Every change to a case answers with its screen: built once (see db/prepared.ts). */
const caseSurroundingsQuery = oncePerDatabase((db: Database) => {
  const assignee = alias(accounts, 'assignee');
  const referrer = alias(accounts, 'referrer');
  return db
    .select({
      site: {
        id: sites.id,
        name: sites.name,
        defaultLocale: sites.defaultLocale,
        maxContactAttempts: sites.maxContactAttempts,
        waitingThresholdDays: sites.waitingThresholdDays,
        timeZone: sites.timeZone,
      },
      person: getTableColumns(people),
      consent: getTableColumns(consents),
      assigneeName: assignee.displayName,
      referrerName: referrer.displayName,
      // A clinician refers for a site where they hold the referrer role, and a re-referral
      // stays at the case's site: the organisation they referred from is the site's.
      organisationName: organisations.name,
      facts: stageFacts,
      pathway: nextActionFacts,
      events: relatedRows(sql`
        select to_jsonb(e) || jsonb_build_object('actorName', a.display_name) as row
        from ${caseEvents} e left join ${accounts} a on a.id = e.actor_id
        where e.case_id = ${cases.id} order by e.at, e.id`),
      contacts: relatedRows(sql`
        select to_jsonb(c) || jsonb_build_object('recordedByName', a.display_name) as row
        from ${contacts} c left join ${accounts} a on a.id = c.recorded_by
        where c.case_id = ${cases.id} order by c.occurred_at, c.created_at`),
      concerns: relatedRows(sql`
        select to_jsonb(s) || jsonb_build_object(
          'raisedByName', r.display_name, 'acknowledgedByName', k.display_name) as row
        from ${safeguardingConcerns} s
          left join ${accounts} r on r.id = s.raised_by
          left join ${accounts} k on k.id = s.acknowledged_by
        where s.case_id = ${cases.id} order by s.created_at desc`),
    })
    .from(cases)
    .innerJoin(sites, eq(sites.id, cases.siteId))
    .innerJoin(organisations, eq(organisations.id, sites.organisationId))
    .innerJoin(people, eq(people.id, cases.personId))
    .leftJoin(assignee, eq(assignee.id, cases.assignedTo))
    .leftJoin(referrer, eq(referrer.id, cases.referrerAccountId))
    .leftJoin(consents, eq(consents.id, caseConsentId))
    .where(eq(cases.id, sql.placeholder('caseId')))
    .prepare('case_surroundings');
});

/** The rows a subquery selects (as one `row` column), as a JSON array in its order. */
function relatedRows(query: SQL): SQL<JsonRow[]> {
  return sql<JsonRow[]>`(select coalesce(jsonb_agg(q.row), '[]') from (${query}) q)`;
}

function eventOf(json: JsonRow): CaseEventView {
  const event = rowFromJson(caseEvents, json);
  return {
    fromStatus: event.fromStatus,
    toStatus: event.toStatus,
    reason: event.reason,
    note: event.note,
    actorName: nameIn(json, 'actorName'),
    at: event.at,
  };
}

function nameIn(json: JsonRow, key: string): string | null {
  const value = json[key];
  return typeof value === 'string' ? value : null;
}
