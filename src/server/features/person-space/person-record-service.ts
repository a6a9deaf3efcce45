import type {
  PersonConsents,
  PersonConsentScope,
  PersonRecordAccessList,
  PersonRecordAccessQuery,
} from '../../../shared/contracts/person-space';
import type { Locale } from '../../../shared/locale';
import type { Database } from '../../db/client';
import type { PersonActor } from '../../platform/actor';
import { decodeCursor, encodeCursor } from '../../platform/cursor';
import { AppError } from '../../platform/errors';
import { caseSubject, recordAudit } from '../audit';
import { selectPersonConsents, updatePreferredLanguage, withdrawConsentPart } from '../referrals';
import { presentPersonConsents } from './person-space-presenter';
import { selectAccessGrants, selectRecordAccesses } from './person-space-queries';
import { accessorOf, readingActions } from './person-space-rules';
import { requireOwnCase, viaPersonSession, whoIs } from './person-space-service';

/** The case the session opened on: where the person's own reads and choices are audited. */
async function sessionCase(db: Database, person: PersonActor) {
  const row = await requireOwnCase(db, person, person.caseId);
  return caseSubject({ id: row.caseId, siteId: row.siteId });
}

/**
 * Who opened the person's record (any of their cases), from the audit trail: one line per
 * account and day, by role and organisation or site, never by name or id. Paged, newest
 * first; reading it is audited.
 */
export async function listRecordAccesses(
  db: Database,
  person: PersonActor,
  query: PersonRecordAccessQuery,
): Promise<PersonRecordAccessList> {
  const before = query.cursor ? decodeBefore(query.cursor) : undefined;
  return db.transaction(async (tx) => {
    const subject = await sessionCase(tx, person);
    const rows = await selectRecordAccesses(tx, person.personId, readingActions, {
      before,
      limit: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    const grants = await selectAccessGrants(tx, [...new Set(page.map((row) => row.actorId))]);
    await recordAudit(tx, whoIs(person), {
      action: 'person.record_accesses_viewed',
      ...subject,
      details: viaPersonSession,
    });
    const last = page.at(-1);
    return {
      items: page.map((row) => ({
        firstAt: row.firstAt.toISOString(),
        ...accessorOf(
          grants.filter((g) => g.accountId === row.actorId),
          row.caseSiteId,
        ),
        changed: row.changed,
      })),
      nextCursor:
        rows.length > query.limit && last
          ? encodeCursor([last.firstAt.toISOString(), last.firstId])
          : null,
    };
  });
}

function decodeBefore(cursor: string): { firstAt: Date; firstId: string } {
  const [at = '', id = ''] = decodeCursor(cursor, 2);
  const firstAt = new Date(at);
  if (Number.isNaN(firstAt.getTime()) || !/^\d{1,19}$/.test(id)) {
    throw new AppError('bad_request', { field: 'cursor' });
  }
  return { firstAt, firstId: id };
}

/** What the person's consents cover now; reading them is audited. */
export async function getPersonConsents(
  db: Database,
  person: PersonActor,
): Promise<PersonConsents> {
  return db.transaction(async (tx) => {
    const subject = await sessionCase(tx, person);
    await recordAudit(tx, whoIs(person), {
      action: 'person.consents_viewed',
      ...subject,
      details: viaPersonSession,
    });
    return presentPersonConsents(await selectPersonConsents(tx, person.personId));
  });
}

/**
 * The person withdraws updates to the referrer or sharing with partners, on every consent
 * they gave, at once: each reader asks shared/consent.ts, so partners' views, the referrer's
 * view and closing summary follow from the next request. Audited on every case whose
 * consent it changed.
 */
export async function withdrawPersonConsent(
  db: Database,
  person: PersonActor,
  scope: PersonConsentScope,
): Promise<PersonConsents> {
  return db.transaction(async (tx) => {
    const subject = await sessionCase(tx, person);
    const before = await selectPersonConsents(tx, person.personId);
    const withdrawn = await withdrawConsentPart(tx, person.personId, scope, new Date());
    const caseIds = new Set(
      before.flatMap((c) => (c.caseId && withdrawn.includes(c.id) ? [c.caseId] : [])),
    );
    await recordAudit(tx, whoIs(person), {
      action: 'person.consent_withdrawn',
      ...subject,
      details: { ...viaPersonSession, scope, consentIds: withdrawn },
    });
    for (const caseId of caseIds) {
      if (caseId === subject.subjectId) continue;
      await recordAudit(tx, whoIs(person), {
        action: 'person.consent_withdrawn',
        subjectType: 'case',
        subjectId: caseId,
        details: { ...viaPersonSession, scope },
      });
    }
    return presentPersonConsents(await selectPersonConsents(tx, person.personId));
  });
}

/** The person's language, kept on their record: their space and emails speak it from now on. */
export async function setPersonLanguage(
  db: Database,
  person: PersonActor,
  locale: Locale,
): Promise<void> {
  await db.transaction(async (tx) => {
    const subject = await sessionCase(tx, person);
    await updatePreferredLanguage(tx, person.personId, locale);
    await recordAudit(tx, whoIs(person), {
      action: 'person.language_changed',
      ...subject,
      details: { ...viaPersonSession, locale },
    });
  });
}
