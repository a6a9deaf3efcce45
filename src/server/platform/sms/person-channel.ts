import type { ContactPreference } from '../../../shared/pathway';
import { isMobileNumber, normalisePhone } from '../../../shared/phone';
import type { Config } from '../../config';
import type { Database } from '../../db/client';
import { type EmailMessage, queueEmail, queueTextMessage } from '../mail/outbox';

/** How a person asked to be reached, and the details their record holds. */
export type PersonContact = {
  email: string | null;
  phone: string | null;
  contactPreference: ContactPreference;
};

/**
 * The number the person's messages go to by text: only when an SMS provider is set up, the
 * person prefers text messages and their phone is a valid mobile number; otherwise null.
 */
export function textNumberOf(config: Config, contact: PersonContact): string | null {
  if (!config.sms || contact.contactPreference !== 'text_message' || !contact.phone) return null;
  const number = normalisePhone(contact.phone);
  return number !== null && isMobileNumber(number) ? number : null;
}

/** Whether a message can reach the person at all, by text or by email. */
export function canMessagePerson(config: Config, contact: PersonContact): boolean {
  return textNumberOf(config, contact) !== null || Boolean(contact.email);
}

export type PersonMessage = {
  kind: string;
  /** The email, when the message goes by email (its `to` is the person's address). */
  email: Omit<EmailMessage, 'kind' | 'to' | 'notify'>;
  /** The same message as a text: short, no attachment. */
  text: string;
};

/**
 * Queues a message to the person by the channel they prefer (features call it in their
 * change's transaction): a text to their mobile, else an email; where to, or null when
 * neither is possible.
 */
export async function queuePersonMessage(
  db: Database,
  config: Config,
  contact: PersonContact,
  message: PersonMessage,
): Promise<{ channel: 'sms' | 'email'; to: string } | null> {
  const number = textNumberOf(config, contact);
  if (number !== null) {
    await queueTextMessage(db, { kind: message.kind, to: number, text: message.text });
    return { channel: 'sms', to: number };
  }
  if (!contact.email) return null;
  await queueEmail(db, { ...message.email, kind: message.kind, to: contact.email });
  return { channel: 'email', to: contact.email };
}
