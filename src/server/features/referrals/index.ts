export { referralRoutes } from './referrals-routes';
export { canMakeReferrals } from './referrals-policy';
// The demo data writes its referrals through the same service as the form.
export { createReferral } from './referrals-service';
