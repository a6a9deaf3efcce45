import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from '../../db/client';
import { accounts, cases, followUps, measurements, people, sites } from '../../db/schema';
import type { FollowUpKind } from '../../../shared/pathway';
import type { TriageSort } from '../../../shared/contracts/cases';
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
  waitingThresholdDays: number;
  contacted: boolean;
  assessed: boolean;
  planned: boolean;
  connected: boolean;
  nextFollowUpOn: string | null;
  nextFollowUpKind: FollowUpKind | null;
};

/**
 * Open cases of the sites, with what the caseload derives its stage and next action from,
 * in one query: each fact is a correlated subquery on an indexed case id.
 */
export function selectCaseload(
  db: Database,
  siteIds: string[],
  assignedTo: string | null,
): Promise<CaseloadRow[]> {
  if (siteIds.length === 0) return Promise.resolve([]);
  const assignee = alias(accounts, 'assignee');
  const openFollowUp = sql`from ${followUps} where ${followUps.caseId} = ${outerCaseId} and ${followUps.doneAt} is null`;
  return db
    .select({
      id: cases.id,
      reference: cases.reference,
      givenName: people.givenName,
      familyName: people.familyName,
      status: cases.status,
      urgency: cases.urgency,
      assigneeName: assignee.displayName,
      referredAt: cases.referredAt,
      firstContactAt: cases.firstContactAt,
      acceptedAt: cases.acceptedAt,
      measuredAtBaseline: sql<boolean>`exists (select 1 from ${measurements}
        where ${measurements.caseId} = ${outerCaseId} and ${measurements.timepoint} = 'baseline')`,
      waitingThresholdDays: sites.waitingThresholdDays,
      ...stageFacts,
      nextFollowUpOn: sql<string | null>`(select min(${followUps.dueOn})::text ${openFollowUp})`,
      nextFollowUpKind: sql<FollowUpKind | null>`(select ${followUps.kind} ${openFollowUp} order by ${followUps.dueOn} limit 1)`,
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
      ),
    )
    .limit(1000);
}
