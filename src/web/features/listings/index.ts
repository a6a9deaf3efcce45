export { ChangeRequestsPage } from './change-requests-page';
export { DirectoryImportPage } from './import-page';
export { MyListingsPage } from './my-listings-page';
export { TermCategoriesPage } from './term-categories-page';
