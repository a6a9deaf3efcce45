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
import { queueEmails } from '../../platform/mail/outbox';
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

type NewReferral = {
  siteId: string;
  source: ReferralSource;
  referrerAccountId: string | null;
  referrer: ExternalReferrer | undefined;
  person: PersonInput;
  reasons: ReferralReason[];
  reasonOther: string | undefined;
  urgency: Urgency;
  context: string | undefined;
  consent: Omit<ConsentInput, 'givenAt'> & { givenAt: Date };
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
  return db.transaction(async (tx) => {
    const site = await loadReferralSite(tx, siteId);
    const consent = { ...input.consent, givenAt: new Date(input.consent.givenAt) };
    const { row } = await recordReferral(
      tx,
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
      actor.accountId,
      (caseId) =>
        auditEvent(actor, {
          action: 'referral.created',
          subjectType: 'case',
          subjectId: caseId,
          siteId,
          details: { source: input.source, urgency: input.urgency },
        }),
    );
    await notifyTeam(tx, site, row, links);
    // Built from what was just written: the new case has one line of history and this consent.
    const history = [{ status: row.status, at: row.referredAt, reason: null }];
    return presentReferral(
      referralRowOf(row, input.person, site),
      history,
      consent.coversReferrerUpdates,
    );
  });
}

function referralRowOf(row: CaseRow, person: PersonInput, site: SiteSummaryRow): ReferralRow {
  return {
    ...row,
    siteName: site.name,
    givenName: person.givenName,
    familyName: person.familyName,
  };
}

/**
 * One statement's worth, for a referral and a self-referral alike: the person, their case,
 * its first history line, their consent, the duplicate check and the audit event the caller
 * describes for the new case.
 */
export async function recordReferral(
  tx: Database,
  referral: NewReferral,
  actorId: string | null,
  audit: (caseId: string) => NewAuditEvent,
): Promise<{ row: CaseRow; duplicate: boolean }> {
  const { person, consent } = referral;
  // The case's id is chosen here so that its audit event is written in the same statement.
  const caseId = randomUUID();
  const { row, duplicateOfId } = await insertReferral(tx, {
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
      id: caseId,
      reference: newCaseReference(),
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
    audit: audit(caseId),
  });
  return { row, duplicate: duplicateOfId !== null };
}

/**
 * Tells the site's link workers, each in their language. Email is not a secure channel:
 * only the reference, the urgency, the site and a link, never who or why.
 */
export async function notifyTeam(
  tx: Database,
  site: ReferralSite,
  row: CaseRow,
  links: MailLinks,
): Promise<void> {
  const url = `${links.baseUrl}/cases/${row.id}`;
  const messages = site.linkWorkers.map((worker) => {
    const t = translatorFor(worker.locale ?? site.defaultLocale);
    const params = {
      ns: 'emails',
      reference: row.reference,
      urgency: t(`referrals.urgency.${row.urgency}`, { ns: 'emails' }),
      site: site.name,
      url,
    };
    return {
      kind: 'referral.received',
      to: worker.email,
      subject: t('referrals.newSubject', params),
      text: t('referrals.newText', params),
      notify: { caseId: row.id, params: { reference: row.reference, urgency: row.urgency } },
    };
  });
  await queueEmails(tx, messages);
}

async function loadReferralSite(db: Database, id: string): Promise<ReferralSite> {
  const row = await findReferralSite(db, id);
  if (!row) throw notFound();
  return row;
}
