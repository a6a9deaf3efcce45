export { buildCsvPackage, buildJsonExport, type HsdsPage, pageOf } from './hsds-export';
export { writeCsv } from './hsds-csv';
export { DatasetIndex, nestEntity, parentLinkField } from './hsds-nest';
export {
  originKey,
  readHsdsFiles,
  type ReadResult,
  type RecordOrigin,
  tabularIssues,
} from './hsds-read';
export {
  type DataPackage,
  type EntityModel,
  type HsdsSchemas,
  type HsdsValidator,
  type SchemaIssue,
  hsdsSchemasOf,
} from './hsds-schemas';
export {
  type HsdsDataset,
  type HsdsEntityType,
  type HsdsFile,
  type HsdsIssue,
  type HsdsRecord,
  type HsdsVersion,
  hsdsEntityTypes,
  hsdsVersions,
  addRecord,
  countRecords,
  isObject,
} from './hsds-types';
