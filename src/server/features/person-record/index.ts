import './retention-job';

export { personRecordRoutes } from './person-record-routes';
export { retentionJob } from './retention-job';
export { retentionReport } from './person-record-service';
