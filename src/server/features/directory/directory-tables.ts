import { getTableColumns } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import {
  directoryAccessibility,
  directoryAddresses,
  directoryAttributes,
  directoryCostOptions,
  directoryLanguages,
  directoryLocations,
  directoryMetadata,
  directoryOrganizations,
  directorySchedules,
  directoryServiceAtLocations,
  directoryServiceCapacities,
  directoryServices,
  directoryTaxonomies,
  directoryTaxonomyTerms,
} from '../../db/schema';
import { type HsdsEntityType, type HsdsRecord, isObject } from './hsds';
import { publishedAuthor } from './directory-rules';

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const number = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;
const instant = (value: unknown): Date | null => {
  if (typeof value !== 'string') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
};

/** One typed table: its drizzle table and the columns an HSDS record fills. */
export type TypedSpec = {
  kind: 'typed';
  table: PgTable & { id: PgColumn; record: PgColumn; version: PgColumn; updatedAt: PgColumn };
  columns(record: HsdsRecord): Record<string, unknown>;
  /** Columns the application owns: an import never overwrites them. */
  appOwned?: string[];
};

/**
 * Where each HSDS entity is stored: the typed tables, with the columns derived from the
 * record on every write. The other entities share directory_records.
 */
export const typedTables: Partial<Record<HsdsEntityType, TypedSpec>> = {
  organization: {
    kind: 'typed',
    table: directoryOrganizations,
    columns: (r) => ({
      name: text(r.name) ?? '',
      description: text(r.description),
      parentOrganizationId: text(r.parent_organization_id),
    }),
  },
  service: {
    kind: 'typed',
    table: directoryServices,
    columns: (r) => ({
      organizationId: text(r.organization_id),
      programId: text(r.program_id),
      name: text(r.name) ?? '',
      description: text(r.description),
      status: text(r.status) ?? 'active',
      minimumAge: number(r.minimum_age),
      maximumAge: number(r.maximum_age),
      lastModified: instant(r.last_modified),
    }),
  },
  location: {
    kind: 'typed',
    table: directoryLocations,
    columns: (r) => ({
      organizationId: text(r.organization_id),
      locationType: text(r.location_type) ?? 'physical',
      name: text(r.name),
      latitude: number(r.latitude),
      longitude: number(r.longitude),
    }),
  },
  service_at_location: {
    kind: 'typed',
    table: directoryServiceAtLocations,
    columns: (r) => ({ serviceId: text(r.service_id), locationId: text(r.location_id) }),
  },
  address: {
    kind: 'typed',
    table: directoryAddresses,
    columns: (r) => ({
      locationId: text(r.location_id),
      addressType: text(r.address_type),
      city: text(r.city),
      postalCode: text(r.postal_code),
      country: text(r.country),
    }),
  },
  schedule: {
    kind: 'typed',
    table: directorySchedules,
    columns: (r) => ({
      serviceId: text(r.service_id),
      locationId: text(r.location_id),
      serviceAtLocationId: text(r.service_at_location_id),
      freq: text(r.freq),
      byday: text(r.byday),
      opensAt: text(r.opens_at),
      closesAt: text(r.closes_at),
    }),
  },
  language: {
    kind: 'typed',
    table: directoryLanguages,
    columns: (r) => ({
      serviceId: text(r.service_id),
      locationId: text(r.location_id),
      phoneId: text(r.phone_id),
      code: text(r.code),
      name: text(r.name),
    }),
  },
  accessibility: {
    kind: 'typed',
    table: directoryAccessibility,
    columns: (r) => ({ locationId: text(r.location_id) }),
  },
  cost_option: {
    kind: 'typed',
    table: directoryCostOptions,
    columns: (r) => ({
      serviceId: text(r.service_id),
      option: text(r.option),
      amount: number(r.amount),
      currency: text(r.currency),
    }),
  },
  taxonomy: {
    kind: 'typed',
    table: directoryTaxonomies,
    columns: (r) => ({ name: text(r.name) ?? '' }),
  },
  taxonomy_term: {
    kind: 'typed',
    table: directoryTaxonomyTerms,
    columns: (r) => ({
      taxonomyId: text(r.taxonomy_id),
      parentId: text(r.parent_id),
      code: text(r.code),
      name: text(r.name) ?? '',
    }),
  },
  attribute: {
    kind: 'typed',
    table: directoryAttributes,
    columns: (r) => ({
      linkId: text(r.link_id),
      linkEntity: text(r.link_entity),
      taxonomyTermId: text(r.taxonomy_term_id),
    }),
  },
  service_capacity: {
    kind: 'typed',
    table: directoryServiceCapacities,
    columns: (r) => ({
      serviceId: text(r.service_id),
      unitId: text(r.unit_id),
      available: number(r.available),
      maximum: number(r.maximum),
      updated: instant(r.updated),
    }),
  },
  metadata: {
    kind: 'typed',
    table: directoryMetadata,
    columns: (r) => ({
      resourceId: text(r.resource_id),
      resourceType: text(r.resource_type),
      lastActionDate: text(r.last_action_date),
      lastActionType: text(r.last_action_type),
      fieldName: text(r.field_name),
    }),
  },
};

export function columnNamed(table: PgTable, name: string): PgColumn | undefined {
  return Object.values(getTableColumns(table)).find((column) => column.name === name);
}

export function asRecord(value: unknown): HsdsRecord {
  if (!isObject(value)) return { id: '' };
  const record: HsdsRecord = { ...value, id: String(value.id) };
  // Every read of stored history goes out as it may be published (directory-rules.ts).
  const author = record.updated_by;
  if (typeof author === 'string' && 'field_name' in record)
    record.updated_by = publishedAuthor(author);
  return record;
}
