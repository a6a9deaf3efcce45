export {
  ConsentFields,
  consentFieldNames,
  consentInput,
  emptyConsent,
  type ConsentDraft,
} from './consent-fields';
export { AgencyReferralPage, ReferralNewPage } from './referral-new-page';
export { ReferralPage } from './referral-page';
export { ReferralsPage } from './referrals-page';
export { SelfReferralRoute } from './self-referral-page';
