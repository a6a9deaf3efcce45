export { hsdsApiRoutes } from './hsds-api-routes';
