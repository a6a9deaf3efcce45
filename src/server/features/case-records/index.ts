export { caseRecordRoutes } from './case-records-routes';
