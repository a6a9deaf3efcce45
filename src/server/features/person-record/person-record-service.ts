import {
  type EraseRecordBody,
  type ErasedRecord,
  type PersonRecordActions,
  type PersonRecordExport,
  type RetentionReport,
  type RetentionSettings,
  personRecordFormat,
  personRecordVersion,
} from '../../../shared/contracts/person-record';
import type { Database } from '../../db/client';
import type { Actor, PersonActor, RequestOrigin } from '../../platform/actor';
import { AppError, forbidden, notFound } from '../../platform/errors';
import type { JobLog } from '../../platform/jobs';
import { actorKindOf, caseSubject, recordAudit } from '../audit';
import { canWorkOnCaseAt, refusedCase, requireCase } from '../cases';
import {
  canEraseRecord,
  canExportRecord,
  canManageRetention,
  erasesRecords,
} from './person-record-policy';
import {
  type AccessRow,
  type PersonFacts,
  anonymiseRecord,
  findPersonFacts,
  findRecordCase,
  findRetentionYears,
  saveRetentionYears,
  selectAccessEvents,
  selectEmailsTo,
  selectPersonCases,
  selectRecordIds,
  selectRecordRows,
  selectRetentionCandidates,
} from './person-record-queries';
import { renderRecordHtml } from './person-record-html';

export type RecordFormat = 'json' | 'html';
export type RecordFile = { body: string; contentType: string; fileName: string };

type Who = Actor | { accountId: null; origin: RequestOrigin };
const viaPersonSession = { via: 'person_session' } as const;
const noOrigin: RequestOrigin = { ip: null, userAgent: null };

function presentAccess(row: AccessRow): PersonRecordExport['access'][number] {
  return {
    at: new Date(row.at).toISOString(),
    action: row.action,
    outcome: row.outcome,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    actorKind: actorKindOf({
      actorId: row.actor_id,
      action: row.action,
      ip: row.ip,
      userAgent: row.user_agent,
      details: row.details,
    }),
    actorName: row.actor_name,
    roles: row.roles,
  };
}

/** Everything Passerelle holds about the person, read in one snapshot. */
async function buildExport(db: Database, person: PersonFacts): Promise<PersonRecordExport> {
  const tables = await selectRecordRows(db, person.id);
  const ids = await selectRecordIds(db, person.id);
  return {
    format: personRecordFormat,
    version: personRecordVersion,
    exportedAt: new Date().toISOString(),
    personId: person.id,
    language: person.preferred_language,
    tables,
    emails: await selectEmailsTo(db, person),
    access: (await selectAccessEvents(db, ids)).map(presentAccess),
  };
}

function fileOf(record: PersonRecordExport, format: RecordFormat, reference: string): RecordFile {
  const fileName = `passerelle-record-${reference}.${format}`;
  return format === 'json'
    ? { body: JSON.stringify(record, null, 2), contentType: 'application/json', fileName }
    : {
        body: renderRecordHtml(record, record.language),
        contentType: 'text/html; charset=utf-8',
        fileName,
      };
}

async function requirePerson(db: Database, personId: string, lock = false): Promise<PersonFacts> {
  const person = await findPersonFacts(db, personId, lock);
  if (!person) throw new AppError('not_found');
  return person;
}

/** The person's full record, for staff who work on the case; audited on the case. */
export async function exportRecordForStaff(
  db: Database,
  actor: Actor,
  caseId: string,
  format: RecordFormat,
): Promise<RecordFile> {
  return db.transaction(
    async (tx) => {
      const row = await requireCase(tx, actor, caseId);
      if (!canExportRecord(actor, row.siteId)) throw forbidden(refusedCase(caseId, row.siteId));
      const record = await buildExport(tx, await requirePerson(tx, row.personId));
      await recordAudit(tx, actor, {
        action: 'person_record.exported',
        ...caseSubject(row),
        details: { format },
      });
      return fileOf(record, format, row.reference);
    },
    { isolationLevel: 'repeatable read' },
  );
}

/** The person's own full record, from their own space; audited on the case of their session. */
export async function exportOwnRecord(
  db: Database,
  person: PersonActor,
  format: RecordFormat,
): Promise<RecordFile> {
  return db.transaction(
    async (tx) => {
      const facts = await requirePerson(tx, person.personId);
      const cases = await selectPersonCases(tx, person.personId);
      const opened = cases.find((c) => c.id === person.caseId);
      if (!opened) throw new AppError('unauthenticated');
      const record = await buildExport(tx, facts);
      await recordAudit(
        tx,
        { accountId: null, origin: person.origin },
        {
          action: 'person.own_record_exported',
          ...caseSubject({ id: opened.id, siteId: opened.site_id }),
          details: { ...viaPersonSession, format },
        },
      );
      return fileOf(record, format, opened.reference);
    },
    { isolationLevel: 'repeatable read' },
  );
}

/** The record's case as erasure sees it: administrators reach it without working on cases. */
async function requireErasableCase(
  db: Database,
  actor: Actor,
  caseId: string,
): Promise<{ id: string; siteId: string; reference: string; personId: string }> {
  if (!erasesRecords(actor)) throw forbidden(refusedCase(caseId));
  const row = await findRecordCase(db, caseId);
  if (!row) throw notFound(refusedCase(caseId));
  if (!canEraseRecord(actor, row.siteId)) throw notFound(refusedCase(caseId, row.siteId));
  return row;
}

/** What the case screen offers about the record: the server decides, the screen shows. */
export async function recordActions(
  db: Database,
  actor: Actor,
  caseId: string,
): Promise<PersonRecordActions> {
  const row = await findRecordCase(db, caseId);
  const visible = row && (canWorkOnCaseAt(actor, row.siteId) || canEraseRecord(actor, row.siteId));
  if (!row || !visible) {
    // requireCase says 403 or 404 and audits the refusal as every case read does.
    await requireCase(db, actor, caseId);
    throw notFound(refusedCase(caseId));
  }
  const person = await requirePerson(db, row.personId);
  return {
    canExport: canExportRecord(actor, row.siteId),
    canErase: canEraseRecord(actor, row.siteId) && person.anonymised_at === null,
    openCases: person.open_cases,
    anonymisedAt: person.anonymised_at ? new Date(person.anonymised_at).toISOString() : null,
    reference: row.reference,
  };
}

/**
 * Removes the person's identity and free texts from their whole record, keeping what the
 * reports count, and audits each of their cases: the one routine of retention and erasure.
 * Inside the caller's transaction, the person's row locked.
 */
async function anonymisePerson(
  tx: Database,
  who: Who,
  person: PersonFacts,
  details: Record<string, unknown>,
): Promise<number> {
  const cases = await selectPersonCases(tx, person.id);
  await anonymiseRecord(tx, person);
  for (const c of cases) {
    await recordAudit(tx, who, {
      action: 'case.anonymised',
      ...caseSubject({ id: c.id, siteId: c.site_id }),
      details,
    });
  }
  return cases.length;
}

/**
 * Erasure on request: the person of the case, once every case of theirs is closed, with the
 * grounds as a code and the case reference typed again. Irreversible.
 */
export async function eraseRecord(
  db: Database,
  actor: Actor,
  caseId: string,
  body: EraseRecordBody,
): Promise<ErasedRecord> {
  return db.transaction(async (tx) => {
    const row = await requireErasableCase(tx, actor, caseId);
    const person = await requirePerson(tx, row.personId, true);
    if (person.anonymised_at) throw new AppError('person_already_anonymised');
    if (body.confirmReference !== row.reference) {
      throw new AppError('erasure_not_confirmed', { field: 'confirmReference' });
    }
    if (person.open_cases > 0) throw new AppError('person_has_open_case');
    const cases = await anonymisePerson(tx, actor, person, {
      trigger: 'erasure',
      reason: body.reason,
      ...(body.requestReference ? { requestReference: body.requestReference } : {}),
    });
    return { anonymisedAt: new Date().toISOString(), cases };
  });
}

const reportItems = 500;

/** What the retention job would anonymise now, without a name: for administrators. */
export async function retentionReport(db: Database): Promise<RetentionReport> {
  const years = await findRetentionYears(db);
  const candidates = years === null ? [] : await selectRetentionCandidates(db, years, null);
  const sites = new Map<string, RetentionReport['sites'][number]>();
  const items: RetentionReport['items'] = [];
  for (const person of candidates) {
    const site = sites.get(person.site_id) ?? {
      siteId: person.site_id,
      siteName: person.site_name,
      people: 0,
      cases: 0,
    };
    site.people += 1;
    site.cases += person.cases.length;
    sites.set(person.site_id, site);
    for (const c of person.cases) {
      if (items.length < reportItems) {
        items.push({
          reference: c.reference,
          siteName: person.site_name,
          closedAt: new Date(c.closed_at).toISOString(),
        });
      }
    }
  }
  const cases = candidates.reduce((sum, p) => sum + p.cases.length, 0);
  return {
    retentionYears: years,
    people: candidates.length,
    cases,
    sites: [...sites.values()].sort((a, b) => a.siteName.localeCompare(b.siteName)),
    items,
    truncated: cases > items.length,
  };
}

export async function reviewRetention(db: Database, actor: Actor): Promise<RetentionReport> {
  if (!canManageRetention(actor)) throw forbidden();
  return db.transaction(async (tx) => {
    const report = await retentionReport(tx);
    await recordAudit(tx, actor, {
      action: 'retention.reviewed',
      details: { people: report.people, cases: report.cases },
    });
    return report;
  });
}

export async function setRetention(
  db: Database,
  actor: Actor,
  body: RetentionSettings,
): Promise<RetentionReport> {
  if (!canManageRetention(actor)) throw forbidden();
  return db.transaction(async (tx) => {
    const before = await findRetentionYears(tx);
    await saveRetentionYears(tx, body.retentionYears, actor.accountId);
    await recordAudit(tx, actor, {
      action: 'retention.updated',
      details: { from: before, to: body.retentionYears },
    });
    return retentionReport(tx);
  });
}

/**
 * The retention job's run: each person whose cases all closed longer ago than the setting,
 * anonymised in a transaction of their own (checked again under its lock). Nothing until an
 * administrator sets the period. Logs counts only.
 */
export async function runRetention(db: Database, log: JobLog): Promise<number> {
  const years = await findRetentionYears(db);
  if (years === null) return 0;
  const candidates = await selectRetentionCandidates(db, years, 1000);
  let anonymised = 0;
  for (const candidate of candidates) {
    const done = await db.transaction(async (tx) => {
      const person = await requirePerson(tx, candidate.person_id, true);
      const [still] = await selectRetentionCandidates(tx, years, 1, person.id);
      if (!still || person.anonymised_at) return false;
      await anonymisePerson(tx, { accountId: null, origin: noOrigin }, person, {
        trigger: 'retention',
        retentionYears: years,
      });
      return true;
    });
    if (done) anonymised += 1;
  }
  if (anonymised > 0) log.info({ people: anonymised, years }, 'retention: records anonymised');
  return anonymised;
}
