export { ReportsPage } from './reports-page';
export { ReportGroupingsPage } from './report-groupings-page';
