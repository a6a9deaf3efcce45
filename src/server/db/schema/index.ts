// The one Drizzle schema, a file per feature that writes the tables (ARCHITECTURE.md).
export * from './accounts';
export * from './directory';
export * from './search';
export * from './cases';
export * from './plans';
export * from './connections';
export * from './platform';
export * from './outcomes';
export * from './case-records';
export * from './reports';
export * from './systems';
export * from './person-space';
export * from './lifecycle';
