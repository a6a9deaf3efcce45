import type { AddressInfo } from 'node:net';
import { type AddressObject, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** One message as the SMTP server received it, parsed back from the wire. */
export type CapturedEmail = {
  /** Envelope recipients (RCPT TO), lower case. */
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string | undefined;
  /** Every http(s) address in the text part, in order. */
  links: string[];
  /** Files sent with it, their content as UTF-8 text (such as an .ics invitation). */
  attachments: { filename: string; contentType: string; content: string }[];
  receivedAt: Date;
};

export type SmtpCapture = {
  /** The address to give the app as SMTP_URL. */
  url: string;
  port: number;
  messages(): CapturedEmail[];
  /** Resolves with the first message (already received or still to come) that matches. */
  waitFor(predicate: (email: CapturedEmail) => boolean, timeoutMs?: number): Promise<CapturedEmail>;
  clear(): void;
  close(): Promise<void>;
};

const linkPattern = /https?:\/\/[^\s<>"')\]]+/g;

export function extractLinks(text: string): string[] {
  return [...text.matchAll(linkPattern)].map((match) => match[0].replace(/[.,;:!?]+$/, ''));
}

function headerAddresses(value: AddressObject | AddressObject[] | undefined): string {
  if (!value) return '';
  return (Array.isArray(value) ? value : [value]).map((a) => a.text).join(', ');
}

/**
 * A real SMTP server on loopback (no authentication, no TLS) that keeps what it receives,
 * so tests check what the app really sent rather than what it meant to send.
 */
export async function startSmtpCapture(options: { port?: number } = {}): Promise<SmtpCapture> {
  const received: CapturedEmail[] = [];
  const waiters = new Set<{
    predicate: (e: CapturedEmail) => boolean;
    resolve(e: CapturedEmail): void;
  }>();

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 5 * 1024 * 1024,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const text = parsed.text ?? '';
          const email: CapturedEmail = {
            to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            from: headerAddresses(parsed.from),
            subject: parsed.subject ?? '',
            text,
            html: typeof parsed.html === 'string' ? parsed.html : undefined,
            links: extractLinks(text),
            attachments: parsed.attachments.map((a) => ({
              filename: a.filename ?? '',
              contentType: a.contentType,
              content: a.content.toString('utf8'),
            })),
            receivedAt: new Date(),
          };
          received.push(email);
          for (const waiter of waiters) {
            if (waiter.predicate(email)) {
              waiters.delete(waiter);
              waiter.resolve(email);
            }
          }
          callback();
        })
        .catch((error: unknown) =>
          callback(error instanceof Error ? error : new Error(String(error))),
        );
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.server.address() as AddressInfo;

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages: () => [...received],
    waitFor(predicate, timeoutMs = 5_000) {
      const already = received.find(predicate);
      if (already) return Promise.resolve(already);
      return new Promise<CapturedEmail>((resolve, reject) => {
        const waiter = {
          predicate,
          resolve: (email: CapturedEmail) => {
            clearTimeout(timer);
            resolve(email);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(
            new Error(`No matching email within ${timeoutMs} ms (${received.length} received)`),
          );
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    clear: () => {
      received.length = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
