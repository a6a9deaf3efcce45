export { SitesPage } from './sites-page';
export { useSites } from './sites-api';
