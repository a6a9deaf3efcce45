export { DirectorySearchPage } from './directory-search-page';
