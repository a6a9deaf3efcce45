import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../src/server/db/schema';
import {
  demoAccounts,
  demoPassword,
  hasAnyAccount,
  seedDemoData,
} from '../../src/server/demo/demo-accounts';
import { createAdministratorFromCli } from '../../src/server/features/accounts';
import { seedDemoDirectory } from '../../src/server/features/directory';
import { selectRows } from '../../src/server/db/client';
import { Client, startTestApp, type TestApp } from '../helpers/app';

let t: TestApp;
let partners: { id: string; name: string }[] = [];

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('a new installation', () => {
  it('applies its migrations again without harm', async () => {
    await t.database.migrate();
    const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.json()).toMatchObject({ status: 'ready' });
  });

  it('gets its first administrator from the command line, who can then sign in', async () => {
    expect(await hasAnyAccount(t.database.db)).toBe(false);
    await createAdministratorFromCli(t.database.db, {
      email: 'First.Admin@Example.org',
      displayName: 'First Admin',
      password: 'first admin passphrase',
    });
    const client = new Client(t.app);
    const response = await client.signIn('first.admin@example.org', 'first admin passphrase');
    expect(response.json()).toMatchObject({ permissions: { manageAccounts: true } });
    await expect(
      createAdministratorFromCli(t.database.db, {
        email: 'first.admin@example.org',
        displayName: 'Again',
        password: 'first admin passphrase',
      }),
    ).rejects.toThrow('email_taken');
  });

  it('keeps an append-only audit trail that nobody can rewrite or delete', async () => {
    const [before] = await t.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(auditEvents);
    expect(before?.n).toBeGreaterThan(0);
    await expect(
      t.database.db.execute(sql`update audit_events set action = 'forged'`),
    ).rejects.toThrow();
    await expect(t.database.db.execute(sql`delete from audit_events`)).rejects.toThrow();
    const [after] = await t.database.db.select({ n: sql<number>`count(*)::int` }).from(auditEvents);
    expect(after?.n).toBe(before?.n);
  });

  it('seeds believable demo data: one account per role, all able to sign in', async () => {
    partners = (await seedDemoData(t.database.db)).partners;
    const roles = new Set(demoAccounts.map((a) => a.role));
    expect(roles).toEqual(
      new Set([
        'administrator',
        'site_manager',
        'link_worker',
        'referrer',
        'partner_staff',
        'evaluator',
      ]),
    );
    for (const account of demoAccounts) {
      const response = await new Client(t.app).signIn(account.email, demoPassword);
      expect(response.statusCode, account.email).toBe(200);
    }
  });

  it('seeds a bilingual demo directory linked to the demo partners', async () => {
    const count = await seedDemoDirectory(t.database.db, partners);
    expect(count).toBeGreaterThanOrEqual(50);
    const services = await t.app.inject({ method: 'GET', url: '/hsds/services?per_page=1' });
    expect(services.json()).toMatchObject({ total_items: count });
    const [row] = await selectRows<{ fr: number; en: number; linked: number }>(
      t.database.db,
      sql`select
        (select count(*)::int from directory_services where source_language = 'fr') as fr,
        (select count(*)::int from directory_services where source_language = 'en') as en,
        (select count(*)::int from directory_organizations where partner_organisation_id is not null) as linked`,
    );
    expect(row?.fr).toBeGreaterThan(10);
    expect(row?.en).toBeGreaterThan(10);
    expect(row?.linked).toBe(partners.length);
  });
});
