import { randomUUID } from 'node:crypto';
import type {
  ConsentInput,
  CreateReferralBody,
  ExternalReferrer,
  PersonInput,
  Referral,
  ReferralSiteList,
} from '../../../shared/contracts/referrals';
import type { ReferralReason, ReferralSource, Urgency } from '../../../shared/pathway';
import type { Database } from '../../db/client';
import type { Actor } from '../../platform/actor';
import { AppError, forbidden, notFound } from '../../platform/errors';
import { translatorFor } from '../../platform/i18n';
import { type EmailMessage, queuedMessages } from '../../platform/mail/outbox';
import { type NewAuditEvent, auditEvent } from '../audit';
import { type CaseRow, newCaseReference } from '../cases';
import { canMakeReferrals, referralSiteIds } from './referrals-policy';
import { presentReferral } from './referrals-presenter';
import {
  type ReferralRow,
  type ReferralSite,
  type SiteSummaryRow,
  findReferralSite,
  insertReferral,
  selectSiteSummaries,
} from './referrals-queries';

/** Where links in emails point: the app's public address. */
export type MailLinks = { baseUrl: string };

export type NewReferral = {
  siteId: string;
  source: ReferralSource;
  referrerAccountId: string | null;
  /** Who referred, when not (only) one of our accounts: each part as far as it is known. */
  referrer: Partial<ExternalReferrer> | undefined;
  person: PersonInput;
  reasons: ReferralReason[];
  reasonOther: string | undefined;
  urgency: Urgency;
  context: string | undefined;
  consent: Omit<ConsentInput, 'givenAt'> & { givenAt: Date };
  /** The person's and consent's ids, when the caller chose them (see insertReferral). */
  ids?: { personId: string; consentId: string } | undefined;
};

/** Sites the referral form offers the caller, as a clinician. */
export async function listReferralSites(db: Database, actor: Actor): Promise<ReferralSiteList> {
  if (!canMakeReferrals(actor)) throw forbidden();
  const rows = await selectSiteSummaries(db, { ids: referralSiteIds(actor, 'clinician') });
  return { items: rows.map(({ id, name, organisationName }) => ({ id, name, organisationName })) };
}

export async function createReferral(
  db: Database,
  actor: Actor,
  input: CreateReferralBody,
  links: MailLinks,
): Promise<Referral> {
  const siteIds = referralSiteIds(actor, input.source);
  if (siteIds.length === 0) throw forbidden();
  const siteId = input.siteId ?? (siteIds.length === 1 ? siteIds[0] : undefined);
  if (!siteId) throw new AppError('site_required_for_role', { field: 'siteId' });
  if (!siteIds.includes(siteId)) throw forbidden();
  // No consent, no referral: refused before anything is written.
  if (!input.consent.coversReferral) {
    throw new AppError('consent_required', { field: 'consent.coversReferral' });
  }
  const site = await loadReferralSite(db, siteId);
  const consent = { ...input.consent, givenAt: new Date(input.consent.givenAt) };
  const opened = newCaseIdentity();
  const { row } = await recordReferral(
    db,
    opened,
    {
      siteId,
      source: input.source,
      referrerAccountId: input.source === 'clinician' ? actor.accountId : null,
      referrer: input.source === 'agency' ? input.referrer : undefined,
      person: input.person,
      reasons: input.reasons,
      reasonOther: input.reasonOther,
      urgency: input.urgency,
      context: input.context,
      consent,
    },
    {
      actorId: actor.accountId,
      audit: auditEvent(actor, {
        action: 'referral.created',
        subjectType: 'case',
        subjectId: opened.id,
        siteId,
        details: { source: input.source, urgency: input.urgency },
      }),
      messages: teamMessages(site, { ...opened, urgency: input.urgency }, links),
    },
  );
  // Built from what was just written: the new case has one line of history and this consent.
  const history = [{ status: row.status, at: row.referredAt, reason: null }];
  return presentReferral(
    referralRowOf(row, input.person, site),
    history,
    consent.coversReferrerUpdates,
  );
}

function referralRowOf(row: CaseRow, person: PersonInput, site: SiteSummaryRow): ReferralRow {
  return {
    ...row,
    siteName: site.name,
    givenName: person.givenName,
    familyName: person.familyName,
  };
}

/** A new case's id and reference, chosen before it is written so that its audit and messages can name it. */
export type OpenedCase = { id: string; reference: string };

export function newCaseIdentity(): OpenedCase {
  return { id: randomUUID(), reference: newCaseReference() };
}

/** What goes with a referral's rows: who wrote it, its audit event, the messages announcing it. */
export type ReferralExtras = {
  actorId: string | null;
  audit: NewAuditEvent;
  messages: EmailMessage[];
};

/**
 * One statement, atomic on its own, for a referral and a self-referral alike: the person,
 * their case, its first history line, their consent, the duplicate check, the audit event
 * and the messages (see insertReferral).
 */
export async function recordReferral(
  db: Database,
  opened: OpenedCase,
  referral: NewReferral,
  extras: ReferralExtras,
): Promise<{ row: CaseRow; duplicate: boolean; consentId: string }> {
  const { person, consent } = referral;
  const { actorId } = extras;
  const { row, duplicateOfId, consentId } = await insertReferral(db, {
    person: {
      siteId: referral.siteId,
      givenName: person.givenName,
      familyName: person.familyName,
      dateOfBirth: person.dateOfBirth,
      sex: person.sex ?? null,
      email: person.email ?? null,
      phone: person.phone ?? null,
      preferredLanguage: person.preferredLanguage,
      contactPreference: person.contactPreference,
      address: person.address ?? null,
      postalCode: person.postalCode?.toUpperCase() ?? null,
      accessibilityNeeds: person.accessibilityNeeds ?? null,
    },
    case: {
      id: opened.id,
      reference: opened.reference,
      status: 'new',
      siteId: referral.siteId,
      source: referral.source,
      referrerAccountId: referral.referrerAccountId,
      referrerName: referral.referrer?.name ?? null,
      referrerOrganisation: referral.referrer?.organisation ?? null,
      referrerContact: referral.referrer?.contact ?? null,
      reasons: referral.reasons,
      reasonOther: referral.reasons.includes('other') ? (referral.reasonOther ?? null) : null,
      urgency: referral.urgency,
      context: referral.context ?? null,
    },
    consent: {
      givenBy: consent.givenBy,
      givenByName: consent.givenBy === 'person' ? null : (consent.givenByName ?? null),
      givenAt: consent.givenAt,
      coversReferral: consent.coversReferral,
      coversReferrerUpdates: consent.coversReferrerUpdates,
      coversSharingWithPartners: consent.coversSharingWithPartners,
      recordedBy: actorId,
    },
    actorId,
    audit: extras.audit,
    messages: queuedMessages(extras.messages),
    ids: referral.ids,
  });
  return { row, duplicate: duplicateOfId !== null, consentId };
}

/**
 * What tells the site's link workers, each in their language. Email is not a secure channel:
 * only the reference, the urgency, the site and a link, never who or why.
 */
export function teamMessages(
  site: ReferralSite,
  opened: OpenedCase & { urgency: Urgency },
  links: MailLinks,
): EmailMessage[] {
  const url = `${links.baseUrl}/cases/${opened.id}`;
  return site.linkWorkers.map((worker) => {
    const t = translatorFor(worker.locale ?? site.defaultLocale);
    const params = {
      ns: 'emails',
      reference: opened.reference,
      urgency: t(`referrals.urgency.${opened.urgency}`, { ns: 'emails' }),
      site: site.name,
      url,
    };
    return {
      kind: 'referral.received',
      to: worker.email,
      subject: t('referrals.newSubject', params),
      text: t('referrals.newText', params),
      notify: {
        caseId: opened.id,
        params: { reference: opened.reference, urgency: opened.urgency },
      },
    };
  });
}

export async function loadReferralSite(db: Database, id: string): Promise<ReferralSite> {
  const row = await findReferralSite(db, id);
  if (!row) throw notFound();
  return row;
}
