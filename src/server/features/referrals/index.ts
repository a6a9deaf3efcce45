export { referralRoutes } from './referrals-routes';
export { canMakeReferrals } from './referrals-policy';
// The demo data writes its referrals through the same service as the form.
export { createReferral, newCaseIdentity, type MailLinks } from './referrals-service';
// Connected systems (interop/fhir) refer and read through these.
export {
  createSystemReferral,
  getSystemReferral,
  getSystemMeasurement,
  getSystemReferralOutput,
  listSystemReferralSites,
  matchSystemReferrals,
  searchSystemMeasurements,
  type SystemMeasurementOutput,
  searchSystemReferrals,
  type SystemReferralOutput,
  type SystemReferralInput,
  type SystemReferralMade,
} from './system-referral-service';
// The person's own space (features/person-space) reads and withdraws their consents and sets
// their language through these: the consents and people tables are this feature's.
export {
  selectPersonConsents,
  updatePreferredLanguage,
  withdrawConsentPart,
} from './referrals-queries';
export {
  type FoundSystemReferral,
  type ReferralSiteRow,
  type ReferralStage,
  type SystemReferralFilter,
  type SystemReferralRow,
  referralStages,
} from './system-referral-queries';
export { type SystemMeasurement, type SystemMeasurementFilter } from './system-measurement-queries';
