export const hsdsVersions = ['3.0', '3.1'] as const;
export type HsdsVersion = (typeof hsdsVersions)[number];

/** Every HSDS 3.1 entity, in the order an import writes them (referenced before referring). */
export const hsdsEntityTypes = [
  'taxonomy',
  'taxonomy_term',
  'organization',
  'organization_identifier',
  'program',
  'funding',
  'service',
  'location',
  'service_at_location',
  'address',
  'accessibility',
  'contact',
  'phone',
  'schedule',
  'language',
  'cost_option',
  'service_area',
  'required_document',
  'unit',
  'service_capacity',
  'url',
  'attribute',
  'meta_table_description',
  'metadata',
] as const;
export type HsdsEntityType = (typeof hsdsEntityTypes)[number];

export function isHsdsEntityType(value: string): value is HsdsEntityType {
  return (hsdsEntityTypes as readonly string[]).includes(value);
}

/** One entity's own HSDS properties, without nested children. */
export type HsdsRecord = Record<string, unknown> & { id: string };

/** Records by entity type and id: the tabular form every input is turned into. */
export type HsdsDataset = Map<HsdsEntityType, Map<string, HsdsRecord>>;

/** What is wrong with one record: where it is (file, and CSV row or JSON path), which field, why. */
export type HsdsIssue = {
  file: string;
  row?: number;
  path?: string;
  field: string;
  reason: string;
};

export type HsdsFile = { name: string; content: string };

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function addRecord(dataset: HsdsDataset, type: HsdsEntityType, record: HsdsRecord): void {
  let records = dataset.get(type);
  if (!records) {
    records = new Map();
    dataset.set(type, records);
  }
  const existing = records.get(record.id);
  // The same entity nested in several places (a phone under a service and its contact) is one row with every link.
  records.set(record.id, existing ? { ...existing, ...record } : record);
}

export function countRecords(dataset: HsdsDataset): number {
  let total = 0;
  for (const records of dataset.values()) total += records.size;
  return total;
}
