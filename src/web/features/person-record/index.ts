export { PersonRecordSection } from './person-record-section';
