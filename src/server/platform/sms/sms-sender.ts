import type { SmsSettings } from '../../config';
import type { ChannelSender } from '../mail/delivery';
import { SmsSendError, smsProviderOf } from './sms-provider';

/** The outbox's text messages through the configured provider: the number and the text only. */
export function smsSender(settings: SmsSettings): ChannelSender {
  const provider = smsProviderOf(settings);
  return {
    send: (message) => provider.send({ to: message.recipient, body: message.text }),
    describe: (error) =>
      error instanceof SmsSendError
        ? { summary: error.summary, permanent: error.permanent }
        : { summary: 'ERROR', permanent: false },
    close: () => undefined,
  };
}
