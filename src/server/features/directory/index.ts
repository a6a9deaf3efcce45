export { directoryRoutes } from './directory-routes';
export { listingsRoutes } from './listings-routes';
export { listingDetailRoutes } from './listing-detail-routes';
export { listingDetail } from './listing-detail-service';
export { canEditListings, canModerateListings } from './listings-policy';
export { isPossiblyStale } from './listings-rules';
export {
  type DirectoryCaller,
  type ImportPhase,
  type ImportProgress,
  type ImportStep,
  type ImportReport,
  type SystemCaller,
  exportDirectoryCsv,
  exportDirectoryJson,
  importDirectory,
} from './directory-service';
export {
  listHsdsOrganizations,
  listHsdsServiceAtLocations,
  listHsdsServices,
  listHsdsTaxonomies,
  listHsdsTaxonomyTerms,
  readHsdsOrganization,
  readHsdsService,
  readHsdsServiceAtLocation,
  readHsdsTaxonomy,
  readHsdsTaxonomyTerm,
} from './directory-catalogue-service';
export { canManageDirectory } from './directory-policy';
export { seedDemoDirectory } from './demo-directory-service';
export { hsdsSchemasOf, readHsdsFiles } from './hsds';
export { type DirectoryChange, searchDirectoryChanges } from './directory-changes-service';
export type { DirectoryChangesFilter, DirectoryEntity } from './directory-changes-queries';
