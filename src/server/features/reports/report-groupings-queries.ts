import { and, eq, sql } from 'drizzle-orm';
import { type Database, selectRows } from '../../db/client';
import { reportGroupingSites, reportGroupings } from '../../db/schema';
import { uuidArray } from './report-expressions';

export type GroupingRow = {
  id: string;
  name: string;
  version: number;
  updated_at: Date | string;
  /** Sorted, so two groupings of the same sites compare equal. */
  site_ids: string[];
  site_names: string[];
};

const groupingsSql = sql`
  select g.id, g.name, g.version, g.updated_at,
    array_agg(s.id order by s.id) as site_ids,
    array_agg(s.name order by s.id) as site_names
  from report_groupings g
  join report_grouping_sites gs on gs.grouping_id = g.id
  join sites s on s.id = gs.site_id`;

export function selectGroupings(db: Database): Promise<GroupingRow[]> {
  return selectRows<GroupingRow>(db, sql`${groupingsSql} group by g.id order by g.name`);
}

export async function findGrouping(db: Database, id: string): Promise<GroupingRow | undefined> {
  const [row] = await selectRows<GroupingRow>(
    db,
    sql`${groupingsSql} where g.id = ${id} group by g.id`,
  );
  return row;
}

/** Every site, for the programme's scope and the sites of the groupings. */
export function selectAllSites(db: Database): Promise<{ id: string; name: string }[]> {
  return selectRows(db, sql`select id, name from sites order by name, id`);
}

export async function countExistingSites(db: Database, ids: readonly string[]): Promise<number> {
  const [row] = await selectRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from sites where id = any(${uuidArray(ids)})`,
  );
  return row?.n ?? 0;
}

export async function insertGrouping(db: Database, name: string): Promise<string> {
  const [row] = await db
    .insert(reportGroupings)
    .values({ name })
    .returning({ id: reportGroupings.id });
  if (!row) throw new Error('insert into report_groupings returned no row');
  return row.id;
}

export async function updateGroupingAtVersion(
  db: Database,
  id: string,
  version: number,
  name: string | undefined,
): Promise<boolean> {
  const rows = await db
    .update(reportGroupings)
    .set({
      ...(name === undefined ? {} : { name }),
      version: sql`${reportGroupings.version} + 1`,
      updatedAt: new Date(),
    })
    .where(and(eq(reportGroupings.id, id), eq(reportGroupings.version, version)))
    .returning({ id: reportGroupings.id });
  return rows.length > 0;
}

export async function replaceGroupingSites(
  db: Database,
  id: string,
  siteIds: readonly string[],
): Promise<void> {
  await db.delete(reportGroupingSites).where(eq(reportGroupingSites.groupingId, id));
  await db
    .insert(reportGroupingSites)
    .values(siteIds.map((siteId) => ({ groupingId: id, siteId })));
}

export async function deleteGrouping(db: Database, id: string): Promise<boolean> {
  const rows = await db
    .delete(reportGroupings)
    .where(eq(reportGroupings.id, id))
    .returning({ id: reportGroupings.id });
  return rows.length > 0;
}

/** Groupings change one at a time, so two cannot end up with the same sites. */
export async function lockGroupings(db: Database): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext('report_groupings'))`);
}
