import { createServer } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { outboundEmails } from '../../src/server/db/schema';
import {
  deliverPendingEmails,
  mailDeliveryJob,
  retryDelayMs,
} from '../../src/server/platform/mail/delivery';
import { queueEmail } from '../../src/server/platform/mail/outbox';
import { startTestApp, type TestApp } from '../helpers/app';
import { type SmtpCapture, startSmtpCapture } from '../helpers/smtp';

let mail: SmtpCapture;
let t: TestApp;

beforeAll(async () => {
  mail = await startSmtpCapture();
  t = await startTestApp({
    SMTP_URL: mail.url,
    MAIL_FROM: 'Passerelle <bonjour@passerelle.example>',
  });
});
afterAll(async () => {
  await t.close();
  await mail.close();
});
beforeEach(() => mail.clear());

async function statusOf(
  id: string | null,
  app: TestApp = t,
): Promise<typeof outboundEmails.$inferSelect> {
  if (!id) throw new Error('email not queued');
  const [row] = await app.database.db
    .select()
    .from(outboundEmails)
    .where(eq(outboundEmails.id, id));
  if (!row) throw new Error('email row missing');
  return row;
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('email delivery', () => {
  it('sends an email queued in a transaction, accents and links intact', async () => {
    const id = await t.database.db.transaction((tx) =>
      queueEmail(tx, {
        kind: 'test.bonjour',
        to: 'Élodie.Bérubé@example.org',
        subject: 'Votre rendez-vous à Québec : première étape',
        text: 'Bonjour Élodie,\n\nConfirmez ici : http://127.0.0.1:3000/links/abc.def.\n\nÀ bientôt, l’équipe',
        html: '<p>Bonjour <strong>Élodie</strong></p>',
      }),
    );
    expect((await statusOf(id)).status).toBe('pending');

    const result = await t.deliverEmails();
    expect(result).toEqual({ sent: 1, retried: 0, failed: 0 });

    const email = await mail.waitFor((e) => e.subject.includes('rendez-vous'), 5_000);
    expect(email.to).toEqual(['élodie.bérubé@example.org']);
    expect(email.from).toContain('bonjour@passerelle.example');
    expect(email.subject).toBe('Votre rendez-vous à Québec : première étape');
    expect(email.text).toContain('Bonjour Élodie,');
    expect(email.text).toContain('À bientôt, l’équipe');
    expect(email.html).toContain('<strong>Élodie</strong>');
    expect(email.links).toEqual(['http://127.0.0.1:3000/links/abc.def']);

    const row = await statusOf(id);
    expect(row).toMatchObject({ status: 'sent', attempts: 1, lastError: null });
    expect(row.sentAt).toBeInstanceOf(Date);

    // Sent once: a second pass finds nothing due.
    expect(await t.deliverEmails()).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(mail.messages()).toHaveLength(1);
  });

  it('does not send an email whose transaction rolled back', async () => {
    await expect(
      t.database.db.transaction(async (tx) => {
        await queueEmail(tx, {
          kind: 'test.rollback',
          to: 'a@example.org',
          subject: 'x',
          text: 'x',
        });
        throw new Error('change refused');
      }),
    ).rejects.toThrow('change refused');
    await t.deliverEmails();
    expect(mail.messages()).toHaveLength(0);
  });

  it('runs as the recurring mail job', async () => {
    await queueEmail(t.database.db, {
      kind: 'test.job',
      to: 'job@example.org',
      subject: 'Job',
      text: 'ok',
    });
    await t.runJob(mailDeliveryJob);
    const email = await mail.waitFor((e) => e.to.includes('job@example.org'));
    expect(email.text.trim()).toBe('ok');
  });

  it('ends a pass after its time budget with emails still due, so other jobs get their turn and a stop is not held up', async () => {
    for (let n = 0; n < 120; n += 1) {
      await queueEmail(t.database.db, {
        kind: 'test.backlog',
        to: `backlog-${n}@example.org`,
        subject: 'Backlog',
        text: 'ok',
      });
    }
    // A budget already spent: the pass sends its first batch of 50, then hands over.
    const first = await deliverPendingEmails(t.database.db, t.config, undefined, 0);
    expect(first.sent).toBe(50);
    const rest = await deliverPendingEmails(t.database.db, t.config);
    expect(rest.sent).toBe(70);
  });

  it('leaves emails pending when SMTP_URL is not set', async () => {
    const off = await startTestApp();
    try {
      const id = await queueEmail(off.database.db, {
        kind: 'test.off',
        to: 'a@example.org',
        subject: 's',
        text: 't',
      });
      expect(await off.deliverEmails()).toEqual({ sent: 0, retried: 0, failed: 0 });
      expect((await statusOf(id, off)).status).toBe('pending');
      expect((await statusOf(id, off)).attempts).toBe(0);
    } finally {
      await off.close();
    }
  });

  it('retries later when the server cannot be reached, without the recipient in the error', async () => {
    const down = await startTestApp({ SMTP_URL: `smtp://127.0.0.1:${await closedPort()}` });
    try {
      const id = await queueEmail(down.database.db, {
        kind: 'test.down',
        to: 'secret@example.org',
        subject: 's',
        text: 't',
      });
      const before = Date.now();
      expect(await down.deliverEmails()).toEqual({ sent: 0, retried: 1, failed: 0 });
      const row = await statusOf(id, down);
      expect(row).toMatchObject({ status: 'pending', attempts: 1 });
      expect(row.lastError).not.toContain('secret');
      expect(row.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(before + 50_000);
      // Not due yet: the next pass leaves it alone.
      expect(await down.deliverEmails()).toEqual({ sent: 0, retried: 0, failed: 0 });
    } finally {
      await down.close();
    }
  });
});

describe('retry schedule', () => {
  it('waits 1, 5, 30 minutes... then gives up; a refusal (5xx) gives up at once', () => {
    expect(retryDelayMs(1, false)).toBe(60_000);
    expect(retryDelayMs(2, false)).toBe(5 * 60_000);
    expect(retryDelayMs(3, false)).toBe(30 * 60_000);
    expect(retryDelayMs(6, false)).toBeNull();
    expect(retryDelayMs(1, true)).toBeNull();
  });
});
