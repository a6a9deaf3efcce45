import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { auditEvents, outboundEmails } from '../../src/server/db/schema';
import type { FailedEmailList } from '../../src/shared/contracts/emails';
import { Client, errorOf, startTestApp, type TestApp, signedInClient } from '../helpers/app';
import { makeAccount, makeFailedEmail } from '../helpers/factories';
import { type SmtpCapture, startSmtpCapture } from '../helpers/smtp';

let mail: SmtpCapture;
let t: TestApp;
let admin: Client;

beforeAll(async () => {
  mail = await startSmtpCapture();
  t = await startTestApp({ SMTP_URL: mail.url });
  const account = await makeAccount(t.database.db, [{ role: 'administrator' }]);
  admin = await signedInClient(t.app, account);
});
afterAll(async () => {
  await t.close();
  await mail.close();
});
beforeEach(() => mail.clear());

function givenUp(subject: string, createdAt = new Date()): Promise<string> {
  return makeFailedEmail(t.database.db, { subject, createdAt });
}

async function failedList(): Promise<FailedEmailList['items']> {
  const response = await admin.get('/api/admin/emails/failed');
  expect(response.statusCode).toBe(200);
  return response.json<FailedEmailList>().items;
}

describe('undelivered emails', () => {
  it('lists the emails given up on, newest first, with why they failed', async () => {
    const older = await givenUp('Une mise en lien vous attend', new Date(Date.now() - 3_600_000));
    const newer = await givenUp('Nouvelle mise en lien : marche du mardi');
    const items = await failedList();
    const ids = items.map((item) => item.id);
    expect(ids.indexOf(newer)).toBeLessThan(ids.indexOf(older));
    expect(items.find((item) => item.id === newer)).toMatchObject({
      recipient: 'accueil@partenaire.example',
      subject: 'Nouvelle mise en lien : marche du mardi',
      attempts: 5,
      lastError: '550 5.1.1 mailbox unavailable',
    });
  });

  it('sends one again: it leaves the list, goes out on the next delivery, and is audited', async () => {
    const id = await givenUp('Rappel : questionnaire de suivi');
    const retried = await admin.post(`/api/admin/emails/${id}/retry`, {});
    expect(retried.statusCode).toBe(204);
    expect((await failedList()).map((item) => item.id)).not.toContain(id);

    await t.deliverEmails();
    expect(mail.messages().map((m) => m.subject)).toContain('Rappel : questionnaire de suivi');
    const [row] = await t.database.db
      .select()
      .from(outboundEmails)
      .where(eq(outboundEmails.id, id));
    expect(row?.status).toBe('sent');
    const audited = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.subjectId, id));
    expect(audited.map((event) => event.action)).toEqual(['email.requeued']);
  });

  it('refuses to send again an email that did not fail, and a malformed id', async () => {
    const id = await givenUp('Déjà renvoyé');
    expect((await admin.post(`/api/admin/emails/${id}/retry`, {})).statusCode).toBe(204);
    const again = await admin.post(`/api/admin/emails/${id}/retry`, {});
    expect(again.statusCode).toBe(404);
    const malformed = await admin.post('/api/admin/emails/not-an-id/retry', {});
    expect(malformed.statusCode).toBe(400);
    expect(errorOf(malformed).field).toBe('id');
  });
});
