export { canSearchDirectory } from './search-policy';
export { searchRoutes } from './search-routes';
export { categoryPhrases, refreshSearchDocuments, searchDirectory } from './search-service';
export { tokenise } from './search-rules';
