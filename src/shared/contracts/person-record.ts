import { z } from 'zod';
import { Id, LocaleSchema } from './common';
import { auditActorKinds } from './audit';
import { erasureReasons } from '../erasure-reasons';

export { type ErasureReason, erasureReasons } from '../erasure-reasons';

/**
 * A person's full record as one JSON document (docs/person-record.md): version 1. `tables`
 * holds every row of every table of their record by table name, each row with the table's
 * own column names (documents' files as content_base64); `emails` what was emailed to their
 * address; `access` the audit trail of who read or changed the record, with their roles.
 */
export const personRecordFormat = 'passerelle.person-record';
export const personRecordVersion = 1;

const Row = z.record(z.string(), z.unknown());

export const RecordAccessEvent = z.object({
  at: z.iso.datetime({ offset: true }),
  action: z.string(),
  outcome: z.string(),
  subjectType: z.string().nullable(),
  subjectId: z.string().nullable(),
  actorKind: z.enum(auditActorKinds),
  actorName: z.string().nullable(),
  roles: z.array(
    z.object({
      role: z.string(),
      site: z.string().nullable(),
      organisation: z.string().nullable(),
    }),
  ),
});
export type RecordAccessEvent = z.infer<typeof RecordAccessEvent>;

export const PersonRecordExport = z.object({
  format: z.literal(personRecordFormat),
  version: z.literal(personRecordVersion),
  exportedAt: z.iso.datetime({ offset: true }),
  personId: Id,
  /** The person's language: the HTML page's. */
  language: LocaleSchema,
  tables: z.record(z.string(), z.array(Row)),
  emails: z.array(Row),
  access: z.array(RecordAccessEvent),
});
export type PersonRecordExport = z.infer<typeof PersonRecordExport>;

/** What the case screen offers about the person's record, decided by the server. */
export const PersonRecordActions = z.object({
  canExport: z.boolean(),
  canErase: z.boolean(),
  /** Erasure waits until every case of the person is closed. */
  openCases: z.number().int().min(0),
  anonymisedAt: z.iso.datetime({ offset: true }).nullable(),
  /** The case reference the confirmation asks to type. */
  reference: z.string(),
});
export type PersonRecordActions = z.infer<typeof PersonRecordActions>;

export const EraseRecordBody = z.object({
  reason: z.enum(erasureReasons),
  /** The organisation's own reference for the request (a file number): no personal details. */
  requestReference: z
    .string()
    .trim()
    .max(60)
    .regex(/^[A-Za-z0-9 ./#_-]*$/)
    .optional(),
  /** The case reference typed again: the confirmation that this is the person to erase. */
  confirmReference: z.string().trim().min(1).max(40),
});
export type EraseRecordBody = z.infer<typeof EraseRecordBody>;

export const ErasedRecord = z.object({
  anonymisedAt: z.iso.datetime({ offset: true }),
  cases: z.number().int().min(1),
});
export type ErasedRecord = z.infer<typeof ErasedRecord>;

export const RetentionSettings = z.object({
  /** Null: nothing is anonymised by the retention job. */
  retentionYears: z.int().min(1).max(100).nullable(),
});
export type RetentionSettings = z.infer<typeof RetentionSettings>;

/** What the retention job would anonymise now: counts and case references, never names. */
export const RetentionReport = z.object({
  retentionYears: z.int().nullable(),
  people: z.int(),
  cases: z.int(),
  sites: z.array(z.object({ siteId: Id, siteName: z.string(), people: z.int(), cases: z.int() })),
  items: z.array(
    z.object({
      reference: z.string(),
      siteName: z.string(),
      closedAt: z.iso.datetime({ offset: true }),
    }),
  ),
  /** More people than the report lists (it counts them all). */
  truncated: z.boolean(),
});
export type RetentionReport = z.infer<typeof RetentionReport>;

export const recordFormats = ['json', 'html'] as const;
export const RecordFormatQuery = z.object({ format: z.enum(recordFormats).default('json') });
export type RecordFormatQuery = z.infer<typeof RecordFormatQuery>;
