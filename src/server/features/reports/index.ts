export { reportRoutes } from './reports-routes';
export { prepareCaseExport } from './report-export';
export { canExportReports, canReadReports } from './reports-policy';
export { readDashboard } from './reports-service';
export { rebuildSummaries, refreshReportSummaries, reportsRefreshJob } from './report-summaries';
