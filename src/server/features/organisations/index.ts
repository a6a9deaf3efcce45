export { organisationRoutes } from './organisations-routes';
export { canManageOrganisations, visibleSiteIds } from './organisations-policy';
export { partnerOrganisationIds } from './organisations-service';
