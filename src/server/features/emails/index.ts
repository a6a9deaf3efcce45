export { emailRoutes } from './emails-routes';
export { canManageEmails } from './emails-policy';
