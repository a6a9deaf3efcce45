/**
 * Every table that holds something of a person, and what the record export and the
 * anonymisation (retention and erasure on request) do with it: the one place that knows.
 * The tables tied to a person by a foreign key are found by walking the Drizzle schema
 * (linkedTables); a test fails when one of them, or a table with a person or case column but
 * no key, has no rule here, so a table added later is never silently left out.
 */
import { type SQL, is, sql } from 'drizzle-orm';
import { PgTable, getTableConfig } from 'drizzle-orm/pg-core';
import * as schema from '../../db/schema';
import {
  caseStatuses,
  connectionStatuses,
  connectionStopReasons,
  declineReasons,
  dischargeReasons,
  partnerDeclineReasons,
  referralReasons,
} from '../../../shared/pathway';

/**
 * What anonymisation does to a table's rows of the person: `scrub` sets each named column to
 * an SQL expression over the row (free texts and identity gone, codes and figures kept),
 * `delete` removes them, `keep` leaves them, saying why.
 */
export type Anonymise = { scrub: Record<string, string> } | { delete: true } | { keep: string };

export type LinkedRule = {
  /** The column that ties a row to the person: a foreign key to people, cases or a table here. */
  via: string;
  /** Columns never exported: secrets, and bytes exported otherwise. */
  omit?: string[];
  /** Extra exported fields: name to an SQL expression over the row `t`. */
  extra?: Record<string, string>;
  /** Exported in this order (a column of the table). */
  orderBy?: string;
  anonymise: Anonymise;
};

/** Codes kept as they are; anything else in these columns was typed by hand: 'other'. */
const codes = [
  ...new Set<string>([
    ...caseStatuses,
    ...connectionStatuses,
    ...connectionStopReasons,
    ...declineReasons,
    ...dischargeReasons,
    ...partnerDeclineReasons,
  ]),
];
const codeList = (list: readonly string[]): string => `'{${list.join(',')}}'::text[]`;
/** A reason column: its code, or 'other' where words were typed (reports already read it so). */
const reasonCode = (column: string): string =>
  `case when ${column} is null or ${column} = any(${codeList(codes)}) then ${column} else 'other' end`;

/** Band lower bounds of the reports' age bands (report-expressions.ts, ageBand). */
const bandFloor = (age: string): string =>
  `case when ${age} >= 80 then 80 when ${age} >= 65 then 65 when ${age} >= 45 then 45
    when ${age} >= 25 then 25 when ${age} >= 18 then 18 else 0 end`;

/**
 * The latest birth date that keeps the age band of every case of the person on its referral
 * day: it depends on those bands and days only, so it says nothing more of the person.
 */
const birthDateKeepingBands = `(select min((c.referred_at::date
    - make_interval(years => ${bandFloor(
      'extract(year from age(c.referred_at::date, people.date_of_birth))::int',
    )}))::date)
  from cases c where c.person_id = people.id)`;

/**
 * The reports' area (first three characters of a Canadian postal code, département of a
 * French one) and nothing finer; null when the reports read none ('unknown').
 */
const areaOnly = `case
  when upper(postal_code) ~ '^[A-Z][0-9][A-Z]' then upper(substr(postal_code, 1, 3))
  when postal_code ~ '^[0-9]{5}$' then substr(postal_code, 1, 2) || '000'
  end`;

const blankGoals = `coalesce((select jsonb_agg(jsonb_set(jsonb_set(g, '{text}', '""'), '{steps}',
    coalesce((select jsonb_agg(jsonb_set(s, '{text}', '""'))
      from jsonb_array_elements(g->'steps') s), '[]'::jsonb)))
  from jsonb_array_elements(goals) g), '[]'::jsonb)`;

/** Tables tied to the person by a foreign key, by their SQL name. */
export const linkedRules: Record<string, LinkedRule> = {
  people: {
    via: 'id',
    anonymise: {
      scrub: {
        given_name: `''`,
        family_name: `''`,
        date_of_birth: `coalesce(${birthDateKeepingBands}, date_of_birth)`,
        email: 'null',
        phone: 'null',
        address: 'null',
        postal_code: areaOnly,
        accessibility_needs: 'null',
      },
    },
  },
  cases: {
    via: 'person_id',
    orderBy: 'referred_at',
    anonymise: {
      scrub: {
        referrer_name: 'null',
        referrer_contact: 'null',
        reasons: `array(select case when r = any(${codeList(referralReasons)}) then r else 'other' end
          from unnest(reasons) r)`,
        reason_other: 'null',
        context: 'null',
        closure_reason: reasonCode('closure_reason'),
        closure_note: 'null',
        referrer_summary: 'null',
      },
    },
  },
  consents: { via: 'person_id', anonymise: { scrub: { given_by_name: 'null' } } },
  case_events: {
    via: 'case_id',
    orderBy: 'at',
    anonymise: { scrub: { reason: reasonCode('reason'), note: 'null' } },
  },
  contacts: { via: 'case_id', orderBy: 'occurred_at', anonymise: { scrub: { notes: 'null' } } },
  safeguarding_concerns: {
    via: 'case_id',
    orderBy: 'created_at',
    anonymise: { scrub: { description: `''` } },
  },
  case_notes: { via: 'case_id', orderBy: 'created_at', anonymise: { scrub: { body: `''` } } },
  appointments: {
    via: 'case_id',
    orderBy: 'starts_at',
    anonymise: { scrub: { place: 'null', note: 'null' } },
  },
  case_documents: {
    via: 'case_id',
    orderBy: 'created_at',
    omit: ['content'],
    extra: {
      content_base64: `case when t.removed_at is null then encode(t.content, 'base64') end`,
    },
    anonymise: {
      scrub: {
        file_name: `''`,
        content: `''::bytea`,
        sha256: `''`,
        removed_at: 'coalesce(removed_at, now())',
      },
    },
  },
  notifications: {
    via: 'case_id',
    orderBy: 'created_at',
    anonymise: { keep: 'staff notifications: a kind and the case reference, no personal words' },
  },
  assessments: {
    via: 'case_id',
    anonymise: {
      scrub: { what_matters: 'null', strengths: 'null', interests: 'null', barrier_notes: 'null' },
    },
  },
  action_plans: { via: 'case_id', anonymise: { scrub: { goals: blankGoals } } },
  plan_reviews: { via: 'case_id', orderBy: 'reviewed_on', anonymise: { scrub: { notes: `''` } } },
  follow_ups: { via: 'case_id', orderBy: 'due_on', anonymise: { scrub: { note: 'null' } } },
  connections: {
    via: 'case_id',
    orderBy: 'created_at',
    anonymise: {
      scrub: {
        person_wants: 'null',
        partner_message: 'null',
        status_reason: reasonCode('status_reason'),
      },
    },
  },
  connection_events: {
    via: 'connection_id',
    orderBy: 'at',
    anonymise: { scrub: { reason: reasonCode('reason'), note: 'null' } },
  },
  measurements: {
    via: 'case_id',
    orderBy: 'taken_on',
    anonymise: { scrub: { void_note: 'null' } },
  },
  measurement_answers: {
    via: 'measurement_id',
    anonymise: { keep: 'item answers are the figures the scores and reports come from' },
  },
  measurement_scores: {
    via: 'measurement_id',
    anonymise: { keep: 'scores are what the outcome reports count' },
  },
  questionnaire_requests: {
    via: 'case_id',
    orderBy: 'created_at',
    anonymise: { keep: 'instruments and dates only' },
  },
  measurement_reminders: { via: 'case_id', anonymise: { keep: 'a timepoint and a date only' } },
  person_sessions: {
    via: 'person_id',
    omit: ['token_hash', 'csrf_token'],
    anonymise: { delete: true },
  },
  person_sign_in_codes: {
    via: 'person_id',
    omit: ['code_hash'],
    anonymise: { delete: true },
  },
  person_notes: {
    via: 'person_id',
    orderBy: 'created_at',
    anonymise: { scrub: { body: `''` } },
  },
  person_requests: {
    via: 'case_id',
    orderBy: 'created_at',
    // The kind and how it ended stay; what the person and the manager wrote goes.
    anonymise: { scrub: { body: `''`, response: 'null' } },
  },
  fhir_task_state: {
    via: 'case_id',
    anonymise: { keep: 'the Task version a connected system polls, and its time: no words' },
  },
  fhir_deliveries: {
    via: 'case_id',
    orderBy: 'created_at',
    anonymise: {
      keep: 'when a connected system was told its Task changed: ids, times and status only',
    },
  },
  fhir_resources: {
    via: 'case_id',
    orderBy: 'last_updated',
    // What a connected system sent with the referral (its Patient, notes): words, all of it.
    anonymise: { delete: true },
  },
};

/**
 * Tables with a person's or case's id but no foreign key to follow, and why each is handled
 * where it is (person-record-queries.ts reads and scrubs the first three by the ids of the
 * record's rows or the person's email).
 */
export const unlinkedRules: Record<string, string> = {
  audit_events: 'exported as who accessed the record; append-only, holds ids and codes only',
  outbound_emails: 'exported and scrubbed by the person’s email address',
  action_links: 'links about the record are ended (expired), never exported: only token hashes',
  idempotency_keys: 'answers kept 24 hours that name the record are deleted',
  fhir_pending_notifications: 'derived: the notify job’s queue of changed Task ids',
  fhir_identifiers: 'request identifiers of the sending system, kept so a repeat is recognised',
  report_case_facts: 'derived: refreshed from the tables above by the reports job',
  report_connection_facts: 'derived: refreshed from the tables above by the reports job',
  report_outcome_pairs: 'derived: refreshed from the tables above by the reports job',
  report_dirty_cases: 'derived: the reports job’s queue of case ids',
};

export type LinkedTable = {
  name: string;
  rule: LinkedRule;
  /** The table `via` refers to (null for people itself). */
  parent: string | null;
  parentColumn: string | null;
  columns: string[];
};

const tables: PgTable[] = Object.values(schema as Record<string, unknown>).filter(
  (value): value is PgTable => is(value, PgTable),
);

/**
 * Walks the schema from people: every table with a foreign key to a table already reached,
 * each with the one foreign key it is reached by (its rule's `via`), parents first. A table
 * reached but without a rule is in `missing`.
 */
export function walkSchema(): { linked: LinkedTable[]; missing: string[] } {
  const people = getTableConfig(schema.people);
  const linked: LinkedTable[] = [
    {
      name: 'people',
      rule: ruleOf('people'),
      parent: null,
      parentColumn: null,
      columns: people.columns.map((c) => c.name),
    },
  ];
  const reached = new Set(['people']);
  const missing: string[] = [];
  let grew = true;
  while (grew) {
    grew = false;
    for (const table of tables) {
      const config = getTableConfig(table);
      if (reached.has(config.name)) continue;
      const keys = config.foreignKeys.map((key) => key.reference());
      const toReached = keys.filter((key) => reached.has(getTableConfig(key.foreignTable).name));
      if (toReached.length === 0) continue;
      reached.add(config.name);
      grew = true;
      const rule = linkedRules[config.name];
      if (!rule) {
        missing.push(config.name);
        continue;
      }
      const key = toReached.find((k) => k.columns[0]?.name === rule.via);
      if (!key) {
        missing.push(`${config.name}.${rule.via}`);
        continue;
      }
      linked.push({
        name: config.name,
        rule,
        parent: getTableConfig(key.foreignTable).name,
        parentColumn: key.foreignColumns[0]?.name ?? 'id',
        columns: config.columns.map((c) => c.name),
      });
    }
  }
  return { linked, missing };
}

function ruleOf(name: string): LinkedRule {
  const rule = linkedRules[name];
  if (!rule) throw new Error(`no rule for ${name}`);
  return rule;
}

/** Every table of the schema with its column names, for the coverage test. */
export function schemaColumns(): { name: string; columns: string[] }[] {
  return tables.map((table) => {
    const config = getTableConfig(table);
    return { name: config.name, columns: config.columns.map((c) => c.name) };
  });
}

/**
 * The tables of a person's record, parents before children (person-record.test.ts fails
 * while walkSchema finds one without a rule).
 */
export const recordTables: readonly LinkedTable[] = walkSchema().linked;

/**
 * The condition that a row `alias` of the table belongs to the person `personId`: its `via`
 * column among the parent's rows of the person, down from people.
 */
export function belongsToPerson(name: string, personId: string, alias = 't'): SQL {
  const chain: LinkedTable[] = [];
  let current = recordTables.find((table) => table.name === name);
  while (current) {
    chain.unshift(current);
    const parent = current.parent;
    current = parent ? recordTables.find((table) => table.name === parent) : undefined;
  }
  const [root, ...rest] = chain;
  if (!root || root.name !== 'people') throw new Error(`${name} is not of a person's record`);
  // people.id = person, then each level: child.via in (select parentColumn from parent where …)
  let condition: SQL = sql`id = ${personId}::uuid`;
  for (const table of rest) {
    condition = sql`${sql.raw(table.rule.via)} in (select ${sql.raw(table.parentColumn ?? 'id')}
      from ${sql.raw(table.parent ?? '')} where ${condition})`;
  }
  return sql`${sql.raw(alias)}.${condition}`;
}
