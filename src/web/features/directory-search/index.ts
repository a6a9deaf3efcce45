export { DirectorySearchPage } from './directory-search-page';
export { ListingDetailPage } from './listing-detail-page';
export { FindActivityLink } from './find-activity-link';
export { useDirectorySearch } from './directory-search-api';
export { ReferralStatusBadge } from './referral-status-badge';
export { PossiblyStaleBadge } from './possibly-stale-badge';
export { emptyFilters, type SearchFilters } from './search-filters';
