import type {
  AddPersonNoteBody,
  PersonNote,
  PersonNoteList,
} from '../../../shared/contracts/person-space';
import type { Database } from '../../db/client';
import type { Actor, PersonActor } from '../../platform/actor';
import { caseSubject, recordAudit } from '../audit';
import { requireCase } from '../cases';
import { presentPersonNote } from './person-space-presenter';
import { insertPersonNote, selectPersonNotes } from './person-space-queries';
import { requireOwnOpenCase, viaPersonSession, whoIs } from './person-space-service';

/** A note the person writes to their link worker from their own space; audited on the case. */
export async function addPersonNote(
  db: Database,
  person: PersonActor,
  caseId: string,
  input: AddPersonNoteBody,
): Promise<PersonNote> {
  return db.transaction(async (tx) => {
    const row = await requireOwnOpenCase(tx, person, caseId);
    const note = await insertPersonNote(tx, {
      caseId,
      personId: person.personId,
      body: input.body,
    });
    await recordAudit(tx, whoIs(person), {
      action: 'person.note_added',
      ...caseSubject({ id: row.caseId, siteId: row.siteId }),
      details: { ...viaPersonSession, noteId: note.id },
    });
    return presentPersonNote(note);
  });
}

/** The notes the person wrote on the case, for whoever works on it; reading them is audited. */
export async function listPersonNotes(
  db: Database,
  actor: Actor,
  caseId: string,
): Promise<PersonNoteList> {
  return db.transaction(async (tx) => {
    const row = await requireCase(tx, actor, caseId);
    const notes = await selectPersonNotes(tx, caseId);
    await recordAudit(tx, actor, { action: 'person_notes.viewed', ...caseSubject(row) });
    return { items: notes.map(presentPersonNote) };
  });
}
