import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, DatabaseHandle } from '../../src/server/db/client';
import { findCaseSurroundings } from '../../src/server/features/cases/case-detail-queries';
import { openTestDatabase } from '../helpers/database';
import { makeCase, makeSite } from '../helpers/factories';

/*
 * A statement prepared by name is worth preparing only if PostgreSQL settles on one generic
 * plan for it. A constant sent as a parameter (drizzle sends `.limit(n)` so) can make the
 * generic plan look dearer than a custom one, and the statement is then planned on every
 * call: for the case screen that every change answers with, planning cost more than running.
 */
describe('prepared statements of the write path', () => {
  let handle: DatabaseHandle;
  let caseIds: string[];

  beforeAll(async () => {
    handle = await openTestDatabase();
    const site = await makeSite(handle.db);
    caseIds = [];
    for (let i = 0; i < 3; i++) caseIds.push((await makeCase(handle.db, site.id)).id);
  });

  afterAll(() => handle.close());

  it('plans the case screen statement once, not on every call', async () => {
    // A transaction holds one connection, where the statement is prepared and its plans counted.
    const plans = await handle.db.transaction(async (tx) => {
      for (let call = 0; call < 12; call++) {
        const found = await findCaseSurroundings(tx, caseIds[call % caseIds.length] ?? '');
        expect(found).toBeDefined();
      }
      return plansOf(tx, 'case_surroundings');
    });
    // Only the case's id is a parameter: nothing that a generic plan could not see.
    expect(plans.parameterTypes).toBe('{uuid}');
    // PostgreSQL tries five custom plans before it weighs the generic one. (On a few rows
    // the generic plan wins even with a hidden LIMIT; on a programme's tables it did not.)
    expect(plans.genericPlans).toBeGreaterThan(0);
    expect(plans.customPlans).toBeLessThanOrEqual(5);
  });
});

async function plansOf(
  db: Database,
  name: string,
): Promise<{ parameterTypes: string; genericPlans: number; customPlans: number }> {
  const result = await db.execute<{
    parameter_types: string;
    generic_plans: string;
    custom_plans: string;
  }>(
    sql`select parameter_types::text, generic_plans, custom_plans
      from pg_prepared_statements where name = ${name}`,
  );
  const row = result.rows[0];
  if (!row) throw new Error(`${name} is not prepared on this connection`);
  return {
    parameterTypes: row.parameter_types,
    genericPlans: Number(row.generic_plans),
    customPlans: Number(row.custom_plans),
  };
}
