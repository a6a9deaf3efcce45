export { oauthRoutes, oauthTokenPath, systemRoutes, tokenEndpointUrl } from './systems-routes';
export { canManageSystems } from './systems-policy';
export { type SystemAccess, resolveAccessToken } from './oauth-service';
export { assertionAlgorithms, scopesAllow } from './systems-rules';
// Registers the purge of spent assertions and expired tokens.
import './systems-purge';
