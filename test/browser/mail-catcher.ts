/**
 * The browser suite's mail server: a real SMTP server on loopback (the app's SMTP_URL in
 * `npm run serve:test`) whose received messages are readable as JSON on loopback:
 *   GET /messages[?to=address]  → CapturedEmail[] (oldest first)
 *   DELETE /messages            → forgets them
 *   GET /health                 → 200 (Playwright waits for it)
 * Ports: PLAYWRIGHT_SMTP_PORT and PLAYWRIGHT_MAIL_PORT (see playwright.config.ts).
 */
import http from 'node:http';
import { startSmtpCapture } from '../helpers/smtp';

const smtpPort = Number(process.env.PLAYWRIGHT_SMTP_PORT ?? 14173);
const httpPort = Number(process.env.PLAYWRIGHT_MAIL_PORT ?? 24173);

const mail = await startSmtpCapture({ port: smtpPort });

const server = http.createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const send = (status: number, body: unknown): void => {
    // A fresh connection per request: a reused one the server has just timed out is a
    // socket hang up on the next poll.
    response.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      connection: 'close',
    });
    response.end(JSON.stringify(body));
  };
  if (url.pathname === '/health') return send(200, { ok: true });
  if (url.pathname !== '/messages') return send(404, { error: 'not found' });
  if (request.method === 'DELETE') {
    mail.clear();
    return send(200, { ok: true });
  }
  const to = url.searchParams.get('to')?.toLowerCase();
  return send(200, to ? mail.messages().filter((m) => m.to.includes(to)) : mail.messages());
});
server.listen(httpPort, '127.0.0.1', () => {
  console.log(`Mail catcher: SMTP ${mail.url}, messages at http://127.0.0.1:${httpPort}/messages`);
});

const stop = (): void => {
  server.close();
  void mail.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
