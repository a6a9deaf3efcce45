import type { Config } from '../../config';
import type { Database } from '../../db/client';
import { publicBaseUrl } from '../../platform/public-url';
import { translatorFor } from '../../platform/i18n';
import { type EmailMessage, queueEmail } from '../../platform/mail/outbox';
import type { ConnectionStatus } from '../../../shared/pathway';
import { labelled } from '../../../shared/typography';
import type { PartnerConnectionStatus } from '../../../shared/contracts/connections';
import type { Recipient } from './connections-queries';

/*
 * Emails about connections carry no personal data at all (email is not a secure channel):
 * the activity, the referring site, the case reference at most, and a way to sign in or a
 * signed link to see the rest.
 */

function appUrl(config: Config, path: string): string {
  return `${publicBaseUrl(config)}${path}`;
}

type Announce = { activity: string; site: string };

/** To a partner's staff member with an account: sign in to see the person referred. */
export function sentToStaffMessage(
  config: Config,
  to: Recipient,
  about: Announce & { connectionId: string },
): EmailMessage {
  const t = translatorFor(to.locale);
  return {
    kind: 'connection.sent',
    to: to.email,
    subject: t('emails:connections.sentSubject', about),
    text: t('emails:connections.sentToStaff', {
      ...about,
      url: appUrl(config, `/partner/connections/${about.connectionId}`),
    }),
    notify: { connectionId: about.connectionId, params: { activity: about.activity } },
  };
}

export type ActionLinkOut = { action: PartnerConnectionStatus; url: string };

function linkLines(locale: Recipient['locale'], links: ActionLinkOut[]): string {
  const t = translatorFor(locale);
  return links
    .map((l) => `${labelled(locale, t(`emails:connections.action.${l.action}`))}\n${l.url}`)
    .join('\n\n');
}

function dateIn(locale: Recipient['locale'], at: Date): string {
  return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-CA' : 'en-CA', {
    dateStyle: 'long',
    timeZone: 'UTC',
  }).format(at);
}

export async function noticeLinksToPartner(
  tx: Database,
  config: Config,
  to: Recipient,
  about: Announce & { links: ActionLinkOut[]; expiresAt: Date; first: boolean },
): Promise<void> {
  await queueEmail(tx, linksToPartnerMessage(to, about));
}

/** To a partner's address without an account: one signed link per answer it may give. */
export function linksToPartnerMessage(
  to: Recipient,
  about: Announce & { links: ActionLinkOut[]; expiresAt: Date; first: boolean },
): EmailMessage {
  const t = translatorFor(to.locale);
  const values = {
    activity: about.activity,
    site: about.site,
    links: linkLines(to.locale, about.links),
    expires: dateIn(to.locale, about.expiresAt),
  };
  return {
    kind: about.first ? 'connection.sent' : 'connection.next_links',
    to: to.email,
    subject: t(
      about.first ? 'emails:connections.sentSubject' : 'emails:connections.nextSubject',
      values,
    ),
    text: t(
      about.first ? 'emails:connections.sentByLink' : 'emails:connections.nextByLink',
      values,
    ),
  };
}

/**
 * To the person, who chose email: the partner expects them, from when, and what it said to
 * them, in the person's language. Only what the partner wrote for the person, never the case.
 */
export async function noticeAcceptedToPerson(
  tx: Database,
  to: Recipient & { givenName: string },
  about: {
    activity: string;
    organisation: string;
    site: string;
    startsOn: string | null;
    message: string | null;
  },
): Promise<void> {
  const t = translatorFor(to.locale);
  const values = {
    name: to.givenName,
    activity: about.activity,
    organisation: about.organisation,
    site: about.site,
  };
  const lines = [
    t('emails:connections.person.accepted', values),
    about.startsOn
      ? t('emails:connections.person.startsOn', {
          date: dateIn(to.locale, new Date(`${about.startsOn}T00:00:00Z`)),
        })
      : null,
    about.message ? t('emails:connections.person.message', { message: about.message }) : null,
    t('emails:connections.person.closing', values),
  ];
  await queueEmail(tx, {
    kind: 'connection.accepted_to_person',
    to: to.email,
    subject: t('emails:connections.person.subject', values),
    text: `${lines.filter((line) => line !== null).join('\n\n')}\n`,
  });
}

export async function noticeAnsweredToLinkWorker(
  tx: Database,
  config: Config,
  to: Recipient,
  about: { reference: string; caseId: string; connectionId?: string; status: ConnectionStatus },
): Promise<void> {
  const t = translatorFor(to.locale);
  const values = {
    reference: about.reference,
    status: t(`emails:connections.status.${about.status}`),
    url: appUrl(config, `/cases/${about.caseId}`),
  };
  await queueEmail(tx, {
    kind: 'connection.answered',
    to: to.email,
    subject: t('emails:connections.answeredSubject', values),
    text: t('emails:connections.answered', values),
    notify: {
      caseId: about.caseId,
      connectionId: about.connectionId ?? null,
      params: { reference: about.reference, status: about.status },
    },
  });
}

/**
 * To the partner, after someone recorded an answer it gave by phone: what was recorded in its
 * name, by whom, and how to give the next answers (links, or signing in for its staff). The
 * same minimum as its other emails: the activity and the referring site, never the person.
 */
export async function noticePhoneAnswerToPartner(
  tx: Database,
  config: Config,
  to: Recipient,
  about: Announce & {
    connectionId: string;
    status: PartnerConnectionStatus;
    recordedBy: string;
    next: { links: ActionLinkOut[]; expiresAt: Date } | { signIn: true } | null;
  },
): Promise<void> {
  const t = translatorFor(to.locale);
  const values = {
    activity: about.activity,
    site: about.site,
    name: about.recordedBy,
    status: t(`emails:connections.status.${about.status}`),
  };
  const next = about.next;
  const lines = [
    t('emails:connections.phone.recorded', values),
    next === null
      ? null
      : 'signIn' in next
        ? t('emails:connections.phone.nextToStaff', {
            url: appUrl(config, `/partner/connections/${about.connectionId}`),
          })
        : t('emails:connections.phone.nextByLink', {
            links: linkLines(to.locale, next.links),
            expires: dateIn(to.locale, next.expiresAt),
          }),
    t('emails:connections.phone.closing', values),
  ];
  await queueEmail(tx, {
    kind: 'connection.answered_by_phone',
    to: to.email,
    subject: t('emails:connections.phone.subject', values),
    text: `${lines.filter((line) => line !== null).join('\n\n')}\n`,
  });
}
