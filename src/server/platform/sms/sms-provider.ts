import type { SmsSettings } from '../../config';

/** One text message, already written in the person's language; `to` in E.164. */
export type TextMessage = { to: string; body: string };

/** What sends text messages: one implementation per provider SMS_PROVIDER may name. */
export type SmsProvider = { send(message: TextMessage): Promise<void> };

/**
 * A send the provider did not take. `summary` holds status and error codes only: providers'
 * messages often quote the number. `permanent`: sending it again would be refused the same way.
 */
export class SmsSendError extends Error {
  override name = 'SmsSendError';

  constructor(
    readonly summary: string,
    readonly permanent: boolean,
  ) {
    super(summary);
  }
}

export function smsProviderOf(settings: SmsSettings): SmsProvider {
  switch (settings.provider) {
    case 'twilio':
      return twilioProvider(settings);
  }
}

/** A provider that answers slower than this is tried again later. */
const requestTimeoutMs = 15_000;

/**
 * Twilio's Messages API: POST /2010-04-01/Accounts/{sid}/Messages.json, form-encoded To, From
 * and Body, basic authentication with the account's sid and token; 201 when queued.
 */
function twilioProvider(settings: SmsSettings): SmsProvider {
  const url = `${settings.apiUrl}/2010-04-01/Accounts/${encodeURIComponent(settings.accountSid)}/Messages.json`;
  const authorization = `Basic ${Buffer.from(`${settings.accountSid}:${settings.authToken}`).toString('base64')}`;
  return {
    async send({ to, body }) {
      let response: Response;
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: {
            authorization,
            accept: 'application/json',
            'content-type': 'application/x-www-form-urlencoded',
          },
          body: new URLSearchParams({ To: to, From: settings.from, Body: body }),
          signal: AbortSignal.timeout(requestTimeoutMs),
        });
      } catch (error) {
        throw new SmsSendError(networkCode(error), false);
      }
      if (response.ok) {
        await response.body?.cancel();
        return;
      }
      const code = await twilioErrorCode(response);
      const status = response.status;
      // 4xx is this message refused (bad number, blocked...), except throttling and timeouts.
      const permanent = status >= 400 && status < 500 && status !== 408 && status !== 429;
      throw new SmsSendError(`HTTP ${status}${code === null ? '' : ` ${code}`}`, permanent);
    },
  };
}

/** Twilio's numeric error code from its JSON answer, never its message (which names the number). */
async function twilioErrorCode(response: Response): Promise<number | null> {
  try {
    const body: unknown = await response.json();
    if (typeof body === 'object' && body !== null && 'code' in body) {
      const { code } = body as { code: unknown };
      return typeof code === 'number' && Number.isInteger(code) ? code : null;
    }
  } catch {
    // Not JSON (a proxy's error page): the status says enough.
  }
  return null;
}

function networkCode(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return 'TIMEOUT';
  const cause =
    error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  return typeof cause?.code === 'string' ? cause.code : 'NETWORK';
}
