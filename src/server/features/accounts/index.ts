export { accountRoutes } from './accounts-routes';
export { sessionRoutes } from './session-routes';
export { sessionCookieName, sessionPlugin } from './session-plugin';
export { sessionChangesChannel, startSessionCache } from './session-cache';
export { createAdministratorFromCli } from './accounts-service';
export { canManageAccounts } from './accounts-policy';
export { createSystemAccount, setSystemAccountSites, updateSystemAccount } from './system-accounts';
