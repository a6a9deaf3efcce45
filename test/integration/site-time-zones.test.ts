import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { appointments, followUps, outboundEmails, sites } from '../../src/server/db/schema';
import {
  createAppointment,
  getAgenda,
} from '../../src/server/features/case-records/case-records-service';
import { listCaseload } from '../../src/server/features/cases/caseload-service';
import { readHome } from '../../src/server/features/home/home-service';
import { sendFollowUpReminders } from '../../src/server/features/plans';
import type { Actor } from '../../src/server/platform/actor';
import { AgendaQuery, CreateAppointmentBody } from '../../src/shared/contracts/case-records';
import { CaseloadQuery } from '../../src/shared/contracts/cases';
import type { HomeCount, HomeView } from '../../src/shared/contracts/home';
import { startTestApp, type TestApp } from '../helpers/app';
import {
  type TestAccount,
  makeAccount,
  makeCase,
  makePerson,
  makeSite,
} from '../helpers/factories';

/*
 * A site's "today" is its own: at 23:30 in Toronto (04:30 UTC, already tomorrow there), what
 * is due today in Toronto is still due today, and tomorrow's work is not due yet.
 */

let t: TestApp;
let toronto: { id: string };
let paris: { id: string };
let worker: TestAccount;
let dueToday: { id: string };
let dueTomorrow: { id: string };
let parisCase: { id: string };

/** 23:30 on Thursday 3 December 2026 in Toronto; Friday 4 December in UTC and in Paris. */
const torontoLateEvening = new Date('2026-12-04T04:30:00Z');

function actorOf(account: TestAccount, siteIds: string[]): Actor {
  return {
    accountId: account.id,
    email: account.email,
    displayName: 'Link worker',
    locale: 'en',
    grants: siteIds.map((siteId) => ({ role: 'link_worker', siteId })),
    twoFactorEnabled: false,
    twoFactorSetupRequired: false,
    sessionKey: 'time zones',
    csrfToken: 'time zones',
    origin: { ip: null, userAgent: 'time zones test' },
  };
}

async function siteIn(timeZone: string): Promise<{ id: string }> {
  const site = await makeSite(t.database.db);
  await t.database.db.update(sites).set({ timeZone }).where(eq(sites.id, site.id));
  return site;
}

async function caseWithFollowUp(siteId: string, dueOn: string): Promise<{ id: string }> {
  const made = await makeCase(t.database.db, siteId, { acceptedBy: worker.id });
  await t.database.db.insert(followUps).values({ caseId: made.id, kind: 'call', dueOn });
  return made;
}

function countIn(panel: { counts: HomeCount[] } | null, key: HomeCount['key']): HomeCount {
  const found = panel?.counts.find((count) => count.key === key);
  if (!found) throw new Error(`no count ${key}`);
  return found;
}

beforeAll(async () => {
  t = await startTestApp();
  toronto = await siteIn('America/Toronto');
  paris = await siteIn('Europe/Paris');
  worker = await makeAccount(t.database.db, [
    { role: 'link_worker', siteId: toronto.id },
    { role: 'link_worker', siteId: paris.id },
  ]);
  dueToday = await caseWithFollowUp(toronto.id, '2026-12-03');
  dueTomorrow = await caseWithFollowUp(toronto.id, '2026-12-04');
  parisCase = await caseWithFollowUp(paris.id, '2026-12-04');
});
afterAll(() => t.close());

describe('the home page at 23:30 in Toronto', () => {
  let home: HomeView;
  beforeAll(async () => {
    home = await readHome(
      t.database.db,
      t.config,
      actorOf(worker, [toronto.id, paris.id]),
      torontoLateEvening,
    );
  });

  it('counts the follow-up due today in Toronto as due today, and tomorrow’s not yet', () => {
    // Paris is already on Friday: its follow-up of Friday is due there.
    expect(countIn(home.linkWorker, 'contacts_due').count).toBe(2);
    expect(countIn(home.linkWorker, 'follow_ups_due').count).toBe(3);
  });

  it('counts only today’s appointments, each by its own site’s day', async () => {
    const db = t.database.db;
    const appointment = (caseId: string, startsAt: string) =>
      db.insert(appointments).values({
        caseId,
        withAccountId: worker.id,
        createdBy: worker.id,
        startsAt: new Date(startsAt),
        durationMinutes: 30,
        mode: 'phone',
      });
    // 17:00 and 18:00 on Thursday in Toronto (22:00 and 23:00 UTC): today. 09:00 on Friday
    // there: tomorrow.
    await appointment(dueToday.id, '2026-12-03T22:00:00Z');
    await appointment(dueToday.id, '2026-12-03T23:00:00Z');
    await appointment(dueTomorrow.id, '2026-12-04T14:00:00Z');
    // 10:00 on Friday in Paris: today there.
    await appointment(parisCase.id, '2026-12-04T09:00:00Z');
    const later = await readHome(
      db,
      t.config,
      actorOf(worker, [toronto.id, paris.id]),
      torontoLateEvening,
    );
    expect(countIn(later.linkWorker, 'appointments_today').count).toBe(3);
  });
});

describe('the caseload at 23:30 in Toronto', () => {
  it('shows the follow-up due today as due, not overdue', async () => {
    const actor = actorOf(worker, [toronto.id]);
    const list = async (due: 'overdue' | 'this_week') =>
      (
        await listCaseload(
          t.database.db,
          actor,
          CaseloadQuery.parse({ assignee: 'me', due }),
          torontoLateEvening,
        )
      ).items.map((item) => item.id);
    expect(await list('overdue')).toEqual([]);
    expect((await list('this_week')).sort()).toEqual([dueToday.id, dueTomorrow.id].sort());
  });
});

describe('follow-up reminders', () => {
  it('remind when the follow-up’s day has come where its site is', async () => {
    const baseUrl = 'https://passerelle.example';
    // Thursday's in Toronto and Friday's in Paris are due; Friday's in Toronto is not yet.
    expect(await sendFollowUpReminders(t.database.db, torontoLateEvening, baseUrl)).toBe(2);
    const reminded = await t.database.db
      .select({ caseId: followUps.caseId, remindedAt: followUps.remindedAt })
      .from(followUps);
    const remindedCases = reminded.filter((row) => row.remindedAt).map((row) => row.caseId);
    expect(remindedCases.sort()).toEqual([dueToday.id, parisCase.id].sort());
  });
});

describe('the agenda at 23:30 in Toronto', () => {
  it('shows Thursday, Toronto’s today, cut at Toronto’s midnights', async () => {
    // The appointments of the home page's test: 17:00 and 18:00 on Thursday, 09:00 on Friday.
    const agenda = await getAgenda(
      t.database.db,
      actorOf(worker, [toronto.id, paris.id]),
      AgendaQuery.parse({}),
      torontoLateEvening,
    );
    expect(agenda.timeZone).toBe('America/Toronto');
    expect(agenda.days).toEqual(['2026-12-03']);
    expect(agenda.items.map((item) => item.startsAt)).toEqual([
      '2026-12-03T22:00:00.000Z',
      '2026-12-03T23:00:00.000Z',
    ]);
    expect(agenda.items.every((item) => item.timeZone === 'America/Toronto')).toBe(true);
  });

  it('shows a week from its Monday, each appointment with its own site’s zone', async () => {
    const agenda = await getAgenda(
      t.database.db,
      actorOf(worker, [toronto.id, paris.id]),
      AgendaQuery.parse({ view: 'week', day: '2026-12-03' }),
      torontoLateEvening,
    );
    expect(agenda.days[0]).toBe('2026-11-30');
    expect(agenda.days).toHaveLength(7);
    expect(agenda.items.map((item) => [item.startsAt, item.timeZone])).toEqual([
      ['2026-12-03T22:00:00.000Z', 'America/Toronto'],
      ['2026-12-03T23:00:00.000Z', 'America/Toronto'],
      ['2026-12-04T09:00:00.000Z', 'Europe/Paris'],
      ['2026-12-04T14:00:00.000Z', 'America/Toronto'],
    ]);
  });
});

describe('an appointment at 10:00 in Paris', () => {
  it('is 10:00, Paris time, in the person’s email and calendar file', async () => {
    const db = t.database.db;
    const person = await makePerson(db, paris.id, {
      email: 'camille.paris@example.org',
      preferredLanguage: 'fr',
    });
    const made = await makeCase(db, paris.id, { personId: person.id, acceptedBy: worker.id });
    // 10:00 in Paris on 10 December is 09:00 UTC, and 04:00 in the worker's Toronto browser.
    const appointment = await createAppointment(
      db,
      t.config,
      actorOf(worker, [paris.id]),
      made.id,
      CreateAppointmentBody.parse({
        startsAt: '2026-12-10T09:00:00Z',
        durationMinutes: 45,
        mode: 'in_person',
        sendInvitation: true,
      }),
      torontoLateEvening,
    );
    expect(appointment.timeZone).toBe('Europe/Paris');
    const [email] = await db
      .select()
      .from(outboundEmails)
      .where(eq(outboundEmails.recipient, 'camille.paris@example.org'));
    expect(email?.text).toContain('jeudi 10 décembre 2026 à 10 h 00 (heure de Paris)');
    const ics = email?.attachments?.[0]?.content ?? '';
    // A calendar app places the UTC instant at 10:00 on a Paris clock.
    expect(ics).toContain('DTSTART:20261210T090000Z');
    expect(ics).toContain('DTEND:20261210T094500Z');
  });
});
