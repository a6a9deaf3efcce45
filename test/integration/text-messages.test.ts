import { PassThrough } from 'node:stream';
import { desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app';
import { loadConfig } from '../../src/server/config';
import { auditEvents, outboundEmails, personSignInCodes } from '../../src/server/db/schema';
import { deliverPendingTexts } from '../../src/server/platform/mail/delivery';
import type {
  PersonInvitation,
  PersonSession,
  PersonSignInQr,
} from '../../src/shared/contracts/person-space';
import { Client, errorOf, startTestApp, type TestApp } from '../helpers/app';
import { invitableCase } from '../helpers/person-space';
import { type SmsCapture, startSmsCapture } from '../helpers/sms';
import { people } from '../../src/server/db/schema';

let sms: SmsCapture;
let t: TestApp;
let serial = 0;

beforeAll(async () => {
  sms = await startSmsCapture();
  t = await startTestApp({ PUBLIC_URL: 'https://passerelle.test', ...sms.env });
});
afterAll(async () => {
  await t.close();
  await sms.close();
});
beforeEach(() => sms.clear());

/** A French mobile number no other test person has, as a person would write it. */
function frenchMobile(): { written: string; e164: string } {
  serial += 1;
  const digits = `${Date.now() % 1_000_000}${serial}`.padStart(8, '0').slice(-8);
  return {
    written: `06 ${digits.replace(/(\d{2})(?=\d)/g, '$1 ')}`,
    e164: `+336${digits}`,
  };
}

/** An accepted case whose person prefers text messages and has a mobile (and an email). */
async function textingCase(locale: 'fr' | 'en' = 'fr') {
  const made = await invitableCase(t, { locale });
  const mobile = frenchMobile();
  await t.database.db
    .update(people)
    .set({ phone: mobile.written, contactPreference: 'text_message' })
    .where(eq(people.id, made.personId));
  return { ...made, mobile };
}

async function outboxTo(recipient: string) {
  return t.database.db
    .select()
    .from(outboundEmails)
    .where(eq(outboundEmails.recipient, recipient))
    .orderBy(desc(outboundEmails.createdAt));
}

async function codeTextedTo(e164: string): Promise<string> {
  await deliverPendingTexts(t.database.db, t.config);
  const text = await sms.waitFor((m) => m.to === e164);
  const code = /\b(\d{6})\b/.exec(text.body)?.[1];
  if (!code) throw new Error('no code in the text');
  return code;
}

describe('the text-message channel', () => {
  it('sends the invitation by text to a person who prefers it, through the outbox, once', async () => {
    const made = await textingCase('fr');
    const response = await made.linkWorker.post(`/api/cases/${made.caseId}/person-invitations`);
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json<PersonInvitation>()).toMatchObject({
      channel: 'sms',
      sentTo: made.mobile.e164,
    });
    // Queued in the same outbox as emails, and no email to the person's address.
    const [queued] = await outboxTo(made.mobile.e164);
    expect(queued).toMatchObject({ channel: 'sms', status: 'pending', subject: '' });
    expect(await outboxTo(made.email ?? '')).toHaveLength(0);

    await t.runJob('mail.deliver');
    const text = await sms.waitFor((m) => m.to === made.mobile.e164);
    expect(text.from).toBe('+15145550100');
    expect(text.body).toMatch(/^Passerelle, .*: bonjour Camille/);
    expect(text.body).toMatch(/https:\/\/passerelle\.test\/me\/sign-in#\S+$/);
    // A second pass sends nothing again.
    await t.runJob('mail.deliver');
    expect(sms.messages().filter((m) => m.to === made.mobile.e164)).toHaveLength(1);
    const [sent] = await outboxTo(made.mobile.e164);
    expect(sent).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('retries a text the provider failed with a 5xx, then sends it once', async () => {
    const made = await textingCase();
    await made.linkWorker.post(`/api/cases/${made.caseId}/person-invitations`);
    sms.failNext(1, 503);
    const first = await deliverPendingTexts(t.database.db, t.config);
    expect(first).toEqual({ sent: 0, retried: 1, failed: 0 });
    const [waiting] = await outboxTo(made.mobile.e164);
    expect(waiting).toMatchObject({ status: 'pending', attempts: 1, lastError: 'HTTP 503 20500' });
    expect((waiting?.nextAttemptAt.getTime() ?? 0) - Date.now()).toBeGreaterThan(50_000);
    // Not due yet: the next pass leaves it.
    expect(await deliverPendingTexts(t.database.db, t.config)).toEqual({
      sent: 0,
      retried: 0,
      failed: 0,
    });
    await t.database.db
      .update(outboundEmails)
      .set({ nextAttemptAt: new Date() })
      .where(eq(outboundEmails.recipient, made.mobile.e164));
    expect(await deliverPendingTexts(t.database.db, t.config)).toEqual({
      sent: 1,
      retried: 0,
      failed: 0,
    });
    expect(sms.messages().filter((m) => m.to === made.mobile.e164)).toHaveLength(1);
  });

  it('gives up at once on a text the provider refuses for good (4xx)', async () => {
    const made = await textingCase();
    await made.linkWorker.post(`/api/cases/${made.caseId}/person-invitations`);
    sms.failNext(1, 400);
    expect(await deliverPendingTexts(t.database.db, t.config)).toEqual({
      sent: 0,
      retried: 0,
      failed: 1,
    });
    const [given] = await outboxTo(made.mobile.e164);
    expect(given).toMatchObject({ status: 'failed', lastError: 'HTTP 400 20500' });
  });

  it('emails a person who prefers texts but whose phone is not a mobile', async () => {
    const made = await invitableCase(t, { locale: 'fr' });
    await t.database.db
      .update(people)
      .set({ phone: '01 45 67 89 01', contactPreference: 'text_message' })
      .where(eq(people.id, made.personId));
    const response = await made.linkWorker.post(`/api/cases/${made.caseId}/person-invitations`);
    expect(response.json<PersonInvitation>()).toMatchObject({
      channel: 'email',
      sentTo: made.email,
    });
  });
});

describe('sign-in by a code sent by text message', () => {
  it('texts a code in the person’s language that opens their session once', async () => {
    const made = await textingCase('en');
    const asked = await new Client(t.app).post('/api/person/sign-in-codes', {
      phone: made.mobile.written,
    });
    expect(asked.statusCode, asked.body).toBe(202);
    expect(asked.json()).toEqual({ minutes: 10 });
    const code = await codeTextedTo(made.mobile.e164);
    const text = sms.messages().find((m) => m.to === made.mobile.e164);
    expect(text?.body).toMatch(/^Passerelle: your sign-in code is \d{6}\. It works for 10 minutes/);
    // Only a keyed hash is kept.
    const [row] = await t.database.db
      .select()
      .from(personSignInCodes)
      .where(eq(personSignInCodes.personId, made.personId));
    expect(row?.codeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(code);

    const person = new Client(t.app);
    // The number written another way is the same number.
    const opened = await person.post('/api/person/sign-in/code', {
      phone: made.mobile.e164,
      code,
    });
    expect(opened.statusCode, opened.body).toBe(200);
    person.csrfToken = opened.json<PersonSession>().csrfToken;
    expect(opened.json<PersonSession>()).toMatchObject({ givenName: 'Camille', locale: 'en' });
    expect((await person.get(`/api/person/cases/${made.caseId}/plan`)).statusCode).toBe(200);
    const again = await new Client(t.app).post('/api/person/sign-in/code', {
      phone: made.mobile.written,
      code,
    });
    expect(again.statusCode).toBe(400);
    expect(errorOf(again).code).toBe('sign_in_code_invalid');

    const events = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.subjectId, made.caseId))
      .orderBy(desc(auditEvents.id));
    const actions = events.map((e) => `${e.action}:${e.outcome}`);
    expect(actions).toContain('person.sign_in_code_sent:success');
    expect(actions).toContain('person.signed_in:success');
    // The spent code tried again: refused and audited as denied on the case.
    expect(actions).toContain('access.denied:denied');
    const details = JSON.stringify(events.map((e) => e.details));
    expect(details).not.toContain(code);
    expect(details).not.toContain(made.mobile.e164);
  });

  it('answers the same for a number nobody has, and texts nothing', async () => {
    const unknown = frenchMobile();
    const asked = await new Client(t.app).post('/api/person/sign-in-codes', {
      phone: unknown.written,
    });
    expect(asked.statusCode).toBe(202);
    expect(asked.json()).toEqual({ minutes: 10 });
    expect(await outboxTo(unknown.e164)).toHaveLength(0);
    const tried = await new Client(t.app).post('/api/person/sign-in/code', {
      phone: unknown.written,
      code: '123456',
    });
    expect(tried.statusCode).toBe(400);
    expect(errorOf(tried).code).toBe('sign_in_code_invalid');
  });

  it('ends a code after 5 wrong tries, even the right one after', async () => {
    const made = await textingCase();
    await new Client(t.app).post('/api/person/sign-in-codes', { phone: made.mobile.written });
    const code = await codeTextedTo(made.mobile.e164);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const tried = await new Client(t.app).post('/api/person/sign-in/code', {
        phone: made.mobile.written,
        code: wrong,
      });
      expect(tried.statusCode).toBe(400);
    }
    const right = await new Client(t.app).post('/api/person/sign-in/code', {
      phone: made.mobile.written,
      code,
    });
    expect(right.statusCode).toBe(400);
    const [row] = await t.database.db
      .select()
      .from(personSignInCodes)
      .where(eq(personSignInCodes.personId, made.personId));
    expect(row?.attempts).toBe(5);
  });

  it('refuses a code past its minutes', async () => {
    const made = await textingCase();
    await new Client(t.app).post('/api/person/sign-in-codes', { phone: made.mobile.written });
    const code = await codeTextedTo(made.mobile.e164);
    await t.database.db
      .update(personSignInCodes)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(personSignInCodes.personId, made.personId));
    const late = await new Client(t.app).post('/api/person/sign-in/code', {
      phone: made.mobile.written,
      code,
    });
    expect(late.statusCode).toBe(400);
    expect(errorOf(late).code).toBe('sign_in_code_invalid');
  });

  it('sends a number at most 3 codes an hour, answering the same after', async () => {
    const made = await textingCase();
    for (let asked = 1; asked <= 4; asked += 1) {
      const response = await new Client(t.app).post('/api/person/sign-in-codes', {
        phone: made.mobile.written,
      });
      expect(response.statusCode).toBe(202);
    }
    expect(await outboxTo(made.mobile.e164)).toHaveLength(3);
  });

  it('refuses a number that is not one, naming the field in the caller’s language', async () => {
    const response = await new Client(t.app, 'fr').post('/api/person/sign-in-codes', {
      phone: '555-01',
    });
    expect(response.statusCode).toBe(400);
    expect(JSON.stringify(response.json())).toContain('phone');
    expect(JSON.stringify(response.json())).toContain('Saisissez un numéro de mobile');
  });
});

describe('the sign-in QR code', () => {
  it('shows the link worker a QR code of a 5-minute sign-in link, audited', async () => {
    const made = await invitableCase(t);
    const response = await made.linkWorker.post(`/api/cases/${made.caseId}/person-sign-in-qr`);
    expect(response.statusCode, response.body).toBe(201);
    const qr = response.json<PersonSignInQr>();
    expect(qr.qrCode).toMatch(/^data:image\/svg\+xml;base64,/);
    expect((Date.parse(qr.expiresAt) - Date.now()) / 60_000).toBeCloseTo(5, 0);
    const [event] = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.subjectId, made.caseId))
      .orderBy(desc(auditEvents.id));
    expect(event?.action).toBe('person.sign_in_qr_shown');
  });
});

describe('without an SMS provider', () => {
  it('emails the person who prefers texts, and the code sign-in says it is not offered', async () => {
    const off = await startTestApp({ PUBLIC_URL: 'https://passerelle.test' });
    try {
      const made = await invitableCase(off, { locale: 'fr' });
      await off.database.db
        .update(people)
        .set({ phone: '06 11 22 33 44', contactPreference: 'text_message' })
        .where(eq(people.id, made.personId));
      const invited = await made.linkWorker.post(`/api/cases/${made.caseId}/person-invitations`);
      expect(invited.json<PersonInvitation>()).toMatchObject({ channel: 'email' });
      const asked = await new Client(off.app).post('/api/person/sign-in-codes', {
        phone: '06 11 22 33 44',
      });
      expect(asked.statusCode).toBe(404);
      expect(errorOf(asked).code).toBe('text_messages_off');
    } finally {
      await off.close();
    }
  });
});

it('logs no phone number, code or message text, in requests or in delivery', async () => {
  let logs = '';
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => (logs += chunk.toString('utf8')));
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'trace',
    DATA_DIR: ':memory:',
    PUBLIC_URL: 'https://passerelle.test',
    ...sms.env,
  });
  const app = await buildApp({ config, database: t.database, logStream: stream });
  const made = await textingCase();
  const asked = await new Client(app).post('/api/person/sign-in-codes', {
    phone: made.mobile.written,
  });
  expect(asked.statusCode).toBe(202);
  const lines: string[] = [];
  const jobLog = {
    info: (...args: unknown[]) => lines.push(JSON.stringify(args)),
    warn: (...args: unknown[]) => lines.push(JSON.stringify(args)),
    error: (...args: unknown[]) => lines.push(JSON.stringify(args)),
  };
  sms.failNext(1, 500);
  await deliverPendingTexts(t.database.db, config, jobLog as never);
  await t.database.db
    .update(outboundEmails)
    .set({ nextAttemptAt: new Date() })
    .where(eq(outboundEmails.recipient, made.mobile.e164));
  await deliverPendingTexts(t.database.db, config, jobLog as never);
  const text = await sms.waitFor((m) => m.to === made.mobile.e164);
  const code = /\d{6}/.exec(text.body)?.[0] ?? 'no code';
  await new Client(app).post('/api/person/sign-in/code', { phone: made.mobile.written, code });
  await app.close();
  const all = `${logs}\n${lines.join('\n')}`;
  expect(lines.join('\n')).toContain('text message sent');
  expect(lines.join('\n')).toContain('text message not sent');
  for (const secret of [
    made.mobile.e164,
    made.mobile.written,
    made.mobile.e164.slice(1),
    code,
    text.body,
  ]) {
    expect(all).not.toContain(secret);
  }
});
