import type {
  CaseDuplicate,
  MergeContactField,
  MergeContactPicks,
  MergePersonBody,
  MergePersonResult,
} from '../../../shared/contracts/referrals';
import {
  contactFieldFor,
  differingContactFields,
  mergeContactFields,
} from '../../../shared/contracts/referrals';
import { type Database, readTogether } from '../../db/client';
import type { Actor } from '../../platform/actor';
import { AppError, notFound, staleVersion } from '../../platform/errors';
import { recordAudit } from '../audit';
import { requireCase, updateCasePersonAtVersion } from '../cases';
import { presentCaseDuplicate, presentDuplicatePerson } from './referrals-presenter';
import {
  type PersonRow,
  findPerson,
  markPersonMerged,
  moveCaseConsents,
  selectCasesOfPerson,
  updatePersonContact,
} from './referrals-queries';

/** The case's person beside the earlier record they may duplicate, for the link worker. */
export async function getCaseDuplicate(
  db: Database,
  actor: Actor,
  caseId: string,
): Promise<CaseDuplicate> {
  const caseRow = await requireCase(db, actor, caseId);
  if (!caseRow.possibleDuplicateOfId) throw notFound();
  const duplicateOf = caseRow.possibleDuplicateOfId;
  const [person, existing] = await readTogether(db, [
    () => loadPerson(db, caseRow.personId),
    () => loadPerson(db, duplicateOf),
  ]);
  const [personCases, existingCases] = await readTogether(db, [
    () => selectCasesOfPerson(db, person.id),
    () => selectCasesOfPerson(db, existing.id),
  ]);
  await recordAudit(db, actor, {
    action: 'case.duplicate_viewed',
    subjectType: 'case',
    subjectId: caseId,
    siteId: caseRow.siteId,
  });
  return presentCaseDuplicate(
    caseId,
    caseRow.version,
    presentDuplicatePerson(person, personCases),
    presentDuplicatePerson(existing, existingCases),
  );
}

async function loadPerson(db: Database, id: string): Promise<PersonRow> {
  const row = await findPerson(db, id);
  if (!row) throw notFound();
  return row;
}

/**
 * The link worker's decision on a possible duplicate: the same person (this case and its
 * consent move to the earlier record) or two people (the flag is cleared). A merge keeps
 * the earlier record's contact details except those the link worker picks one by one: the
 * newer record may be anyone's self-referral, and a planted email would receive the
 * person's next questionnaire.
 */
export async function mergePerson(
  db: Database,
  actor: Actor,
  caseId: string,
  input: MergePersonBody,
): Promise<MergePersonResult> {
  const caseRow = await requireCase(db, actor, caseId);
  const existingId = caseRow.possibleDuplicateOfId;
  if (!existingId) throw new AppError('not_a_duplicate');
  return db.transaction(async (tx) => {
    if (input.keep === 'separate') {
      const updated = await updateCasePersonAtVersion(tx, caseId, input.version, caseRow.personId);
      if (!updated) throw staleVersion();
      await recordAudit(tx, actor, {
        action: 'case.duplicate_dismissed',
        subjectType: 'case',
        subjectId: caseId,
        siteId: caseRow.siteId,
      });
      return { caseId, personId: updated.personId, version: updated.version };
    }
    // One transaction is one connection: its queries go one at a time.
    const person = await loadPerson(tx, caseRow.personId);
    const existing = await loadPerson(tx, existingId);
    if (existing.siteId !== person.siteId || existing.mergedIntoId || person.mergedIntoId) {
      throw new AppError('not_a_duplicate');
    }
    const patch = {
      ...pickedContactDetails(existing, person, input.contact),
      ...missingOtherDetails(existing, person),
    };
    const updated = await updateCasePersonAtVersion(tx, caseId, input.version, existing.id);
    if (!updated) throw staleVersion();
    await moveCaseConsents(tx, caseId, existing.id);
    await markPersonMerged(tx, person.id, existing.id);
    await updatePersonContact(tx, existing.id, patch);
    await recordAudit(tx, actor, {
      action: 'case.person_merged',
      subjectType: 'case',
      subjectId: caseId,
      siteId: caseRow.siteId,
      // Which details changed, never their values.
      details: {
        mergedPersonId: person.id,
        intoPersonId: existing.id,
        changedFields: Object.keys(patch),
      },
    });
    return { caseId, personId: updated.personId, version: updated.version };
  });
}

type ContactPatch = Partial<Pick<PersonRow, MergeContactField>>;

/**
 * The newer record's contact details the link worker picked, each one it may take: offered
 * (present and different) and leaving the person reachable the way the merged record says.
 */
function pickedContactDetails(
  kept: PersonRow,
  newer: PersonRow,
  picks: MergeContactPicks,
): ContactPatch {
  const offered = differingContactFields(kept, newer);
  const patch: ContactPatch = {};
  for (const field of mergeContactFields) {
    if (picks[field] !== 'new') continue;
    if (!offered.includes(field)) {
      throw new AppError('merge_pick_invalid', { field: `contact.${field}` });
    }
    Object.assign(patch, { [field]: newer[field] });
  }
  const merged = { ...kept, ...patch };
  const needed = contactFieldFor(merged.contactPreference);
  if (!merged[needed]) {
    throw new AppError('merge_contact_incomplete', { field: `contact.${needed}` });
  }
  return patch;
}

/** Details other than contact that the newer record has and the kept one lacks. */
function missingOtherDetails(
  kept: PersonRow,
  newer: PersonRow,
): Partial<Pick<PersonRow, 'accessibilityNeeds' | 'sex'>> {
  const patch: Partial<Pick<PersonRow, 'accessibilityNeeds' | 'sex'>> = {};
  for (const key of ['accessibilityNeeds', 'sex'] as const) {
    const value = newer[key];
    if (!kept[key] && value) Object.assign(patch, { [key]: value });
  }
  return patch;
}
