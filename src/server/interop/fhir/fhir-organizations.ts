import type { Organization } from '@medplum/fhirtypes';
import type { Database } from '../../db/client';
import { type TimeBound, meetsTimeBound } from '../../db/time-bounds';
import { type ReferralSiteRow, listSystemReferralSites } from '../../features/referrals';
import type { SystemAccess } from '../../features/systems';
import type { PageKey } from './fhir-search-params';

/*
 * Our own organisations and sites as Organization (DESIGN.md §1): `site-<id>`, the owner of
 * a referral's Task, part of `org-<id>`. A system reads those of the sites it refers to (the
 * owners of its Tasks), not others'; not personal data, so not audited (as the directory).
 */

const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const ourOrganizationId = new RegExp(`^(org|site)-${uuid}$`);

/** Whether an Organization id is one of ours (rather than the directory's `dir-`). */
export function isOurOrganizationId(id: string): boolean {
  return ourOrganizationId.test(id);
}

/**
 * A next page's key within ours: marked so that it is never taken for a directory id (an
 * HSDS id has no colon), and a search goes on with the directory once ours are shown.
 */
const ourKeyMark = 'ours:';
export const ourPageKey = new RegExp(`^${ourKeyMark}(org|site)-${uuid}$`);

export function isOurPageKey(key: PageKey | undefined): boolean {
  return key !== undefined && key.id.startsWith(ourKeyMark);
}

type OurOrganization = { resource: Organization; at: string; id: string };

function presentAll(rows: readonly ReferralSiteRow[]): OurOrganization[] {
  const found = new Map<string, OurOrganization>();
  for (const { site, organisation } of rows) {
    const orgId = `org-${organisation.id}`;
    found.set(orgId, {
      id: orgId,
      at: organisation.updatedAt.toISOString(),
      resource: {
        resourceType: 'Organization',
        id: orgId,
        meta: {
          versionId: String(organisation.version),
          lastUpdated: organisation.updatedAt.toISOString(),
        },
        active: true,
        name: organisation.name,
      },
    });
    const siteId = `site-${site.id}`;
    found.set(siteId, {
      id: siteId,
      at: site.updatedAt.toISOString(),
      resource: {
        resourceType: 'Organization',
        id: siteId,
        meta: { versionId: String(site.version), lastUpdated: site.updatedAt.toISOString() },
        active: true,
        name: site.name,
        partOf: { reference: `Organization/${orgId}`, display: organisation.name },
      },
    });
  }
  return [...found.values()];
}

/** One of ours by id, if the system refers to that site (or a site of that organisation). */
export async function readOurOrganization(
  db: Database,
  access: SystemAccess,
  id: string,
): Promise<Organization | undefined> {
  const all = presentAll(await listSystemReferralSites(db, access.actor));
  return all.find((organization) => organization.id === id)?.resource;
}

/** A search's filter over ours, as the directory's Organization search reads its parameters. */
export type OurOrganizationFilter = {
  /** Ids asked for by `_id` (undefined: any). */
  ids: readonly string[] | undefined;
  /** `name`: each occurrence one of its words must start the name (case and accents aside). */
  names: readonly (readonly string[])[] | undefined;
  lastUpdated: readonly TimeBound[];
  after: PageKey | undefined;
  limit: number;
};

/**
 * Ours that match, after the page key, oldest change first (a handful: the system's sites
 * and their organisations); `more` when others follow.
 */
export async function searchOurOrganizations(
  db: Database,
  access: SystemAccess,
  filter: OurOrganizationFilter,
): Promise<{ rows: { resource: Organization; key: PageKey }[]; more: boolean }> {
  const all = presentAll(await listSystemReferralSites(db, access.actor));
  const after = filter.after && {
    at: filter.after.at,
    id: filter.after.id.slice(ourKeyMark.length),
  };
  const matching = all
    .filter(
      ({ id, at, resource }) =>
        (!filter.ids || filter.ids.includes(id)) &&
        (filter.names ?? []).every((words) =>
          words.some((word) => folded(resource.name ?? '').startsWith(folded(word))),
        ) &&
        filter.lastUpdated.every((bound) => meetsTimeBound(new Date(at), bound)) &&
        (!after || at > after.at || (at === after.at && id > after.id)),
    )
    .sort((a, b) => (a.at === b.at ? (a.id < b.id ? -1 : 1) : a.at < b.at ? -1 : 1));
  const page = matching.slice(0, filter.limit);
  return {
    rows: page.map(({ resource, at, id }) => ({ resource, key: { at, id: `${ourKeyMark}${id}` } })),
    more: matching.length > page.length,
  };
}

/** Case and accents aside, as the directory's name search (unaccent, ilike). */
function folded(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}
