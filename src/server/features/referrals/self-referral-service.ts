import type {
  PublicSiteList,
  SelfReferralAcknowledgement,
  SelfReferralBody,
} from '../../../shared/contracts/referrals';
import type { Locale } from '../../../shared/locale';
import type { Database } from '../../db/client';
import type { RequestOrigin } from '../../platform/actor';
import { AppError } from '../../platform/errors';
import { translatorFor } from '../../platform/i18n';
import type { EmailMessage } from '../../platform/mail/outbox';
import { auditEvent } from '../audit';
import { type SiteSummaryRow, findReferralSite, selectSiteSummaries } from './referrals-queries';
import {
  type MailLinks,
  type OpenedCase,
  newCaseIdentity,
  recordReferral,
  teamMessages,
} from './referrals-service';

export async function listPublicSites(db: Database): Promise<PublicSiteList> {
  const rows = await selectSiteSummaries(db, { acceptingSelfReferrals: true });
  return { items: rows.map(({ id, name, organisationName }) => ({ id, name, organisationName })) };
}

/** The person refers themself through the public form: no account, so no actor. */
export async function createSelfReferral(
  db: Database,
  origin: RequestOrigin,
  input: SelfReferralBody,
  links: MailLinks,
): Promise<SelfReferralAcknowledgement> {
  // Robots fill the field people never see; they get an answer that tells them nothing.
  if (input.website) throw new AppError('bad_request');
  if (!input.consent) throw new AppError('consent_required', { field: 'consent' });
  const site = await findReferralSite(db, input.siteId);
  if (!site) throw new AppError('not_found', { field: 'siteId' });
  // A community partner's site has no link-worker team to receive the person.
  if (!site.acceptsSelfReferrals || site.organisationKind === 'community_partner') {
    throw new AppError('self_referrals_closed', { field: 'siteId' });
  }
  const opened = newCaseIdentity();
  const email = input.person.email;
  await recordReferral(
    db,
    opened,
    {
      siteId: site.id,
      source: 'self',
      referrerAccountId: null,
      referrer: undefined,
      person: input.person,
      reasons: input.reasons,
      reasonOther: input.reasonOther,
      urgency: 'routine',
      context: input.context,
      consent: {
        givenBy: 'person',
        givenAt: new Date(),
        coversReferral: true,
        coversReferrerUpdates: false,
        coversSharingWithPartners: false,
      },
    },
    {
      actorId: null,
      audit: auditEvent(
        { accountId: null, origin },
        {
          action: 'referral.self_referred',
          subjectType: 'case',
          subjectId: opened.id,
          siteId: site.id,
          details: { source: 'self' },
        },
      ),
      messages: [
        ...teamMessages(site, { ...opened, urgency: 'routine' }, links),
        ...(email ? [acknowledgement(email, input.person.preferredLanguage, site, opened)] : []),
      ],
    },
  );
  return {
    reference: opened.reference,
    siteName: site.name,
    contactWithinDays: site.waitingThresholdDays,
    acknowledgementEmailed: Boolean(email),
  };
}

/** The person's acknowledgement: their reference and when to expect a call, never more. */
function acknowledgement(
  to: string,
  locale: Locale,
  site: SiteSummaryRow,
  opened: OpenedCase,
): EmailMessage {
  const t = translatorFor(locale);
  const params = {
    ns: 'emails',
    reference: opened.reference,
    site: site.name,
    days: site.waitingThresholdDays,
  };
  return {
    kind: 'referral.acknowledged',
    to,
    subject: t('referrals.acknowledgedSubject', params),
    text: t('referrals.acknowledgedText', params),
  };
}
