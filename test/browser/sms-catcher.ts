/**
 * The browser suite's text-message provider: a local server speaking Twilio's Messages API
 * (the app's SMS_API_URL in `npm run serve:test`), whose received messages are readable as
 * JSON on the same port:
 *   GET /messages[?to=+33...]  → CapturedText[] (oldest first)
 *   GET /health                → 200 (Playwright waits for it)
 * Port: PLAYWRIGHT_SMS_PORT (see playwright.config.ts).
 */
import { startSmsCapture } from '../helpers/sms';

const port = Number(process.env.PLAYWRIGHT_SMS_PORT ?? 34173);

const sms = await startSmsCapture({
  port,
  extra: (request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (request.method !== 'GET') return false;
    const send = (status: number, body: unknown): void => {
      response.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        connection: 'close',
      });
      response.end(JSON.stringify(body));
    };
    if (url.pathname === '/health') send(200, { ok: true });
    else if (url.pathname === '/messages') {
      const to = url.searchParams.get('to');
      send(200, to ? sms.messages().filter((m) => m.to === to) : sms.messages());
    } else return false;
    return true;
  },
});
console.log(`Text-message catcher: API and messages at ${sms.url}`);

const stop = (): void => {
  void sms.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
