import type { ReportScopes } from '../../../shared/contracts/reports';
import { type Database, readTogether } from '../../db/client';
import type { Actor } from '../../platform/actor';
import { forbidden, notFound } from '../../platform/errors';
import { selectAllSites, selectGroupings } from './report-groupings-queries';
import { canReadReports, reportableSiteIds } from './reports-policy';

/** What a report covers: the programme, one site or one grouping, never a list of sites. */
export type ResolvedScope = {
  kind: 'programme' | 'site' | 'grouping';
  id: string | null;
  name: string | null;
  /** Null for the whole programme. */
  siteIds: string[] | null;
};

/**
 * The scopes a caller may choose. Evaluators and administrators: the programme, every site
 * and every grouping. Site managers: each site they manage, and the groupings made only of
 * those sites.
 */
export async function readScopes(db: Database, actor: Actor): Promise<ReportScopes> {
  if (!canReadReports(actor)) throw forbidden();
  const allowed = reportableSiteIds(actor);
  const mine = (id: string): boolean => allowed === 'all' || allowed.includes(id);
  const [sites, groupings] = await readTogether(db, [
    () => selectAllSites(db),
    () => selectGroupings(db),
  ]);
  return {
    programme: allowed === 'all',
    sites: sites.filter((site) => mine(site.id)),
    groupings: groupings
      .filter((grouping) => grouping.site_ids.every(mine))
      .map((grouping) => ({ id: grouping.id, name: grouping.name, siteIds: grouping.site_ids })),
  };
}

/**
 * The scope a request names (contracts/reports.ts ReportScopeChoice), or the caller's
 * default: the programme, or a site manager's first site. A scope the caller may not see
 * is invisible (404); the programme is refused to a site manager (403).
 */
export async function resolveScope(
  db: Database,
  actor: Actor,
  choice: string | undefined,
): Promise<ResolvedScope> {
  const scopes = await readScopes(db, actor);
  if (choice === undefined) {
    if (scopes.programme) return { kind: 'programme', id: null, name: null, siteIds: null };
    const first = scopes.sites[0];
    if (!first) throw forbidden();
    return { kind: 'site', id: first.id, name: first.name, siteIds: [first.id] };
  }
  if (choice === 'programme') {
    if (!scopes.programme) throw forbidden();
    return { kind: 'programme', id: null, name: null, siteIds: null };
  }
  const id = choice.slice(choice.indexOf(':') + 1).toLowerCase();
  if (choice.startsWith('site:')) {
    const site = scopes.sites.find((s) => s.id === id);
    if (!site) throw notFound();
    return { kind: 'site', id, name: site.name, siteIds: [id] };
  }
  const grouping = scopes.groupings.find((g) => g.id === id);
  if (!grouping) throw notFound();
  return { kind: 'grouping', id, name: grouping.name, siteIds: grouping.siteIds };
}
