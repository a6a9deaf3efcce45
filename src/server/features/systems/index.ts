export { oauthRoutes, oauthTokenPath, systemRoutes, tokenEndpointUrl } from './systems-routes';
export { canManageSystems } from './systems-policy';
export { type SystemAccess, resolveAccessToken } from './oauth-service';
export { type AccessTokenCache, startAccessTokenCache } from './access-token-cache';
export { assertionAlgorithms, scopesAllow } from './systems-rules';
// What systems send with their referrals (interop/fhir keeps and reads it through these).
export {
  type NewReceivedResource,
  type ReceivedResourceRow,
  type ReferralKey,
  type ResourceKey,
  attachStaged,
  claimReferralKeys,
  findStaged,
  findStagedWithConsents,
  stagedHours,
  stageNaming,
  takeStaged,
  findCasesOfKeys,
  getReceivedResource,
  keepReceivedResources,
  listReceivedOfCase,
  listReceivedOfCases,
} from './received-resources-service';
// Subscriptions to Task changes (interop/fhir routes and notification jobs).
export {
  accessOfSubscriber,
  auditNotified,
  createSubscription,
  deleteSubscription,
  getSubscription,
  listSubscriptions,
  subscriptionsPerClient,
  type SubscriptionUpdate,
  updateSubscription,
} from './subscriptions-service';
export {
  type ClaimedDelivery,
  type LiveSubscription,
  type SubscriptionRow,
  claimDueDeliveries,
  markDeliveryFailed,
  markDeliverySent,
  markDeliveryWithheld,
  queueDeliveries,
  selectLiveSubscriptions,
  selectReferringAccounts,
  selectSubscriptionsWithClients,
  setSubscriptionHealth,
  takePendingCases,
} from './subscriptions-queries';
// Registers the purge of spent assertions, expired tokens and body-hash keys.
import './systems-purge';
