export { AccountPage } from './account-page';
export { TwoFactorRequiredPage } from './two-factor-required-page';
