import { type SQL, and, asc, desc, eq, getTableColumns, inArray, sql } from 'drizzle-orm';
import { type Database, selectRows } from '../../db/client';
import { oncePerDatabase } from '../../db/prepared';
import { type TimeBound, keysetTime, timeBoundCondition } from '../../db/time-bounds';
import {
  actionPlans,
  cases,
  connections,
  consents,
  fhirResources,
  fhirTaskState,
  measurementScores,
  measurements,
  organisations,
  people,
  sites,
} from '../../db/schema';
import type { PersonRow, ReferralRow } from './referrals-queries';

/**
 * Where a referral stands as its referrer follows it (interop/fhir/DESIGN.md §3): the case's
 * status, told apart once accepted by whether the person is connected, and at discharge by
 * whether the person was helped. Computed in SQL so that a search filters on what a read shows.
 */
export const referralStages = [
  'received',
  'assigned',
  'accepted',
  'connected',
  'declined',
  'unreachable',
  'completed',
  'cancelled',
] as const;
export type ReferralStage = (typeof referralStages)[number];

/** The connections that make an accepted referral one in progress: a partner took the person on. */
const connectedStatuses = ['accepted', 'did_not_attend', 'attended', 'ongoing', 'stopped'] as const;

const referralStage = sql<ReferralStage>`case ${cases.status}
    when 'new' then 'received'
    when 'assigned' then 'assigned'
    when 'active' then case when exists (
        select 1 from ${connections}
        where ${connections.caseId} = ${cases.id}
          and ${connections.status} in (${sql.join(
            connectedStatuses.map((status) => sql`${status}`),
            sql`, `,
          )})
      ) then 'connected' else 'accepted' end
    when 'declined' then 'declined'
    when 'unreachable' then 'unreachable'
    else case when ${cases.acceptedAt} is not null
        and coalesce(${cases.closureReason}, '') not in ('declined', 'no_contact')
      then 'completed' else 'cancelled' end
  end`;

/** What a referral's Task points to once the person's consent lets the referrer hear it. */
const outputColumns = {
  /** The connections the person attended, oldest first (Procedures). */
  attendedConnectionIds: sql<string[]>`coalesce((select array_agg(${connections.id}::text
      order by ${connections.createdAt}, ${connections.id})
    from ${connections}
    where ${connections.caseId} = ${cases.id} and ${connections.firstAttendedOn} is not null),
    '{}')`,
  /** The goals of the agreed plan (Goals). */
  goalIds: sql<string[]>`coalesce((select array_agg(goal ->> 'id')
    from ${actionPlans}, jsonb_array_elements(${actionPlans.goals}) as goal
    where ${actionPlans.caseId} = ${cases.id} and ${actionPlans.agreedOn} is not null), '{}')`,
  /**
   * The measurements of the case's person in the case not voided, oldest first, each with
   * its instrument and the scales it has a row for (QuestionnaireResponses, Observations).
   */
  measurements: sql<{ id: string; instrumentId: string; scales: string[] }[]>`coalesce((
    select json_agg(json_build_object('id', m.id, 'instrumentId', m.instrument_id,
        'scales', coalesce((select json_agg(s.scale order by s.scale)
          from ${measurementScores} s where s.measurement_id = m.id), '[]'::json))
      order by m.taken_on, m.created_at, m.id)
    from ${measurements} m
    where m.case_id = ${cases.id} and m.person_id = ${cases.personId} and m.voided_at is null),
    '[]'::json)`,
  /** The closing summary to the referrer is written (DocumentReference). */
  summarised: sql<boolean>`${cases.referrerSummary} is not null`,
};

/** What a system reads of a referral it made: the case, its person, and its latest consent. */
export type SystemReferralRow = {
  case: {
    id: string;
    reference: string;
    siteId: string;
    siteName: string;
    personId: string;
    referrerAccountId: string | null;
    status: ReferralRow['status'];
    stage: ReferralStage;
    acceptedAt: Date | null;
    closureReason: string | null;
    referredAt: Date;
    closedAt: Date | null;
  };
  outputs: {
    attendedConnectionIds: string[];
    goalIds: string[];
    measurements: { id: string; instrumentId: string; scales: string[] }[];
    summarised: boolean;
  };
  /** The Task's own version and time, moved by migration 0021's triggers. */
  task: { versionId: number; lastUpdated: Date };
  person: PersonRow;
  consent: typeof consents.$inferSelect | undefined;
};

const referralColumns = {
  case: {
    id: cases.id,
    reference: cases.reference,
    siteId: cases.siteId,
    siteName: sites.name,
    personId: cases.personId,
    referrerAccountId: cases.referrerAccountId,
    status: cases.status,
    stage: referralStage,
    acceptedAt: cases.acceptedAt,
    closureReason: cases.closureReason,
    referredAt: cases.referredAt,
    closedAt: cases.closedAt,
  },
  task: {
    versionId: fhirTaskState.versionId,
    lastUpdated: fhirTaskState.lastUpdated,
  },
  outputs: outputColumns,
  person: people,
};

export async function findSystemReferral(
  db: Database,
  caseId: string,
): Promise<SystemReferralRow | undefined> {
  const [row] = await systemReferralQuery(db).execute({ caseId });
  return row ? { ...row, consent: row.consent ?? undefined } : undefined;
}

/** The case's latest consent, as selectCaseConsents picks it. Its LIMIT is in the SQL. */
const latestConsentId = sql`(select c.id from ${consents} c where c.case_id = ${cases.id}
  order by c.created_at desc limit 1)`;

/** Every FHIR read of a referral asks this: built and prepared once (see db/prepared.ts). */
const systemReferralQuery = oncePerDatabase((db: Database) =>
  db
    .select({ ...referralColumns, consent: getTableColumns(consents) })
    .from(cases)
    .innerJoin(people, eq(people.id, cases.personId))
    .innerJoin(sites, eq(sites.id, cases.siteId))
    .innerJoin(fhirTaskState, eq(fhirTaskState.caseId, cases.id))
    .leftJoin(consents, eq(consents.id, latestConsentId))
    .where(eq(cases.id, sql.placeholder('caseId')))
    .prepare('system_referral'),
);

/** The latest consent of each case, in one statement. */
export async function selectCaseConsents(
  db: Database,
  caseIds: readonly string[],
): Promise<(typeof consents.$inferSelect)[]> {
  if (caseIds.length === 0) return [];
  return db
    .selectDistinctOn([consents.caseId])
    .from(consents)
    .where(inArray(consents.caseId, [...caseIds]))
    .orderBy(consents.caseId, desc(consents.createdAt));
}

/** Starts the Task a system follows, in the transaction of the referral it sent. */
export async function insertTaskState(
  db: Database,
  caseId: string,
  clientAccountId: string,
): Promise<void> {
  await db.insert(fhirTaskState).values({ caseId, clientAccountId });
}

/** A system's search of the referrals it made (DESIGN.md §4); every filter is optional. */
export type SystemReferralFilter = {
  ids?: readonly string[] | undefined;
  personIds?: readonly string[] | undefined;
  stages?: readonly ReferralStage[] | undefined;
  siteIds?: readonly string[] | undefined;
  /** References of the Task's requester as kept (`PractitionerRole/<our id>`). */
  requesters?: readonly string[] | undefined;
  lastUpdated: readonly TimeBound[];
  /** Keyset: the last row of the previous page. */
  after?: { at: string; id: string } | undefined;
  limit: number;
};

export type FoundSystemReferral = SystemReferralRow & {
  /** The Task's time to the microsecond, for the next page's keyset. */
  at: string;
};

/**
 * A page of the referrals a system account made at the given sites, oldest change first
 * (the client's index on Task state), each with its person and latest consent.
 */
export async function selectSystemReferrals(
  db: Database,
  accountId: string,
  scopeSiteIds: readonly string[],
  filter: SystemReferralFilter,
): Promise<FoundSystemReferral[]> {
  if (scopeSiteIds.length === 0) return [];
  const at = keysetTime(fhirTaskState.lastUpdated);
  const conditions: (SQL | undefined)[] = [
    eq(fhirTaskState.clientAccountId, accountId),
    eq(cases.referrerAccountId, accountId),
    inArray(cases.siteId, [...scopeSiteIds]),
    filter.ids && inArray(fhirTaskState.caseId, [...filter.ids]),
    filter.personIds && inArray(cases.personId, [...filter.personIds]),
    filter.siteIds && inArray(cases.siteId, [...filter.siteIds]),
    filter.stages && inArray(referralStage, [...filter.stages]),
    filter.requesters &&
      sql`exists (select 1 from ${fhirResources} where ${fhirResources.resourceType} = 'Task'
        and ${fhirResources.id} = ${cases.id}
        and ${fhirResources.resource} -> 'requester' ->> 'reference' in (${sql.join(
          filter.requesters.map((reference) => sql`${reference}`),
          sql`, `,
        )}))`,
    ...filter.lastUpdated.map((bound) => timeBoundCondition(fhirTaskState.lastUpdated, bound)),
    filter.after &&
      sql`(${fhirTaskState.lastUpdated}, ${fhirTaskState.caseId}) > (${filter.after.at}::timestamptz, ${filter.after.id}::uuid)`,
  ];
  const rows = await db
    .select({ ...referralColumns, consent: getTableColumns(consents), at })
    .from(fhirTaskState)
    .innerJoin(cases, eq(cases.id, fhirTaskState.caseId))
    .innerJoin(people, eq(people.id, cases.personId))
    .innerJoin(sites, eq(sites.id, cases.siteId))
    .leftJoin(consents, eq(consents.id, latestConsentId))
    .where(and(...conditions))
    .orderBy(asc(fhirTaskState.lastUpdated), asc(fhirTaskState.caseId))
    .limit(filter.limit);
  return rows.map((row) => ({ ...row, consent: row.consent ?? undefined }));
}

/** A connection the person attended, as the referrer may hear of it. */
export type AttendedConnectionRow = {
  id: string;
  caseId: string;
  organisationName: string;
  activity: string;
  status: string;
  firstAttendedOn: string;
  version: number;
  updatedAt: Date;
};

export async function findAttendedConnection(
  db: Database,
  id: string,
): Promise<AttendedConnectionRow | undefined> {
  const [row] = await db
    .select({
      id: connections.id,
      caseId: connections.caseId,
      organisationName: connections.organisationName,
      activity: connections.activity,
      status: connections.status,
      firstAttendedOn: sql<string>`${connections.firstAttendedOn}`,
      version: connections.version,
      updatedAt: connections.updatedAt,
    })
    .from(connections)
    .where(and(eq(connections.id, id), sql`${connections.firstAttendedOn} is not null`));
  return row;
}

/** A goal of an agreed plan, found among a system account's referrals only. */
export type PlanGoalRow = {
  caseId: string;
  id: string;
  text: string;
  agreedOn: string;
  version: number;
  updatedAt: Date;
};

export async function findAgreedGoal(
  db: Database,
  clientAccountId: string,
  goalId: string,
): Promise<PlanGoalRow | undefined> {
  const [row] = await selectRows<{
    case_id: string;
    id: string;
    text: string;
    agreed_on: string;
    version: number;
    updated_at: string;
  }>(
    db,
    sql`select p.case_id, goal ->> 'id' as id, goal ->> 'text' as text,
        p.agreed_on::text as agreed_on, p.version, p.updated_at
      from ${fhirTaskState} s
      join ${actionPlans} p on p.case_id = s.case_id,
        jsonb_array_elements(p.goals) as goal
      where s.client_account_id = ${clientAccountId} and p.agreed_on is not null
        and p.goals @> ${JSON.stringify([{ id: goalId }])}::jsonb
        and goal ->> 'id' = ${goalId}
      limit 1`,
  );
  return (
    row && {
      caseId: row.case_id,
      id: row.id,
      text: row.text,
      agreedOn: row.agreed_on,
      version: row.version,
      updatedAt: new Date(row.updated_at),
    }
  );
}

/** The closing summary to the referrer as the cases feature wrote it. */
export async function findReferrerSummary(
  db: Database,
  caseId: string,
): Promise<Record<string, unknown> | null> {
  const [row] = await db
    .select({ summary: cases.referrerSummary })
    .from(cases)
    .where(eq(cases.id, caseId));
  return row?.summary ?? null;
}

/** A site a system refers to, with its organisation, as the system may read them. */
export type ReferralSiteRow = {
  site: { id: string; name: string; version: number; updatedAt: Date };
  organisation: { id: string; name: string; kind: string; version: number; updatedAt: Date };
};

export async function selectReferralSites(
  db: Database,
  siteIds: readonly string[],
): Promise<ReferralSiteRow[]> {
  if (siteIds.length === 0) return [];
  return db
    .select({
      site: {
        id: sites.id,
        name: sites.name,
        version: sites.version,
        updatedAt: sites.updatedAt,
      },
      organisation: {
        id: organisations.id,
        name: organisations.name,
        kind: organisations.kind,
        version: organisations.version,
        updatedAt: organisations.updatedAt,
      },
    })
    .from(sites)
    .innerJoin(organisations, eq(organisations.id, sites.organisationId))
    .where(inArray(sites.id, [...siteIds]));
}
