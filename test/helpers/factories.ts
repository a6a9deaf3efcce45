import { randomBytes } from 'node:crypto';
import type { Database } from '../../src/server/db/client';
import { accounts, organisations, roleGrants, sites } from '../../src/server/db/schema';
import { hashPassword } from '../../src/server/platform/passwords';
import type { OrganisationKind, Role } from '../../src/shared/roles';

export const testPassword = 'correct horse battery staple';
let passwordHash: Promise<string> | undefined;

function unique(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

export async function makeOrganisation(
  db: Database,
  kind: OrganisationKind = 'health_centre',
): Promise<{ id: string; name: string }> {
  const name = unique('Organisation');
  const [row] = await db
    .insert(organisations)
    .values({ name, kind })
    .returning({ id: organisations.id });
  if (!row) throw new Error('no organisation');
  return { id: row.id, name };
}

export async function makeSite(
  db: Database,
  options: {
    organisationId?: string;
    defaultLocale?: 'fr' | 'en';
    twoFactorRequired?: boolean;
  } = {},
): Promise<{ id: string; name: string }> {
  const organisationId = options.organisationId ?? (await makeOrganisation(db)).id;
  const name = unique('Site');
  const [row] = await db
    .insert(sites)
    .values({
      organisationId,
      name,
      defaultLocale: options.defaultLocale ?? 'en',
      twoFactorRequired: options.twoFactorRequired ?? false,
    })
    .returning({ id: sites.id });
  if (!row) throw new Error('no site');
  return { id: row.id, name };
}

export type TestAccount = { id: string; email: string; password: string };

/** An account holding the given roles; every account shares one password hash (hashing is slow on purpose). */
export async function makeAccount(
  db: Database,
  grants: { role: Role; siteId?: string | null }[],
  options: { locale?: 'fr' | 'en' | null; active?: boolean } = {},
): Promise<TestAccount> {
  passwordHash ??= hashPassword(testPassword);
  const email = `${unique('person')}@example.org`;
  const [row] = await db
    .insert(accounts)
    .values({
      email,
      displayName: unique('Person'),
      locale: options.locale ?? null,
      active: options.active ?? true,
      passwordHash: await passwordHash,
    })
    .returning({ id: accounts.id });
  if (!row) throw new Error('no account');
  for (const grant of grants) {
    await db
      .insert(roleGrants)
      .values({ accountId: row.id, role: grant.role, siteId: grant.siteId ?? null });
  }
  return { id: row.id, email, password: testPassword };
}
