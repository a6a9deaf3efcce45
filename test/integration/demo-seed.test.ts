import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectRows } from '../../src/server/db/client';
import { seedDemo } from '../../src/server/demo';
import { startTestApp, type TestApp } from '../helpers/app';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

async function counts(): Promise<{ accounts: number; services: number; cases: number }> {
  const [row] = await selectRows<{ accounts: number; services: number; cases: number }>(
    t.database.db,
    sql`select (select count(*)::int from accounts) as accounts,
      (select count(*)::int from directory_services) as services,
      (select count(*)::int from cases) as cases`,
  );
  if (!row) throw new Error('no counts');
  return row;
}

describe('the demo data', () => {
  it('is whole or absent: a failure part way leaves an empty database that a retry fills', async () => {
    // The first case fails to write, after the accounts and the directory were written.
    await t.database.db.execute(sql`
      create function refuse_demo_case() returns trigger language plpgsql as
        $$ begin raise exception 'disk full (simulated)'; end $$;
      create trigger refuse_demo_case before insert on cases
        for each row execute function refuse_demo_case()`);
    const failure = await seedDemo(t.database.db, t.config).catch((error: unknown) => error);
    expect(String((failure as Error).cause)).toMatch(/disk full/);
    expect(await counts()).toEqual({ accounts: 0, services: 0, cases: 0 });

    await t.database.db.execute(sql`drop trigger refuse_demo_case on cases`);
    const demo = await seedDemo(t.database.db, t.config);
    expect(demo?.cases).toBeGreaterThanOrEqual(24);
    const after = await counts();
    expect(after.services).toBe(72);
    expect(after.cases).toBe(demo?.cases);
  }, 90_000);

  it('is written once: a database with accounts is left as it is', async () => {
    const before = await counts();
    expect(await seedDemo(t.database.db, t.config)).toBeUndefined();
    expect(await counts()).toEqual(before);
  });
});
