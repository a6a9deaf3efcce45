import { type Table, getTableColumns } from 'drizzle-orm';

/** A row as PostgreSQL's `to_jsonb()` writes it: column names as keys. */
export type JsonRow = Record<string, unknown>;

/**
 * A row of `table` from its `to_jsonb()` form, each column decoded as a select would decode
 * it (timestamps become Dates): lets one statement bring the related rows of a record as a
 * JSON array beside it, instead of one more round trip per list.
 */
export function rowFromJson<T extends Table>(table: T, json: JsonRow): T['$inferSelect'] {
  const row: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    const value = json[column.name];
    row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return row as T['$inferSelect'];
}
