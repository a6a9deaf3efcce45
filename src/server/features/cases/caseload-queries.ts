import { type SQL, and, asc, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from '../../db/client';
import {
  accounts,
  cases,
  followUps,
  measurements,
  people,
  safeguardingConcerns,
  sites,
} from '../../db/schema';
import type { FollowUpKind } from '../../../shared/pathway';
import {
  type CaseloadDue,
  type CaseloadFlag,
  type CaseloadSort,
  type OpenCaseStage,
  type TriageSort,
  openCaseStages,
} from '../../../shared/contracts/cases';
import { type CaseRow, outerCaseId, stageFacts } from './cases-queries';

export type TriageRow = {
  id: string;
  reference: string;
  siteId: string;
  siteName: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  preferredLanguage: 'fr' | 'en';
  reasons: string[];
  urgency: 'routine' | 'soon' | 'urgent';
  source: 'clinician' | 'agency' | 'self';
  referredAt: Date;
  possibleDuplicateOfId: string | null;
  waitingThresholdDays: number;
  timeZone: string;
  version: number;
};

const urgencyRank = sql`case ${cases.urgency} when 'urgent' then 0 when 'soon' then 1 else 2 end`;

/** New, unassigned cases of the sites, in the order the team asked for. */
export function selectTriage(
  db: Database,
  siteIds: string[],
  sort: TriageSort,
): Promise<TriageRow[]> {
  if (siteIds.length === 0) return Promise.resolve([]);
  const order =
    sort === 'newest'
      ? [desc(cases.referredAt)]
      : sort === 'urgent'
        ? [asc(urgencyRank), asc(cases.referredAt)]
        : [asc(cases.referredAt)];
  return db
    .select({
      id: cases.id,
      reference: cases.reference,
      siteId: cases.siteId,
      siteName: sites.name,
      givenName: people.givenName,
      familyName: people.familyName,
      dateOfBirth: people.dateOfBirth,
      preferredLanguage: people.preferredLanguage,
      reasons: cases.reasons,
      urgency: cases.urgency,
      source: cases.source,
      referredAt: cases.referredAt,
      possibleDuplicateOfId: cases.possibleDuplicateOfId,
      waitingThresholdDays: sites.waitingThresholdDays,
      timeZone: sites.timeZone,
      version: cases.version,
    })
    .from(cases)
    .innerJoin(people, eq(people.id, cases.personId))
    .innerJoin(sites, eq(sites.id, cases.siteId))
    .where(and(inArray(cases.siteId, siteIds), eq(cases.status, 'new'), isNull(cases.assignedTo)))
    .orderBy(...order, asc(cases.id))
    .limit(500);
}

export type CaseloadRow = {
  id: string;
  reference: string;
  siteId: string;
  givenName: string;
  familyName: string;
  status: CaseRow['status'];
  urgency: CaseRow['urgency'];
  assigneeName: string | null;
  referredAt: Date;
  firstContactAt: Date | null;
  acceptedAt: Date | null;
  /** Whether any outcome questionnaire was taken at the baseline. */
  measuredAtBaseline: boolean;
  openSafeguarding: boolean;
  waitingThresholdDays: number;
  timeZone: string;
  contacted: boolean;
  assessed: boolean;
  planned: boolean;
  connected: boolean;
  nextFollowUpOn: string | null;
  nextFollowUpKind: FollowUpKind | null;
  version: number;
};

const openFollowUp = sql`from ${followUps} where ${followUps.caseId} = ${outerCaseId} and ${followUps.doneAt} is null`;

/**
 * What a case's next action is derived from (case-rules.ts, nextActionOf) beyond the case's
 * own columns, as correlated subqueries on the outer case: the caseload and the case screen
 * read the same facts.
 */
export const nextActionFacts = {
  measuredAtBaseline: sql<boolean>`exists (select 1 from ${measurements}
    where ${measurements.caseId} = ${outerCaseId} and ${measurements.timepoint} = 'baseline'
      and ${measurements.voidedAt} is null)`,
  nextFollowUpOn: sql<string | null>`(select min(${followUps.dueOn})::text ${openFollowUp})`,
  nextFollowUpKind: sql<FollowUpKind | null>`(select ${followUps.kind} ${openFollowUp} order by ${followUps.dueOn} limit 1)`,
  openSafeguarding: sql<boolean>`exists (select 1 from ${safeguardingConcerns}
    where ${safeguardingConcerns.caseId} = ${outerCaseId} and ${safeguardingConcerns.acknowledgedAt} is null)`,
};

/**
 * The most open cases one caseload answer holds: past it, the answer says it was cut short
 * and the screen asks for a narrower filter.
 */
export const caseloadBound = 1000;

/**
 * An open case's stage in SQL, as stageOf (case-rules.ts) derives it from the same facts;
 * the caseload test holds the two to the same answer.
 */
const openStage = sql<OpenCaseStage>`case when ${cases.status} = 'active' then (case
    when ${stageFacts.connected} then 'connected' when ${stageFacts.planned} then 'planned'
    when ${stageFacts.assessed} then 'assessed' else 'accepted' end)
  else (case when ${stageFacts.contacted} then 'contacting' else 'waiting' end) end`;

/** The pathway's order of the open stages, as a number to sort on. */
const stageRank = sql<number>`array_position(array[${sql.join(
  openCaseStages.map((stage) => sql`${stage}`),
  sql`, `,
)}]::text[], ${openStage})`;

/** The open follow-up's day, else the first contact's or the baseline's, as nextActionOf. */
function nextActionSql(now: Date): { on: SQL<string | null>; waiting: SQL<boolean> } {
  const followUpOn = nextActionFacts.nextFollowUpOn;
  const firstContactDue = sql`${cases.firstContactAt} is null`;
  const baselineDue = sql`${cases.acceptedAt} is not null and not ${nextActionFacts.measuredAtBaseline}`;
  const on = sql<string | null>`case
    when ${followUpOn} is not null then ${followUpOn}
    when ${firstContactDue} then ((${cases.referredAt} at time zone ${sites.timeZone})::date)::text
    when ${baselineDue} then ((${cases.acceptedAt} at time zone ${sites.timeZone})::date)::text
  end`;
  // What it waits from: the start of the follow-up's day where the site is, the referral, the acceptance.
  const since = sql`case
    when ${followUpOn} is not null then (${followUpOn})::date::timestamp at time zone ${sites.timeZone}
    when ${firstContactDue} then ${cases.referredAt}
    when ${baselineDue} then ${cases.acceptedAt}
  end`;
  const waiting = sql<boolean>`coalesce(extract(epoch from (${now.toISOString()}::timestamptz - ${since}))
    > ${sites.waitingThresholdDays} * 86400, false)`;
  return { on, waiting };
}

export type CaseloadFilter = {
  assignedTo: string | null;
  stage?: OpenCaseStage | undefined;
  flag?: CaseloadFlag | undefined;
  due?: CaseloadDue | undefined;
  sort: CaseloadSort;
  /** The instant 'today' (in each site's time zone) and the waits are reckoned from. */
  now: Date;
};

/**
 * Open cases of the sites, with what the caseload derives its stage and next action from,
 * in one query: each fact is a correlated subquery on an indexed case id. Every filter and
 * order is the query's, derived in SQL from the facts case-rules.ts derives from (stageOf,
 * nextActionOf; the caseload test holds them to the same answers), so the bound takes the
 * first cases of the order asked for; one more than the bound says the answer is cut short.
 */
export function selectCaseload(
  db: Database,
  siteIds: string[],
  filter: CaseloadFilter,
): Promise<CaseloadRow[]> {
  if (siteIds.length === 0) return Promise.resolve([]);
  const { assignedTo } = filter;
  const next = nextActionSql(filter.now);
  const today = sql`(${filter.now.toISOString()}::timestamptz at time zone ${sites.timeZone})::date`;
  const orders: Record<CaseloadSort, SQL[]> = {
    // Flagged first, then the most overdue; cases without a next action last.
    due: [desc(next.waiting), sql`${next.on} asc nulls last`, asc(cases.reference)],
    referred: [asc(cases.referredAt), asc(cases.reference)],
    name: [asc(people.familyName), asc(people.givenName), asc(cases.reference)],
    stage: [asc(stageRank), asc(cases.reference)],
  };
  const due = {
    overdue: sql`(${next.on})::date < ${today}`,
    this_week: sql`(${next.on})::date between ${today} and ${today} + 6`,
  };
  const assignee = alias(accounts, 'assignee');
  return db
    .select({
      id: cases.id,
      reference: cases.reference,
      siteId: cases.siteId,
      givenName: people.givenName,
      familyName: people.familyName,
      status: cases.status,
      urgency: cases.urgency,
      assigneeName: assignee.displayName,
      referredAt: cases.referredAt,
      firstContactAt: cases.firstContactAt,
      acceptedAt: cases.acceptedAt,
      waitingThresholdDays: sites.waitingThresholdDays,
      timeZone: sites.timeZone,
      ...stageFacts,
      ...nextActionFacts,
      version: cases.version,
    })
    .from(cases)
    .innerJoin(people, eq(people.id, cases.personId))
    .innerJoin(sites, eq(sites.id, cases.siteId))
    .leftJoin(assignee, eq(assignee.id, cases.assignedTo))
    .where(
      and(
        inArray(cases.siteId, siteIds),
        inArray(cases.status, ['assigned', 'active']),
        assignedTo ? eq(cases.assignedTo, assignedTo) : undefined,
        filter.stage ? eq(openStage, filter.stage) : undefined,
        filter.flag === 'safeguarding' ? nextActionFacts.openSafeguarding : undefined,
        filter.flag === 'waiting_too_long' ? next.waiting : undefined,
        filter.due ? due[filter.due] : undefined,
      ),
    )
    .orderBy(...orders[filter.sort])
    .limit(caseloadBound + 1);
}

export type CaseSearchRow = {
  id: string;
  reference: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  siteName: string;
  status: CaseRow['status'];
  assigneeName: string | null;
  referredAt: Date;
};

/** What a typed search may be: each part matches its own column. */
export type CaseSearchTerms = {
  /** Words of a name, each to be found in the given or family name, accents and case ignored. */
  words: string[];
  reference: string | null;
  dateOfBirth: string | null;
  /** At least 4 digits of a phone number, found anywhere in the number as stored. */
  phoneDigits: string | null;
};

/**
 * Cases of the sites whose person or reference matches the terms (any of them), newest
 * referral first, at most `limit` of them.
 */
export function selectCaseSearch(
  db: Database,
  siteIds: string[],
  terms: CaseSearchTerms,
  limit: number,
): Promise<CaseSearchRow[]> {
  if (siteIds.length === 0) return Promise.resolve([]);
  const assignee = alias(accounts, 'assignee');
  const fullName = sql`lower(unaccent(${people.givenName} || ' ' || ${people.familyName}))`;
  const matches: SQL[] = [];
  if (terms.words.length > 0) {
    const all = terms.words.map(
      (word) => sql`${fullName} like '%' || lower(unaccent(${escapeLike(word)})) || '%'`,
    );
    matches.push(sql`(${sql.join(all, sql` and `)})`);
  }
  if (terms.reference) matches.push(sql`upper(${cases.reference}) = ${terms.reference}`);
  if (terms.dateOfBirth) matches.push(sql`${people.dateOfBirth} = ${terms.dateOfBirth}::date`);
  if (terms.phoneDigits) {
    matches.push(
      sql`regexp_replace(coalesce(${people.phone}, ''), '[^0-9]', '', 'g') like '%' || ${terms.phoneDigits} || '%'`,
    );
  }
  if (matches.length === 0) return Promise.resolve([]);
  return db
    .select({
      id: cases.id,
      reference: cases.reference,
      givenName: people.givenName,
      familyName: people.familyName,
      dateOfBirth: people.dateOfBirth,
      siteName: sites.name,
      status: cases.status,
      assigneeName: assignee.displayName,
      referredAt: cases.referredAt,
    })
    .from(cases)
    .innerJoin(people, eq(people.id, cases.personId))
    .innerJoin(sites, eq(sites.id, cases.siteId))
    .leftJoin(assignee, eq(assignee.id, cases.assignedTo))
    .where(and(inArray(cases.siteId, siteIds), or(...matches)))
    .orderBy(desc(cases.referredAt), asc(cases.id))
    .limit(limit);
}

/** A LIKE pattern's wildcards, taken literally. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Open cases by id, locked for a change that must see them as they are. */
export function selectCasesForUpdate(db: Database, ids: string[]): Promise<CaseRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.select().from(cases).where(inArray(cases.id, ids)).orderBy(asc(cases.id)).for('update');
}
