import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type {
  Agenda,
  Appointment,
  AppointmentList,
  CaseNote,
  CaseNoteList,
} from '../../src/shared/contracts/case-records';
import type { CaseDetail } from '../../src/shared/contracts/cases';
import { auditEvents, caseNotes, cases } from '../../src/server/db/schema';
import { Client, errorOf, type TestApp } from '../helpers/app';
import { type Cast, startCast } from '../helpers/cast';
import { makeAccount, makeCase, makePerson } from '../helpers/factories';
import type { CapturedEmail, SmtpCapture } from '../helpers/smtp';
import { yearAhead } from '../helpers/site-day';
const inFiveYears = yearAhead(5);
const inSixYears = yearAhead(6);

let cast: Cast;
let t: TestApp;
let mail: SmtpCapture;
let linkWorker: Cast['linkWorker'];
let manager: Client;

beforeAll(async () => {
  cast = await startCast();
  ({ t, mail, linkWorker } = cast);
  manager = cast.manager.client;
});
afterAll(() => cast.close());
beforeEach(() => mail.clear());

/** A case of the home site assigned to the link worker, for a person as given. */
async function assignedCase(
  person: Parameters<typeof makePerson>[2] = {},
): Promise<{ id: string; reference: string; personId: string }> {
  const { id: personId } = await makePerson(t.database.db, cast.homeSiteId, person);
  const made = await makeCase(t.database.db, cast.homeSiteId, { personId });
  await t.database.db
    .update(cases)
    .set({ status: 'active', assignedTo: linkWorker.id })
    .where(eq(cases.id, made.id));
  return made;
}

async function auditActions(caseId: string): Promise<string[]> {
  const rows = await t.database.db
    .select({ action: auditEvents.action })
    .from(auditEvents)
    .where(and(eq(auditEvents.subjectType, 'case'), eq(auditEvents.subjectId, caseId)));
  return rows.map((r) => r.action);
}

async function addNote(caseId: string, body: string, amendsId?: string): Promise<CaseNote> {
  const response = await linkWorker.client.post(`/api/cases/${caseId}/notes`, {
    body,
    ...(amendsId ? { amendsId } : {}),
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<CaseNote>();
}

/** Puts a note's writing `minutes` in the past. */
async function ageNote(id: string, minutes: number): Promise<void> {
  await t.database.db
    .update(caseNotes)
    .set({ createdAt: new Date(Date.now() - minutes * 60_000) })
    .where(eq(caseNotes.id, id));
}

describe('case notes', () => {
  it('are added, dated and signed, listed newest first, and every read and write audited', async () => {
    const { id } = await assignedCase();
    await addNote(id, 'Première rencontre au café');
    const second = await addNote(id, 'A rappelé pour confirmer jeudi');
    expect(second.authorId).toBe(linkWorker.id);
    expect(second.authorName).toMatch(/\S/);
    expect(second.canEdit).toBe(true);

    const list = await manager.get(`/api/cases/${id}/notes`);
    expect(list.statusCode).toBe(200);
    const notes = list.json<CaseNoteList>();
    expect(notes.items.map((n) => n.body)).toEqual([
      'A rappelé pour confirmer jeudi',
      'Première rencontre au café',
    ]);
    // The manager may read but not change the link worker's notes.
    expect(notes.items.every((n) => !n.canEdit)).toBe(true);
    expect(notes.permissions.canAdd).toBe(true);
    const actions = await auditActions(id);
    expect(actions.filter((a) => a === 'case_note.added')).toHaveLength(2);
    expect(actions).toContain('case_notes.viewed');
  });

  it('are changed by their author within 15 minutes, at the version read', async () => {
    const { id } = await assignedCase();
    const note = await addNote(id, 'Rendez-vous jeudi');
    const edited = await linkWorker.client.patch(`/api/case-notes/${note.id}`, {
      body: 'Rendez-vous vendredi',
      version: 1,
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json<CaseNote>()).toMatchObject({ body: 'Rendez-vous vendredi', version: 2 });
    const stale = await linkWorker.client.patch(`/api/case-notes/${note.id}`, {
      body: 'Rendez-vous samedi',
      version: 1,
    });
    expect(stale.statusCode).toBe(409);
    expect(errorOf(stale).code).toBe('stale_version');
    expect(await auditActions(id)).toContain('case_note.edited');
  });

  it('are refused to anyone but their author, and after 15 minutes, saying how to correct them', async () => {
    const { id } = await assignedCase();
    const note = await addNote(id, 'Préfère les appels le matin');
    const byManager = await manager.patch(`/api/case-notes/${note.id}`, {
      body: 'Changed by someone else',
      version: 1,
    });
    expect(byManager.statusCode).toBe(403);
    expect(errorOf(byManager)).toMatchObject({
      code: 'note_not_author',
      message: 'Only the author of a note can change it. To correct it, add a note that amends it.',
    });

    await ageNote(note.id, 16);
    const late = await linkWorker.client.patch(`/api/case-notes/${note.id}`, {
      body: 'Préfère les appels l’après-midi',
      version: 1,
    });
    expect(late.statusCode).toBe(409);
    expect(errorOf(late).code).toBe('note_edit_window_closed');
    expect(errorOf(late).message).toContain('15');
    const after = (await linkWorker.client.get(`/api/cases/${id}/notes`)).json<CaseNoteList>();
    expect(after.items[0]).toMatchObject({ body: 'Préfère les appels le matin', canEdit: false });
  });

  it('are amended by a new note naming the earlier one, which stays readable', async () => {
    const { id } = await assignedCase();
    const first = await addNote(id, 'Vit seule depuis 2019');
    await ageNote(first.id, 60);
    const amendment = await addNote(id, 'Correction : vit seule depuis 2021', first.id);
    const list = (await linkWorker.client.get(`/api/cases/${id}/notes`)).json<CaseNoteList>();
    expect(list.items).toHaveLength(2);
    const earlier = list.items.find((n) => n.id === first.id);
    expect(earlier?.body).toBe('Vit seule depuis 2019');
    expect(list.items[0]?.id).toBe(amendment.id);
    expect(list.items[0]?.amends).toEqual({ id: first.id, createdAt: earlier?.createdAt });
    expect(await auditActions(id)).toContain('case_note.amended');

    const other = await assignedCase();
    const wrong = await linkWorker.client.post(`/api/cases/${other.id}/notes`, {
      body: 'Amends a note of another case',
      amendsId: first.id,
    });
    expect(wrong.statusCode).toBe(400);
    expect(errorOf(wrong)).toMatchObject({ code: 'amended_note_invalid', field: 'amendsId' });
  });
});

const hourAgo = (): string => new Date(Date.now() - 3_600_000).toISOString();

async function plan(caseId: string, body: Record<string, unknown>): Promise<Appointment> {
  const response = await linkWorker.client.post(`/api/cases/${caseId}/appointments`, {
    durationMinutes: 45,
    mode: 'in_person',
    ...body,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<Appointment>();
}

/** The .ics file of an email, its lines unfolded. */
function icsOf(email: CapturedEmail): string[] {
  const file = email.attachments.find((a) => a.filename.endsWith('.ics'));
  expect(file?.contentType).toMatch(/^text\/calendar/);
  const content = file?.content ?? '';
  expect(content).toMatch(/\r\n$/);
  return content.replace(/\r\n[ \t]/g, '').split('\r\n');
}

describe('appointments', () => {
  it('are planned, and one marked held becomes the case’s first contact', async () => {
    const { id } = await assignedCase();
    const startsAt = hourAgo();
    const planned = await plan(id, { startsAt, place: '12 rue Principale', mode: 'phone' });
    expect(planned).toMatchObject({ status: 'planned', withAccountId: linkWorker.id, version: 1 });

    const held = await linkWorker.client.post(`/api/appointments/${planned.id}/status`, {
      status: 'held',
      version: 1,
    });
    expect(held.statusCode, held.body).toBe(200);
    const after = held.json<Appointment>();
    expect(after.status).toBe('held');
    expect(after.contactId).not.toBeNull();

    const detail = (await linkWorker.client.get(`/api/cases/${id}`)).json<CaseDetail>();
    expect(detail.firstContactAt).toBe(new Date(startsAt).toISOString());
    const contact = detail.contacts.find((c) => c.id === after.contactId);
    expect(contact).toMatchObject({ channel: 'phone', outcome: 'reached', durationMinutes: 45 });
    expect(await auditActions(id)).toEqual(
      expect.arrayContaining(['appointment.planned', 'appointment.held', 'case.contact_recorded']),
    );

    const again = await linkWorker.client.post(`/api/appointments/${planned.id}/status`, {
      status: 'missed',
      version: 2,
    });
    expect(again.statusCode).toBe(409);
    expect(errorOf(again).code).toBe('appointment_not_planned');
  });

  it('is not marked held before it begins, and is with a link worker of the case’s site', async () => {
    const { id } = await assignedCase();
    const future = await plan(id, { startsAt: `${inFiveYears}-03-04T15:00:00Z` });
    const early = await linkWorker.client.post(`/api/appointments/${future.id}/status`, {
      status: 'held',
      version: 1,
    });
    expect(early.statusCode).toBe(409);
    expect(errorOf(early).code).toBe('appointment_not_started');

    const elsewhere = await makeAccount(t.database.db, [{ role: 'link_worker', siteId: null }]);
    const wrong = await linkWorker.client.post(`/api/cases/${id}/appointments`, {
      startsAt: `${inFiveYears}-03-04T15:00:00Z`,
      durationMinutes: 30,
      mode: 'video',
      withAccountId: elsewhere.id,
    });
    expect(wrong.statusCode).toBe(400);
    expect(errorOf(wrong).field).toBe('withAccountId');

    const colleague = await makeAccount(t.database.db, [
      { role: 'link_worker', siteId: cast.homeSiteId },
    ]);
    const withColleague = await plan(id, {
      startsAt: `${inFiveYears}-03-05T15:00:00Z`,
      withAccountId: colleague.id,
    });
    expect(withColleague.withAccountId).toBe(colleague.id);
    const list = (
      await linkWorker.client.get(`/api/cases/${id}/appointments`)
    ).json<AppointmentList>();
    expect(list.items.map((a) => a.startsAt)).toEqual([
      `${inFiveYears}-03-04T15:00:00.000Z`,
      `${inFiveYears}-03-05T15:00:00.000Z`,
    ]);
    expect(list.linkWorkers.map((w) => w.id)).toEqual(
      expect.arrayContaining([linkWorker.id, colleague.id]),
    );
  });

  it('invite the person by email in their language with a calendar file, updated and cancelled', async () => {
    const { id } = await assignedCase({ email: 'sam.person@example.org', preferredLanguage: 'en' });
    const planned = await plan(id, {
      startsAt: `${inFiveYears}-03-04T15:00:00Z`,
      place: 'Community centre, room 2',
      sendInvitation: true,
    });
    expect(planned.invitedAt).not.toBeNull();
    await t.deliverEmails();
    const invitation = await mail.waitFor((e) => e.to.includes('sam.person@example.org'));
    expect(invitation.subject).toContain('Your appointment with');
    expect(invitation.text).toContain(`March 4, ${inFiveYears}`);
    expect(invitation.text).toContain('10:00');
    // The site's zone (Toronto unless set), named for the person.
    expect(invitation.text).toContain('(Toronto time)');
    expect(invitation.text).toContain('Community centre, room 2');
    const ics = icsOf(invitation);
    expect(ics[0]).toBe('BEGIN:VCALENDAR');
    expect(ics).toContain('METHOD:REQUEST');
    expect(ics).toContain(`DTSTART:${inFiveYears}0304T150000Z`);
    expect(ics).toContain(`DTEND:${inFiveYears}0304T154500Z`);
    expect(ics).toContain('SEQUENCE:0');
    expect(ics).toContain('LOCATION:Community centre\\, room 2');
    const uid = ics.find((l) => l.startsWith('UID:'));
    expect(uid).toBe(`UID:${planned.id}@passerelle.example`);

    mail.clear();
    const moved = await linkWorker.client.request('PUT', `/api/appointments/${planned.id}`, {
      startsAt: `${inFiveYears}-03-05T18:30:00Z`,
      durationMinutes: 45,
      mode: 'in_person',
      place: 'Community centre, room 2',
      version: 1,
    });
    expect(moved.statusCode, moved.body).toBe(200);
    await t.deliverEmails();
    const update = await mail.waitFor((e) => e.to.includes('sam.person@example.org'));
    expect(update.subject).toContain('has changed');
    const updated = icsOf(update);
    expect(updated).toContain(uid);
    expect(updated).toContain('SEQUENCE:1');
    expect(updated).toContain(`DTSTART:${inFiveYears}0305T183000Z`);

    mail.clear();
    const cancelled = await linkWorker.client.post(`/api/appointments/${planned.id}/status`, {
      status: 'cancelled',
      version: 2,
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    await t.deliverEmails();
    const cancellation = await mail.waitFor((e) => e.to.includes('sam.person@example.org'));
    expect(cancellation.subject).toContain('is cancelled');
    const cancelIcs = icsOf(cancellation);
    expect(cancelIcs).toContain('METHOD:CANCEL');
    expect(cancelIcs).toContain(uid);
    expect(cancelIcs).toContain('SEQUENCE:2');
    expect(await auditActions(id)).toEqual(
      expect.arrayContaining(['appointment.changed', 'appointment.cancelled']),
    );
  });

  it('invite a French-speaking person in French, and none without an email address', async () => {
    const { id } = await assignedCase({ email: 'camille@example.org', preferredLanguage: 'fr' });
    await plan(id, {
      startsAt: `${inFiveYears}-03-04T15:00:00Z`,
      mode: 'video',
      place: 'https://visio.example/abc',
      sendInvitation: true,
    });
    await t.deliverEmails();
    const invitation = await mail.waitFor((e) => e.to.includes('camille@example.org'));
    expect(invitation.subject).toContain('Votre rendez-vous avec');
    expect(invitation.text).toContain(`mars ${inFiveYears}`);
    expect(invitation.text).toContain('par vidéo');
    expect(icsOf(invitation)).toContain('METHOD:REQUEST');

    const noEmail = await assignedCase({ email: null });
    const refused = await linkWorker.client.post(`/api/cases/${noEmail.id}/appointments`, {
      startsAt: `${inFiveYears}-03-04T15:00:00Z`,
      durationMinutes: 30,
      mode: 'phone',
      sendInvitation: true,
    });
    expect(refused.statusCode).toBe(400);
    expect(errorOf(refused)).toMatchObject({
      code: 'invitation_needs_email',
      field: 'sendInvitation',
    });
    const list = (
      await linkWorker.client.get(`/api/cases/${noEmail.id}/appointments`)
    ).json<AppointmentList>();
    expect(list).toMatchObject({ items: [], personHasEmail: false });
  });
});

describe('the agenda', () => {
  it('lists the link worker’s own appointments of the asked days, with the person and case', async () => {
    const made = await assignedCase({ givenName: 'Agathe' });
    await plan(made.id, { startsAt: `${inSixYears}-06-01T13:00:00Z`, place: 'Bibliothèque' });
    await plan(made.id, { startsAt: `${inSixYears}-06-09T13:00:00Z` });
    const colleague = await makeAccount(t.database.db, [
      { role: 'link_worker', siteId: cast.homeSiteId },
    ]);
    await plan(made.id, { startsAt: `${inSixYears}-06-02T13:00:00Z`, withAccountId: colleague.id });

    const week = await linkWorker.client.get(
      `/api/agenda?from=${inSixYears}-05-31T04:00:00Z&to=${inSixYears}-06-07T04:00:00Z`,
    );
    expect(week.statusCode).toBe(200);
    const items = week.json<Agenda>().items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      caseId: made.id,
      caseReference: made.reference,
      startsAt: `${inSixYears}-06-01T13:00:00.000Z`,
      mode: 'in_person',
      place: 'Bibliothèque',
    });
    expect(items[0]?.personName).toContain('Agathe');

    const tooLong = await linkWorker.client.get(
      `/api/agenda?from=${inSixYears}-05-01T00:00:00Z&to=${inSixYears}-07-01T00:00:00Z`,
    );
    expect(tooLong.statusCode).toBe(400);
  });
});
