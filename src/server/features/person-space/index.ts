export { personSessionPlugin } from './person-session-plugin';
export { personSpaceRoutes } from './person-space-routes';
