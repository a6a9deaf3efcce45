import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectRows } from '../../src/server/db/client';
import { auditEvents, cases, people, personSessions } from '../../src/server/db/schema';
import {
  linkedRules,
  recordTables,
  unlinkedRules,
  walkSchema,
} from '../../src/server/features/person-record/person-record-tables';
import { retentionJob } from '../../src/server/features/person-record';
import type { PersonRecordExport, RetentionReport } from '../../src/shared/contracts/person-record';
import { resources } from '../../src/shared/locales';
import { Client, errorOf, startTestApp, type TestApp, signedInClient } from '../helpers/app';
import { makeAccount, makeCase, makePerson, makeSite } from '../helpers/factories';
import { invitationToken, invitableCase, personClient } from '../helpers/person-space';

let t: TestApp;
let admin: Client;

beforeAll(async () => {
  t = await startTestApp({ PUBLIC_URL: 'https://passerelle.test' });
  const account = await makeAccount(t.database.db, [{ role: 'administrator' }]);
  admin = await signedInClient(t.app, account);
});
afterAll(() => t.close());

async function signedIn(grants: Parameters<typeof makeAccount>[1]): Promise<Client> {
  const account = await makeAccount(t.database.db, grants);
  const client = await signedInClient(t.app, account);
  return client;
}

async function eventsOf(caseId: string, action: string) {
  return t.database.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.subjectId, caseId), eq(auditEvents.action, action)))
    .orderBy(desc(auditEvents.id));
}

const marker = 'WORDS-ABOUT-CAMILLE-7731';
const fileText = `Letter about ${marker}\n`;

/**
 * A case its person said yes to, with something in every part of the record: a note, the
 * plan, an assessment, a safeguarding concern, a document, an invitation email, the person's
 * own note from their space. Every free text carries the marker.
 */
async function richCase(locale: 'fr' | 'en' = 'fr') {
  const made = await invitableCase(t, { locale });
  const worker = made.linkWorker;
  const id = made.caseId;
  const ok = (status: number, body: string) => expect(status, body).toBeLessThan(300);
  let r = await worker.post(`/api/cases/${id}/notes`, { body: marker });
  ok(r.statusCode, r.body);
  r = await worker.request('PUT', `/api/cases/${id}/plan`, {
    goals: [{ text: marker, steps: [{ text: marker, owner: 'person', dueOn: null }] }],
    agreedOn: null,
  });
  ok(r.statusCode, r.body);
  r = await worker.request('PUT', `/api/cases/${id}/assessment`, {
    whatMatters: marker,
    strengths: marker,
  });
  ok(r.statusCode, r.body);
  r = await worker.post(`/api/cases/${id}/safeguarding`, { level: 'concern', description: marker });
  ok(r.statusCode, r.body);
  r = await worker.request(
    'POST',
    `/api/cases/${id}/documents?kind=letter`,
    Buffer.from(fileText),
    {
      'content-type': 'text/plain',
      'x-file-name': 'letter.txt',
    },
  );
  ok(r.statusCode, r.body);
  r = await worker.post(`/api/cases/${id}/person-invitations`);
  ok(r.statusCode, r.body);
  const person = await personClient(t, await invitationToken(t, made.email ?? ''));
  r = await person.post(`/api/person/cases/${id}/notes`, { body: marker });
  ok(r.statusCode, r.body);
  // The case screen read once: an access the export must list.
  ok((await worker.get(`/api/cases/${id}`)).statusCode, '');
  return { ...made, person };
}

async function exportOf(client: Client, caseId: string): Promise<PersonRecordExport> {
  const response = await client.get(`/api/cases/${caseId}/person-record`);
  expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
  return response.json<PersonRecordExport>();
}

async function closeCase(caseId: string): Promise<void> {
  await t.database.db
    .update(cases)
    .set({ status: 'discharged', closureReason: marker, closureNote: marker, closedAt: new Date() })
    .where(eq(cases.id, caseId));
}

describe('the record’s tables', () => {
  it('has a rule for every table a foreign key ties to a person', () => {
    expect(walkSchema().missing).toEqual([]);
    expect(recordTables.map((table) => table.name)).toContain('person_notes');
  });

  it('has a rule or a reason for every table of the database with a person’s or case’s id', async () => {
    const rows = await selectRows<{ table_name: string }>(
      t.database.db,
      sql`select distinct table_name from information_schema.columns
        where table_schema = 'public'
          and column_name in ('case_id', 'person_id', 'subject_id', 'connection_id', 'measurement_id')`,
    );
    const covered = new Set([...Object.keys(linkedRules), ...Object.keys(unlinkedRules)]);
    const uncovered = rows.map((r) => r.table_name).filter((name) => !covered.has(name));
    // Tables derived from the summaries by month carry no case id; the rest must be known.
    expect(uncovered).toEqual([]);
    // Every table the walk reaches through a foreign key, as PostgreSQL itself sees them.
    const linked = await selectRows<{ name: string }>(
      t.database.db,
      sql`with recursive reached(name) as (
          select 'people'::text
          union
          select c.conrelid::regclass::text from pg_constraint c
            join reached r on c.confrelid::regclass::text = r.name
          where c.contype = 'f')
        select name from reached`,
    );
    expect(linked.map((r) => r.name).filter((name) => !(name in linkedRules))).toEqual([]);
  });

  it('names every table of the record on the page, in French and English', () => {
    for (const table of recordTables) {
      expect(resources.en.record.sections, table.name).toHaveProperty(table.name);
      expect(resources.fr.record.sections, table.name).toHaveProperty(table.name);
    }
  });
});

describe('the person’s full record, for staff', () => {
  it('holds everything about the person, as a versioned JSON document, and is audited', async () => {
    const made = await richCase();
    const record = await exportOf(made.linkWorker, made.caseId);
    expect(record).toMatchObject({
      format: 'passerelle.person-record',
      version: 1,
      personId: made.personId,
      language: 'fr',
    });
    expect(record.tables.people?.[0]).toMatchObject({ email: made.email, given_name: 'Camille' });
    expect(record.tables.cases?.map((c) => c.id)).toEqual([made.caseId]);
    expect(record.tables.consents).toHaveLength(1);
    for (const table of [
      'case_notes',
      'action_plans',
      'assessments',
      'safeguarding_concerns',
      'person_notes',
    ]) {
      expect(JSON.stringify(record.tables[table]), table).toContain(marker);
    }
    const [document] = record.tables.case_documents ?? [];
    expect(document).toMatchObject({ file_name: 'letter.txt', content_type: 'text/plain' });
    expect(Buffer.from(String(document?.content_base64), 'base64').toString()).toBe(fileText);
    expect(document).not.toHaveProperty('content');
    // The invitation emailed to them, and their sign-in, without its secrets.
    expect(record.emails.map((e) => e.recipient)).toContain(made.email);
    expect(record.tables.person_sessions).toHaveLength(1);
    expect(record.tables.person_sessions?.[0]).not.toHaveProperty('token_hash');
    // Who read the case, with their role where it happened.
    const viewed = record.access.find((e) => e.action === 'case.viewed');
    expect(viewed).toMatchObject({ actorKind: 'account' });
    expect(viewed?.roles.map((r) => r.role)).toEqual(['link_worker']);
    expect(viewed?.roles[0]?.organisation).toBeTruthy();
    expect(record.access.some((e) => e.actorKind === 'person_session')).toBe(true);

    const [event] = await eventsOf(made.caseId, 'person_record.exported');
    expect(event).toMatchObject({ outcome: 'success', details: { format: 'json' } });
  });

  it('is a readable page in the person’s language, that runs nothing', async () => {
    const fr = await richCase('fr');
    const page = await fr.linkWorker.get(`/api/cases/${fr.caseId}/person-record?format=html`);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.body).toContain('<html lang="fr">');
    expect(page.body).toContain('Votre dossier dans Passerelle');
    expect(page.body).toContain('Qui a consulté ou modifié votre dossier');
    expect(page.body).toContain(marker);
    expect(page.body).not.toContain('<script');
    const en = await richCase('en');
    const english = await en.linkWorker.get(`/api/cases/${en.caseId}/person-record?format=html`);
    expect(english.body).toContain('Your record at Passerelle');
    expect((await eventsOf(en.caseId, 'person_record.exported'))[0]?.details).toEqual({
      format: 'html',
    });
  });

  it('escapes what was typed', async () => {
    const made = await invitableCase(t, { locale: 'en' });
    await made.linkWorker.post(`/api/cases/${made.caseId}/notes`, {
      body: '<img src=x onerror=alert(1)>',
    });
    const page = await made.linkWorker.get(`/api/cases/${made.caseId}/person-record?format=html`);
    expect(page.body).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page.body).not.toContain('<img');
  });
});

describe('the person’s own record, from their space', () => {
  it('gives the person everything about them, audited as theirs', async () => {
    const made = await richCase('en');
    const response = await made.person.get('/api/person/record');
    expect(response.statusCode).toBe(200);
    const record = response.json<PersonRecordExport>();
    expect(record.personId).toBe(made.personId);
    expect(JSON.stringify(record.tables.case_notes)).toContain(marker);
    const page = await made.person.get('/api/person/record?format=html');
    expect(page.body).toContain('Your record at Passerelle');
    const [event] = await eventsOf(made.caseId, 'person.own_record_exported');
    expect(event).toMatchObject({
      actorId: null,
      details: { via: 'person_session', format: 'html' },
    });
  });
});

describe('erasure on request', () => {
  async function manager(siteId: string): Promise<Client> {
    return signedIn([{ role: 'site_manager', siteId }]);
  }

  it('is refused while a case of the person is open, and changes nothing', async () => {
    const made = await richCase();
    const [row] = await t.database.db.select().from(cases).where(eq(cases.id, made.caseId));
    const response = await (
      await manager(made.siteId)
    ).post(`/api/cases/${made.caseId}/erasure`, {
      reason: 'person_request',
      confirmReference: row?.reference,
    });
    expect(response.statusCode).toBe(409);
    expect(errorOf(response).code).toBe('person_has_open_case');
    const [person] = await t.database.db.select().from(people).where(eq(people.id, made.personId));
    expect(person?.anonymisedAt).toBeNull();
    expect(person?.email).toBe(made.email);
  });

  it('asks for the case reference typed again, in the caller’s language', async () => {
    const made = await richCase();
    await closeCase(made.caseId);
    const client = await manager(made.siteId);
    const french = new Client(t.app, 'fr');
    french.cookie = client.cookie;
    french.csrfToken = client.csrfToken;
    const response = await french.post(`/api/cases/${made.caseId}/erasure`, {
      reason: 'person_request',
      confirmReference: 'nope',
    });
    expect(response.statusCode).toBe(400);
    expect(errorOf(response)).toMatchObject({
      code: 'erasure_not_confirmed',
      field: 'confirmReference',
    });
    expect(errorOf(response).message).toMatch(/référence/);
  });

  it('removes the identity and every word about the person from all their cases, keeping the figures', async () => {
    const made = await richCase();
    const db = t.database.db;
    // A second, earlier case of the same person, also closed.
    const earlier = await makeCase(db, made.siteId, { personId: made.personId });
    await closeCase(earlier.id);
    await closeCase(made.caseId);
    const before = await exportOf(made.linkWorker, made.caseId);
    const [row] = await db.select().from(cases).where(eq(cases.id, made.caseId));
    const response = await (
      await manager(made.siteId)
    ).post(`/api/cases/${made.caseId}/erasure`, {
      reason: 'person_request',
      requestReference: 'DPO-2026/14',
      confirmReference: row?.reference,
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ cases: 2 });

    const after = await exportOf(made.linkWorker, made.caseId);
    const text = JSON.stringify({ tables: after.tables, emails: after.emails });
    for (const gone of [marker, 'Camille', made.email ?? '', '613-555-0142', 'K6H 5R5']) {
      expect(text, gone).not.toContain(gone);
    }
    const person = after.tables.people?.[0];
    expect(person).toMatchObject({ given_name: '', family_name: '', email: null, phone: null });
    expect(person?.postal_code).toBe('K6H');
    expect(person?.anonymised_at).toBeTruthy();
    // Codes and figures stay: statuses, reasons, the plan's shape, the document's size.
    expect(after.tables.cases?.map((c) => c.status)).toEqual(['discharged', 'discharged']);
    expect(after.tables.cases?.map((c) => c.closure_reason)).toEqual(['other', 'other']);
    expect(after.tables.cases?.[0]?.reasons).toEqual(before.tables.cases?.[0]?.reasons);
    const goals = after.tables.action_plans?.[0]?.goals as { steps: unknown[] }[];
    expect(goals).toHaveLength(1);
    expect(goals[0]?.steps).toHaveLength(1);
    expect(after.tables.case_documents?.[0]).toMatchObject({ size_bytes: fileText.length });
    expect(after.tables.case_documents?.[0]?.content_base64).toBeNull();
    expect(after.tables.person_sessions).toEqual([]);
    expect(
      await db.select().from(personSessions).where(eq(personSessions.personId, made.personId)),
    ).toEqual([]);
    // The person's session ended with it.
    expect((await made.person.get('/api/person/session')).statusCode).toBe(401);

    // One event per case, with the grounds as a code, none with a word about the person.
    const events = await db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, 'case.anonymised'),
          inArray(auditEvents.subjectId, [made.caseId, earlier.id]),
        ),
      );
    expect(events).toHaveLength(2);
    expect(events[0]?.details).toEqual({
      trigger: 'erasure',
      reason: 'person_request',
      requestReference: 'DPO-2026/14',
    });
    expect(JSON.stringify(events.map((e) => e.details))).not.toContain(marker);

    // Irreversible, and said so when asked again.
    const again = await (
      await manager(made.siteId)
    ).post(`/api/cases/${made.caseId}/erasure`, {
      reason: 'person_request',
      confirmReference: row?.reference,
    });
    expect(again.statusCode).toBe(409);
    expect(errorOf(again).code).toBe('person_already_anonymised');
  });

  it('keeps the age band of every case on its referral day', async () => {
    const db = t.database.db;
    const site = await makeSite(db);
    // 64 at the first referral, 65 at the second a year later: two bands to keep.
    const person = await makePerson(db, site.id, { dateOfBirth: '1960-06-15' });
    const first = await makeCase(db, site.id, { personId: person.id });
    const second = await makeCase(db, site.id, { personId: person.id });
    await db
      .update(cases)
      .set({ referredAt: new Date('2025-03-01T12:00:00Z') })
      .where(eq(cases.id, first.id));
    await db
      .update(cases)
      .set({ referredAt: new Date('2026-03-01T12:00:00Z') })
      .where(eq(cases.id, second.id));
    const bands = async () =>
      selectRows<{ band: number }>(
        db,
        sql`select extract(year from age(c.referred_at::date, p.date_of_birth))::int as band
          from cases c join people p on p.id = c.person_id
          where p.id = ${person.id}::uuid order by c.referred_at`,
      );
    expect((await bands()).map((b) => b.band)).toEqual([64, 65]);
    await closeCase(first.id);
    await closeCase(second.id);
    const [row] = await db.select().from(cases).where(eq(cases.id, first.id));
    const response = await admin.post(`/api/cases/${first.id}/erasure`, {
      reason: 'consent_withdrawn',
      confirmReference: row?.reference,
    });
    expect(response.statusCode, response.body).toBe(200);
    const ages = (await bands()).map((b) => b.band);
    expect(ages[0]).toBeGreaterThanOrEqual(45);
    expect(ages[0]).toBeLessThan(65);
    expect(ages[1]).toBeGreaterThanOrEqual(65);
    const [after] = await db.select().from(people).where(eq(people.id, person.id));
    expect(after?.dateOfBirth).not.toBe('1960-06-15');
  });
});

describe('retention', () => {
  async function report(): Promise<RetentionReport> {
    const response = await admin.get('/api/admin/retention');
    expect(response.statusCode).toBe(200);
    return response.json<RetentionReport>();
  }

  it('does nothing until the period is set, then anonymises only what closed longer ago, after a dry run', async () => {
    const db = t.database.db;
    const site = await makeSite(db);
    const old = await makeCase(db, site.id);
    const recent = await makeCase(db, site.id);
    const stillOpen = await makeCase(db, site.id);
    await closeCase(old.id);
    await closeCase(recent.id);
    const eightYearsAgo = new Date(Date.now() - 8 * 366 * 24 * 3600_000);
    await db.update(cases).set({ closedAt: eightYearsAgo }).where(eq(cases.id, old.id));
    // Open for years: never anonymised while open.
    await db.update(cases).set({ referredAt: eightYearsAgo }).where(eq(cases.id, stillOpen.id));

    expect(await report()).toMatchObject({ retentionYears: null, people: 0, cases: 0 });
    await t.runJob(retentionJob);
    expect(await eventsOf(old.id, 'case.anonymised')).toEqual([]);

    const set = await admin.request('PUT', '/api/admin/retention', { retentionYears: 7 });
    expect(set.statusCode, set.body).toBe(200);
    const dryRun = set.json<RetentionReport>();
    expect(dryRun.retentionYears).toBe(7);
    expect(dryRun.items.map((i) => i.reference)).toContain(old.reference);
    expect(dryRun.items.map((i) => i.reference)).not.toContain(recent.reference);
    expect(dryRun.items.map((i) => i.reference)).not.toContain(stillOpen.reference);
    expect(dryRun.sites.find((s) => s.siteId === site.id)).toMatchObject({ people: 1, cases: 1 });
    // The dry run names no one.
    expect(JSON.stringify(dryRun)).not.toContain('Camille');
    expect(JSON.stringify(dryRun)).not.toContain(marker);
    // Still nothing changed.
    const [untouched] = await db.select().from(people).where(eq(people.id, old.personId));
    expect(untouched?.anonymisedAt).toBeNull();

    await t.runJob(retentionJob);
    const [anonymised] = await db.select().from(people).where(eq(people.id, old.personId));
    expect(anonymised).toMatchObject({ givenName: '', phone: null });
    expect(anonymised?.anonymisedAt).not.toBeNull();
    const [event] = await eventsOf(old.id, 'case.anonymised');
    expect(event).toMatchObject({
      actorId: null,
      details: { trigger: 'retention', retentionYears: 7 },
    });
    for (const kept of [recent, stillOpen]) {
      const [person] = await db.select().from(people).where(eq(people.id, kept.personId));
      expect(person?.anonymisedAt).toBeNull();
      expect(person?.givenName).toBe('Camille');
    }
    expect((await report()).items.map((i) => i.reference)).not.toContain(old.reference);
    // Run again: nothing more.
    await t.runJob(retentionJob);
    expect(await eventsOf(old.id, 'case.anonymised')).toHaveLength(1);
    await admin.request('PUT', '/api/admin/retention', { retentionYears: null });
  });

  it('refuses a period out of range, naming the field', async () => {
    const response = await admin.request('PUT', '/api/admin/retention', { retentionYears: 0 });
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).field).toBe('retentionYears');
  });
});
