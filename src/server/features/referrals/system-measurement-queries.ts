import { type SQL, and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { type TimeBound, timeBoundCondition } from '../../db/time-bounds';
import {
  cases,
  fhirTaskState,
  measurementAnswers,
  measurementScores,
  measurements,
} from '../../db/schema';

/*
 * The outcome measures of a system's referrals as the referrer may hear of them
 * (interop/fhir/DESIGN.md §1): each measurement of the case's person in that case, voided
 * ones included (a reader must learn they were entered in error), with its answers and scores.
 */

/** A measurement with what it holds; its time of change is its voiding, else its making. */
export type SystemMeasurement = {
  id: string;
  caseId: string;
  personId: string;
  siteId: string;
  instrumentId: string;
  instrumentVersion: number;
  takenOn: string;
  answeredBy: 'link_worker' | 'person';
  voidedAt: Date | null;
  createdAt: Date;
  /** Each item's answer; null when left unanswered. */
  answers: Record<string, number | null>;
  scores: {
    scale: string;
    value: number | null;
    band: string | null;
    reason: 'missing_items' | 'invalid_answers' | null;
  }[];
};

/** A search's filter over measurements (`scale` set: over their scores, one row each). */
export type SystemMeasurementFilter = {
  /** Measurement ids. */
  ids?: readonly string[] | undefined;
  /** The scores asked for, each a measurement's scale (a search of scores only). */
  pairs?: readonly { measurementId: string; scale: string }[] | undefined;
  personIds?: readonly string[] | undefined;
  /** Instruments, each of one version where one was named (a Questionnaire's canonical). */
  instruments?: readonly { id: string; version?: number | undefined }[] | undefined;
  /** Scores of these instruments' scales (an Observation's code). */
  scales?: readonly { instrumentId: string; scale: string }[] | undefined;
  /** Voided measurements only (true), standing ones only (false), or both. */
  voided?: boolean | undefined;
  lastUpdated: readonly TimeBound[];
  /** Bounds on the day the measurement was taken (read as a UTC day). */
  takenOn?: readonly TimeBound[] | undefined;
  /** Keyset: the last row of the previous page (its scale too when searching scores). */
  after?: { at: string; id: string; scale?: string | undefined } | undefined;
  limit: number;
};

export type FoundMeasurementRow = {
  measurementId: string;
  caseId: string;
  /** The score's scale when searching scores. */
  scale: string | undefined;
  /** The time of change to the microsecond, for the next page's keyset. */
  at: string;
};

const changedAt = sql<Date>`coalesce(${measurements.voidedAt}, ${measurements.createdAt})`;
/** The day taken, as the instant its UTC day starts (a date bound's range compares with it). */
const takenAt = sql<Date>`(${measurements.takenOn}::timestamp at time zone 'UTC')`;

function ofInstruments(instruments: NonNullable<SystemMeasurementFilter['instruments']>): SQL {
  if (instruments.length === 0) return sql`false`;
  return sql`(${sql.join(
    instruments.map((instrument) =>
      instrument.version === undefined
        ? sql`${measurements.instrumentId} = ${instrument.id}`
        : sql`(${measurements.instrumentId} = ${instrument.id} and ${measurements.instrumentVersion} = ${instrument.version})`,
    ),
    sql` or `,
  )})`;
}

function ofScales(scales: NonNullable<SystemMeasurementFilter['scales']>): SQL {
  if (scales.length === 0) return sql`false`;
  return sql`(${measurements.instrumentId}, ${measurementScores.scale}) in (${sql.join(
    scales.map((s) => sql`(${s.instrumentId}, ${s.scale})`),
    sql`, `,
  )})`;
}

/** A measurement of its case's person, in that case. */
const ofCasePerson = and(
  eq(measurements.caseId, cases.id),
  eq(measurements.personId, cases.personId),
);

/** The measurement, if it is of its case's person in a case a system referred. */
export async function findSystemMeasurement(
  db: Database,
  measurementId: string,
): Promise<SystemMeasurement | undefined> {
  const [found] = await selectMeasurements(db, [measurementId]);
  return found;
}

/**
 * A page of the measurements (or scores) of the referrals a system account made at the given
 * sites, oldest change first; the caller checks each case's consent.
 */
export async function selectSystemMeasurementRows(
  db: Database,
  accountId: string,
  scopeSiteIds: readonly string[],
  level: 'measurement' | 'score',
  filter: SystemMeasurementFilter,
): Promise<FoundMeasurementRow[]> {
  if (scopeSiteIds.length === 0) return [];
  const scores = level === 'score';
  const conditions: (SQL | undefined)[] = [
    eq(fhirTaskState.clientAccountId, accountId),
    eq(cases.referrerAccountId, accountId),
    inArray(cases.siteId, [...scopeSiteIds]),
    filter.ids && inArray(measurements.id, [...filter.ids]),
    filter.pairs &&
      (filter.pairs.length === 0
        ? sql`false`
        : sql`(${measurementScores.measurementId}, ${measurementScores.scale}) in (${sql.join(
            filter.pairs.map((pair) => sql`(${pair.measurementId}::uuid, ${pair.scale})`),
            sql`, `,
          )})`),
    filter.personIds && inArray(cases.personId, [...filter.personIds]),
    filter.instruments && ofInstruments(filter.instruments),
    filter.scales && ofScales(filter.scales),
    filter.voided === undefined
      ? undefined
      : filter.voided
        ? sql`${measurements.voidedAt} is not null`
        : sql`${measurements.voidedAt} is null`,
    ...filter.lastUpdated.map((bound) => timeBoundCondition(changedAt, bound)),
    ...(filter.takenOn ?? []).map((bound) => timeBoundCondition(takenAt, bound)),
    filter.after &&
      (scores
        ? sql`(${changedAt}, ${measurements.id}, ${measurementScores.scale}) > (${filter.after.at}::timestamptz, ${filter.after.id}::uuid, ${filter.after.scale ?? ''})`
        : sql`(${changedAt}, ${measurements.id}) > (${filter.after.at}::timestamptz, ${filter.after.id}::uuid)`),
  ];
  const base = db
    .select({
      measurementId: measurements.id,
      caseId: cases.id,
      scale: scores ? measurementScores.scale : sql<undefined>`null`,
      at: sql<string>`to_char(${changedAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    })
    .from(fhirTaskState)
    .innerJoin(cases, eq(cases.id, fhirTaskState.caseId))
    .innerJoin(measurements, ofCasePerson);
  const rows = await (
    scores
      ? base
          .innerJoin(measurementScores, eq(measurementScores.measurementId, measurements.id))
          .where(and(...conditions))
          .orderBy(asc(changedAt), asc(measurements.id), asc(measurementScores.scale))
      : base.where(and(...conditions)).orderBy(asc(changedAt), asc(measurements.id))
  ).limit(filter.limit);
  return rows.map((row) => ({ ...row, scale: row.scale ?? undefined }));
}

/** The measurements, each with its answers and scores, in three statements whatever their number. */
export async function selectMeasurements(
  db: Database,
  ids: readonly string[],
): Promise<SystemMeasurement[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({
      id: measurements.id,
      caseId: measurements.caseId,
      personId: measurements.personId,
      siteId: measurements.siteId,
      instrumentId: measurements.instrumentId,
      instrumentVersion: measurements.instrumentVersion,
      takenOn: measurements.takenOn,
      answeredBy: measurements.answeredBy,
      voidedAt: measurements.voidedAt,
      createdAt: measurements.createdAt,
    })
    .from(measurements)
    .innerJoin(cases, ofCasePerson)
    .innerJoin(fhirTaskState, eq(fhirTaskState.caseId, cases.id))
    .where(inArray(measurements.id, [...ids]));
  if (rows.length === 0) return [];
  const found = rows.map((row) => row.id);
  const [answers, scores] = await Promise.all([
    db.select().from(measurementAnswers).where(inArray(measurementAnswers.measurementId, found)),
    db.select().from(measurementScores).where(inArray(measurementScores.measurementId, found)),
  ]);
  return rows.map((row) => ({
    ...row,
    answers: Object.fromEntries(
      answers.filter((a) => a.measurementId === row.id).map((a) => [a.itemId, a.value]),
    ),
    scores: scores
      .filter((s) => s.measurementId === row.id)
      .map(({ scale, value, band, reason }) => ({ scale, value, band, reason })),
  }));
}
