import type { CategoryKey } from '../../../shared/directory-categories';
import type { Database } from '../../db/client';
import { selectPollingWatermark } from '../../db/time-bounds';
import { DatasetIndex, hsdsSchemasOf, nestEntity } from './hsds';
import { loadGraph } from './directory-graph';
import {
  type DirectoryChangeRow,
  type DirectoryChangesFilter,
  type DirectoryEntity,
  selectDirectoryChanges,
  selectServiceCategories,
} from './directory-changes-queries';

/*
 * The public directory for other systems, a page at a time in the order it changes
 * (interop/fhir). Public and impersonal like /hsds: no actor, nothing audited.
 */

export type DirectoryChange = Omit<DirectoryChangeRow, 'record'> & {
  /** The HSDS record with everything under it (phones, schedules, languages, places…). */
  record: Record<string, unknown>;
  /** Services only: our categories. */
  categories: CategoryKey[];
};

/**
 * A page of services, locations or organizations, fully nested, with whether another page
 * follows and the time to poll from next (the same watermark as the Task search's).
 */
export async function searchDirectoryChanges(
  db: Database,
  entity: DirectoryEntity,
  filter: DirectoryChangesFilter,
): Promise<{ rows: DirectoryChange[]; more: boolean; watermark: Date }> {
  const watermark = await selectPollingWatermark(db);
  const found = await selectDirectoryChanges(db, entity, { ...filter, limit: filter.limit + 1 });
  const page = found.slice(0, filter.limit);
  const schemas = hsdsSchemasOf('3.1');
  const records = page.map((row) => row.record);
  const index = new DatasetIndex(await loadGraph(db, schemas, entity, records));
  const categoriesOf =
    entity === 'service'
      ? await selectServiceCategories(
          db,
          page.map((row) => row.id),
        )
      : new Map<string, CategoryKey[]>();
  const rows = page.map((row) => ({
    ...row,
    record: nestEntity(schemas.models, index, entity, row.record),
    categories: categoriesOf.get(row.id) ?? [],
  }));
  return { rows, more: found.length > page.length, watermark };
}
