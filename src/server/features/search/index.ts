export { canSearchDirectory } from './search-policy';
export { searchRoutes } from './search-routes';
export { refreshSearchDocuments, searchDirectory } from './search-service';
