export { connectionRoutes } from './connections-routes';
// The demo data closes its loops through the same services as the screens and links.
export { changeConnectionStatus, createConnection } from './connections-service';
export { actOnLink, changePartnerStatus } from './partner-service';
export { canAnswerConnections } from './connections-policy';
export {
  assertConnectionTransition,
  isConnectionClosed,
  nextConnectionStatuses,
} from './connection-rules';
export { recordPersonSays } from './person-says-service';
