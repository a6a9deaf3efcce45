import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { accounts, roleGrants, sites } from '../../db/schema';

export type SiteSettings = {
  id: string;
  name: string;
  defaultLocale: 'fr' | 'en';
  maxContactAttempts: number;
  waitingThresholdDays: number;
  /** The IANA zone the site works in: its "today". */
  timeZone: string;
};

export async function findSiteSettings(
  db: Database,
  siteId: string,
): Promise<SiteSettings | undefined> {
  const [row] = await db
    .select({
      id: sites.id,
      name: sites.name,
      defaultLocale: sites.defaultLocale,
      maxContactAttempts: sites.maxContactAttempts,
      waitingThresholdDays: sites.waitingThresholdDays,
      timeZone: sites.timeZone,
    })
    .from(sites)
    .where(eq(sites.id, siteId));
  return row;
}

export type StaffMember = {
  accountId: string;
  displayName: string;
  email: string;
  locale: 'fr' | 'en' | null;
  siteId: string;
};

/** Active accounts holding a role at any of the sites. */
export async function selectSiteStaff(
  db: Database,
  role: 'link_worker' | 'site_manager',
  siteIds: string[],
): Promise<StaffMember[]> {
  if (siteIds.length === 0) return [];
  const rows = await db
    .select({
      accountId: accounts.id,
      displayName: accounts.displayName,
      email: accounts.email,
      locale: accounts.locale,
      siteId: roleGrants.siteId,
    })
    .from(roleGrants)
    .innerJoin(accounts, eq(accounts.id, roleGrants.accountId))
    .where(
      and(
        eq(roleGrants.role, role),
        inArray(roleGrants.siteId, siteIds),
        eq(accounts.active, true),
      ),
    )
    .orderBy(asc(accounts.displayName));
  return rows.flatMap((r) => (r.siteId ? [{ ...r, siteId: r.siteId }] : []));
}

export async function findAccountContact(
  db: Database,
  accountId: string,
): Promise<{ email: string; locale: 'fr' | 'en' | null; active: boolean } | undefined> {
  const [row] = await db
    .select({ email: accounts.email, locale: accounts.locale, active: accounts.active })
    .from(accounts)
    .where(eq(accounts.id, accountId));
  return row;
}
