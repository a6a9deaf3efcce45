import { sql } from 'drizzle-orm';
import { hashPassword } from '../platform/passwords';
import type { Role } from '../../shared/roles';
import { type Database, selectRows } from '../db/client';
import { accounts, organisations, roleGrants, sites } from '../db/schema';

export const demoPassword = 'passerelle-demo';

type DemoAccount = {
  email: string;
  displayName: string;
  locale: 'fr' | 'en';
  role: Role;
  site?: DemoSiteKey;
};
type DemoSiteKey = 'estrie' | 'riverside' | 'jardins' | 'walking';

const demoOrganisations = [
  {
    key: 'programme',
    name: 'Rx\u202f: Communauté – Prescription sociale / Rx: Community',
    kind: 'programme',
  },
  { key: 'estrie', name: 'Centre de santé communautaire de l’Estrie', kind: 'health_centre' },
  { key: 'riverside', name: 'Riverside Community Health Centre', kind: 'health_centre' },
  { key: 'jardins', name: 'Jardins partagés de Cornwall', kind: 'community_partner' },
  { key: 'walking', name: 'West End Green Neighbours', kind: 'community_partner' },
] as const;

const demoSites: {
  key: DemoSiteKey;
  organisation: DemoSiteKey;
  name: string;
  defaultLocale: 'fr' | 'en';
  /**
   * Every demo site is in Ontario: the francophone centre and the garden are in Cornwall,
   * Ontario (not Cornwall, England, nor France), the others in Toronto; all on Eastern time.
   */
  timeZone: string;
}[] = [
  {
    key: 'estrie',
    organisation: 'estrie',
    name: 'CSC de l’Estrie – Cornwall',
    defaultLocale: 'fr',
    timeZone: 'America/Toronto',
  },
  {
    key: 'riverside',
    organisation: 'riverside',
    name: 'Riverside CHC – Queen Street',
    defaultLocale: 'en',
    timeZone: 'America/Toronto',
  },
  {
    key: 'jardins',
    organisation: 'jardins',
    name: 'Jardins partagés – Centre-ville',
    defaultLocale: 'fr',
    timeZone: 'America/Toronto',
  },
  {
    key: 'walking',
    organisation: 'walking',
    name: 'West End Green Neighbours – Sorauren Park',
    defaultLocale: 'en',
    timeZone: 'America/Toronto',
  },
];

export const demoAccounts: DemoAccount[] = [
  {
    email: 'admin@passerelle.example',
    displayName: 'Alex Martin',
    locale: 'en',
    role: 'administrator',
  },
  {
    email: 'manager@passerelle.example',
    displayName: 'Sophie Tremblay',
    locale: 'fr',
    role: 'site_manager',
    site: 'estrie',
  },
  {
    email: 'linkworker@passerelle.example',
    displayName: 'Karim Haddad',
    locale: 'fr',
    role: 'link_worker',
    site: 'estrie',
  },
  {
    email: 'linkworker.riverside@passerelle.example',
    displayName: 'Grace Okafor',
    locale: 'en',
    role: 'link_worker',
    site: 'riverside',
  },
  {
    email: 'referrer@passerelle.example',
    displayName: 'Dr Emily Chen',
    locale: 'en',
    role: 'referrer',
    site: 'riverside',
  },
  {
    email: 'referrer.estrie@passerelle.example',
    displayName: 'Dre Julie Lavoie',
    locale: 'fr',
    role: 'referrer',
    site: 'estrie',
  },
  {
    email: 'partner@passerelle.example',
    displayName: 'Marie Gagnon',
    locale: 'fr',
    role: 'partner_staff',
    site: 'jardins',
  },
  {
    email: 'evaluator@passerelle.example',
    displayName: 'Jordan Lee',
    locale: 'en',
    role: 'evaluator',
  },
];

export async function hasAnyAccount(db: Database): Promise<boolean> {
  const [row] = await selectRows<{ found: boolean }>(
    db,
    sql`select exists (select 1 from ${accounts}) as found`,
  );
  return row?.found === true;
}

/**
 * Fills an empty database with a small bilingual programme: one account per role. Returns
 * the community partners, whose listings the demo directory links to them.
 */
export async function seedDemoData(
  db: Database,
): Promise<{ partners: { id: string; name: string }[] }> {
  const passwordHash = await hashPassword(demoPassword);
  return db.transaction(async (tx) => {
    const orgIds = new Map<string, string>();
    for (const { key, name, kind } of demoOrganisations) {
      const [row] = await tx
        .insert(organisations)
        .values({ name, kind })
        .returning({ id: organisations.id });
      if (row) orgIds.set(key, row.id);
    }
    const siteIds = new Map<string, string>();
    for (const site of demoSites) {
      const organisationId = orgIds.get(site.organisation);
      if (!organisationId) continue;
      const [row] = await tx
        .insert(sites)
        .values({
          organisationId,
          name: site.name,
          defaultLocale: site.defaultLocale,
          timeZone: site.timeZone,
        })
        .returning({ id: sites.id });
      if (row) siteIds.set(site.key, row.id);
    }
    for (const account of demoAccounts) {
      const { email, displayName, locale } = account;
      const [row] = await tx
        .insert(accounts)
        .values({ email, displayName, locale, passwordHash })
        .returning({ id: accounts.id });
      if (!row) continue;
      const siteId = account.site ? (siteIds.get(account.site) ?? null) : null;
      await tx.insert(roleGrants).values({ accountId: row.id, role: account.role, siteId });
    }
    const partners = demoOrganisations.filter((o) => o.kind === 'community_partner');
    return {
      partners: partners.flatMap(({ key, name }) => {
        const id = orgIds.get(key);
        return id ? [{ id, name }] : [];
      }),
    };
  });
}
