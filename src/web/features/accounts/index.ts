export { AccountCreatePage } from './account-create-page';
export { AccountDetailPage } from './account-detail-page';
export { AccountsPage } from './accounts-page';
