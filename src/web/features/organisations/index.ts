export { OrganisationsPage } from './organisations-page';
export { useOrganisations } from './organisations-api';
