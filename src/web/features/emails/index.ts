export { FailedEmailsPage } from './emails-page';
