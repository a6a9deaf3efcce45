export { referralRoutes } from './referrals-routes';
export { canMakeReferrals } from './referrals-policy';
// The demo data writes its referrals through the same service as the form.
export { createReferral, newCaseIdentity, type MailLinks } from './referrals-service';
// Connected systems (interop/fhir) refer and read through these.
export {
  createSystemReferral,
  getSystemReferral,
  getSystemReferralOutput,
  searchSystemReferrals,
  type SystemReferralOutput,
  type SystemReferralInput,
  type SystemReferralMade,
} from './system-referral-service';
export { coversReferrerUpdates } from './referrals-presenter';
export {
  type FoundSystemReferral,
  type ReferralStage,
  type SystemReferralFilter,
  type SystemReferralRow,
  type TimeBound,
  referralStages,
} from './system-referral-queries';
