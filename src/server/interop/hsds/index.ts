export { hsdsApiRoutes } from './hsds-api-routes';
// The HSDS formats belong to the directory feature (features/directory/hsds); reading and
// checking a dataset stay reachable here, beside the /hsds routes, as before the move.
export { hsdsSchemasOf, readHsdsFiles } from '../../features/directory';
