export { accountRoutes } from './accounts-routes';
export { sessionRoutes } from './session-routes';
export { sessionPlugin } from './session-plugin';
export { createAdministratorFromCli } from './accounts-service';
export { canManageAccounts } from './accounts-policy';
