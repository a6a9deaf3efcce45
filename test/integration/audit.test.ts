import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { accounts, appointments, auditEvents, caseNotes } from '../../src/server/db/schema';
import type { AuditEvent, AuditEventList } from '../../src/shared/contracts/audit';
import type { TwoFactorSetup } from '../../src/shared/contracts/auth';
import type { Organisation } from '../../src/shared/contracts/organisations';
import { Client, errorOf, startTestApp, type TestApp } from '../helpers/app';
import { makeAccount, makeCase, makeSite, type TestAccount } from '../helpers/factories';

const userAgent = 'Passerelle audit test/1.0';
let t: TestApp;
let administrator: TestAccount;
let evaluator: TestAccount;
let admin: Client;
const organisations: Organisation[] = [];

beforeAll(async () => {
  t = await startTestApp();
  administrator = await makeAccount(t.database.db, [{ role: 'administrator' }]);
  evaluator = await makeAccount(t.database.db, [{ role: 'evaluator' }]);
  admin = await signInWithAgent(administrator);
  for (const name of ['Alder', 'Birch', 'Cedar', 'Damson', 'Elm', 'Fir', 'Gorse']) {
    const created = await admin.post('/api/organisations', {
      name: `${name} Trust`,
      kind: 'programme',
    });
    organisations.push(created.json<Organisation>());
  }
  const first = organisations[0];
  if (!first) throw new Error('no organisation was created');
  await admin.patch(`/api/organisations/${first.id}`, { name: 'Alder Health', version: 1 });
});
afterAll(() => t.close());

async function signInWithAgent(account: TestAccount, password = account.password): Promise<Client> {
  const client = new Client(t.app);
  const response = await client.request(
    'POST',
    '/api/auth/sign-in',
    { email: account.email, password },
    { 'user-agent': userAgent },
  );
  if (response.statusCode === 200) {
    client.csrfToken = response.json<{ csrfToken: string }>().csrfToken;
  }
  return client;
}

async function page(query: string, client = admin): Promise<AuditEventList> {
  const response = await client.get(`/api/audit-events?${query}`);
  expect(response.statusCode).toBe(200);
  return response.json<AuditEventList>();
}

/** Every event matching the query, page by page. */
async function everything(query: string): Promise<AuditEvent[]> {
  const events: AuditEvent[] = [];
  let cursor: string | null = null;
  do {
    const result: AuditEventList = await page(
      `${query}&limit=200${cursor ? `&cursor=${cursor}` : ''}`,
    );
    events.push(...result.items);
    cursor = result.nextCursor;
  } while (cursor);
  return events;
}

const cursorFor = (parts: unknown): string =>
  Buffer.from(JSON.stringify(parts)).toString('base64url');

describe('reading the audit trail', () => {
  it('pages through it newest first, with no duplicate or gap, even while it grows', async () => {
    const all = await everything('');
    expect(all.length).toBeGreaterThanOrEqual(9);
    const ids = all.map((event) => BigInt(event.id));
    expect(ids).toEqual([...ids].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0)));
    const times = all.map((event) => Date.parse(event.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const result: AuditEventList = await page(`limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(result.items.length).toBeLessThanOrEqual(3);
      seen.push(...result.items.map((event) => event.id));
      cursor = result.nextCursor;
      pages += 1;
      // A new event while paging lands before the first page, not in the pages still to come.
      if (pages === 1)
        await admin.post('/api/organisations', { name: 'Hazel Trust', kind: 'programme' });
    } while (cursor);
    expect(pages).toBe(Math.ceil(all.length / 3));
    expect(seen).toEqual(all.map((event) => event.id));
  });

  it('filters by action, actor, subject and outcome', async () => {
    const created = await everything('action=organisation.created');
    expect(created.length).toBeGreaterThanOrEqual(organisations.length);
    expect(new Set(created.map((event) => event.action))).toEqual(
      new Set(['organisation.created']),
    );

    const byAdministrator = await everything(`actorId=${administrator.id}`);
    expect(byAdministrator.every((event) => event.actorId === administrator.id)).toBe(true);
    expect(byAdministrator.map((event) => event.action)).toEqual(
      expect.arrayContaining(['sign_in', 'organisation.created', 'organisation.updated']),
    );

    const alder = organisations[0];
    const aboutAlder = await everything(`subjectType=organisation&subjectId=${alder?.id ?? ''}`);
    expect(aboutAlder.map((event) => event.action)).toEqual([
      'organisation.updated',
      'organisation.created',
    ]);
    expect(aboutAlder[0]).toMatchObject({ details: { fields: ['name'] } });

    await signInWithAgent(evaluator, 'not the password');
    const failures = await everything('outcome=failure');
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.every((event) => event.outcome === 'failure')).toBe(true);
    const combined = await everything(`outcome=failure&actorId=${administrator.id}`);
    expect(combined).toEqual([]);
  });

  it('filters by date and time, honouring the offset given', async () => {
    const subject = await makeAccount(t.database.db, [{ role: 'evaluator' }]);
    const at = ['2024-03-01T09:00:00Z', '2024-03-01T10:00:00Z', '2024-03-01T11:00:00Z'];
    for (const time of at) {
      await t.database.db.insert(auditEvents).values({
        at: new Date(time),
        actorId: subject.id,
        action: 'sign_in',
        outcome: 'success',
        subjectType: 'account',
        subjectId: subject.id,
      });
    }
    const about = `subjectId=${subject.id}`;
    const timesOf = (events: AuditEvent[]): string[] => events.map((event) => event.at).sort();

    // 10:30 at UTC+01:00 is 09:30 UTC; 12:00 at UTC+01:00 is 11:00 UTC, included.
    const between = await everything(
      `${about}&from=${encodeURIComponent('2024-03-01T10:30:00+01:00')}&to=${encodeURIComponent('2024-03-01T12:00:00+01:00')}`,
    );
    expect(timesOf(between)).toEqual(['2024-03-01T10:00:00.000Z', '2024-03-01T11:00:00.000Z']);
    const before = await everything(
      `${about}&to=${encodeURIComponent('2024-03-01T05:30:00-04:00')}`,
    );
    expect(timesOf(before)).toEqual(['2024-03-01T09:00:00.000Z']);
    const after = await everything(`${about}&from=2024-03-01T10:00:00.001Z`);
    expect(timesOf(after)).toEqual(['2024-03-01T11:00:00.000Z']);

    const vague = await admin.get(`/api/audit-events?from=yesterday`);
    expect(vague.statusCode).toBe(400);
    expect(errorOf(vague)).toMatchObject({ code: 'validation_failed', field: 'from' });
  });

  it('refuses a cursor it did not give, naming the field', async () => {
    for (const cursor of ['not-a-cursor', cursorFor(['abc']), cursorFor(['9999999999999999999'])]) {
      const response = await admin.get(`/api/audit-events?cursor=${cursor}`);
      expect(response.statusCode).toBe(400);
      expect(errorOf(response)).toMatchObject({ field: 'cursor' });
    }
  });

  it('is for administrators only', async () => {
    const site = await makeSite(t.database.db);
    const others = [
      evaluator,
      await makeAccount(t.database.db, [{ role: 'site_manager', siteId: site.id }]),
      await makeAccount(t.database.db, [{ role: 'link_worker', siteId: site.id }]),
    ];
    for (const account of others) {
      const client = new Client(t.app);
      await client.signIn(account.email, account.password);
      const response = await client.get('/api/audit-events');
      expect(response.statusCode).toBe(403);
      expect(errorOf(response).code).toBe('forbidden');
    }
    const anonymous = await new Client(t.app).get('/api/audit-events');
    expect(anonymous.statusCode).toBe(401);
  });
});

describe('what the audit trail records', () => {
  it('shows sign-in successes and failures with the address and browser they came from', async () => {
    await signInWithAgent(evaluator, 'a wrong password');
    await signInWithAgent(evaluator);
    const signIns = await everything(`action=sign_in&subjectId=${evaluator.id}`);
    const from = { ip: '127.0.0.1', userAgent, actorId: evaluator.id, subjectType: 'account' };
    expect(signIns[0]).toMatchObject({ ...from, outcome: 'success' });
    expect(signIns[1]).toMatchObject({
      ...from,
      outcome: 'failure',
      details: { reason: 'wrong_password' },
    });
    const unknown = await everything('action=sign_in&outcome=failure');
    await signInWithAgent({ id: '', email: 'nobody@example.org', password: 'whatever' });
    const afterUnknown = await everything('action=sign_in&outcome=failure');
    expect(afterUnknown).toHaveLength(unknown.length + 1);
    expect(afterUnknown[0]).toMatchObject({
      actorId: null,
      userAgent,
      details: { reason: 'unknown_account' },
    });
  });

  it('never holds a password, session token, CSRF token or two-factor secret', async () => {
    const newPassword = 'an entirely new passphrase';
    const member = await makeAccount(t.database.db, [{ role: 'evaluator' }]);
    const client = await signInWithAgent(member);
    await client.post('/api/me/password', { currentPassword: member.password, newPassword });
    const { secret } = (await client.post('/api/me/two-factor/setup')).json<TwoFactorSetup>();
    const code = await generate({ secret });
    expect((await client.post('/api/me/two-factor/enable', { code })).statusCode).toBe(204);
    const adminSetPassword = 'set by the administrator';
    await admin.post(`/api/accounts/${member.id}/password`, { newPassword: adminSetPassword });
    const createdPassword = 'the first passphrase here';
    await admin.post('/api/accounts', {
      email: 'audited.person@example.org',
      displayName: 'Audited Person',
      password: createdPassword,
      grants: [{ role: 'evaluator' }],
    });

    const sessionToken = client.cookie?.split('=')[1] ?? '';
    const adminSession = admin.cookie?.split('=')[1] ?? '';
    const secrets = [
      member.password,
      newPassword,
      adminSetPassword,
      createdPassword,
      'not the password',
      sessionToken,
      adminSession,
      client.csrfToken ?? '',
      admin.csrfToken ?? '',
      secret,
    ];
    expect(secrets.every((value) => value.length >= 12)).toBe(true);
    const overApi = JSON.stringify(await everything(''));
    const stored = JSON.stringify(
      await t.database.db.select().from(auditEvents),
      (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value),
    );
    expect(overApi).toContain('password.changed');
    for (const value of secrets) {
      expect(overApi).not.toContain(value);
      expect(stored).not.toContain(value);
    }
  });

  it('names the subject in words and says who acted, an account or not', async () => {
    const site = await makeSite(t.database.db);
    const caseRow = await makeCase(t.database.db, site.id);
    const worker = await makeAccount(t.database.db, [{ role: 'link_worker', siteId: site.id }]);
    const [named] = await t.database.db
      .select({ displayName: accounts.displayName })
      .from(accounts)
      .where(eq(accounts.id, worker.id));
    const workerName = named?.displayName;
    const client = new Client(t.app);
    await client.signIn(worker.email, worker.password);
    expect((await client.get(`/api/cases/${caseRow.id}`)).statusCode).toBe(200);
    await t.database.db.insert(auditEvents).values([
      // What a reminder job writes: no account, no address.
      {
        action: 'follow_up.reminded',
        outcome: 'success',
        subjectType: 'case',
        subjectId: caseRow.id,
      },
      // A refused read of a case that does not exist: nothing to name it by but its id.
      {
        action: 'access.denied',
        outcome: 'denied',
        subjectType: 'case',
        subjectId: '00000000-0000-4000-8000-000000000000',
        ip: '127.0.0.1',
      },
    ]);

    const aboutCase = await everything(`subjectType=case&subjectId=${caseRow.id}`);
    const viewed = aboutCase.find((event) => event.action === 'case.viewed');
    expect(viewed).toMatchObject({
      actorKind: 'account',
      actorName: workerName,
      subjectName: caseRow.reference,
    });
    const reminded = aboutCase.find((event) => event.action === 'follow_up.reminded');
    expect(reminded).toMatchObject({ actorKind: 'system', actorName: null });

    const [gone] = await everything('subjectId=00000000-0000-4000-8000-000000000000');
    expect(gone).toMatchObject({ subjectName: null, actorKind: 'not_signed_in' });

    // A note and an appointment are named by their case's reference.
    const [note] = await t.database.db
      .insert(caseNotes)
      .values({ caseId: caseRow.id, body: 'Called back', authorId: worker.id })
      .returning();
    const [meeting] = await t.database.db
      .insert(appointments)
      .values({
        caseId: caseRow.id,
        withAccountId: worker.id,
        startsAt: new Date(),
        durationMinutes: 30,
        mode: 'phone',
        createdBy: worker.id,
      })
      .returning();
    await t.database.db.insert(auditEvents).values([
      {
        action: 'case_note.edited',
        outcome: 'success',
        subjectType: 'case_note',
        subjectId: note?.id,
      },
      {
        action: 'appointment.changed',
        outcome: 'success',
        subjectType: 'appointment',
        subjectId: meeting?.id,
      },
    ]);
    const [aboutNote] = await everything(`subjectType=case_note&subjectId=${note?.id ?? ''}`);
    expect(aboutNote?.subjectName).toBe(caseRow.reference);
    const [aboutMeeting] = await everything(
      `subjectType=appointment&subjectId=${meeting?.id ?? ''}`,
    );
    expect(aboutMeeting?.subjectName).toBe(caseRow.reference);

    const [alder] = await everything(
      `subjectType=organisation&subjectId=${organisations[0]?.id ?? ''}`,
    );
    expect(alder?.subjectName).toBe('Alder Health');
    const [signIn] = await everything(`action=sign_in&subjectId=${worker.id}`);
    expect(signIn).toMatchObject({ subjectName: workerName, actorKind: 'account' });

    await signInWithAgent({ id: '', email: 'nobody.else@example.org', password: 'whatever' });
    const [attempt] = await everything('action=sign_in&outcome=failure');
    expect(attempt).toMatchObject({ actorId: null, actorKind: 'sign_in_attempt' });
  });
});
