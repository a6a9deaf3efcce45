export { reportRoutes } from './reports-routes';
export { canExportReports, canReadReports } from './reports-policy';
export { rebuildSummaries, refreshReportSummaries, reportsRefreshJob } from './report-summaries';
