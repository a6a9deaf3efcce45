import { type AuditAction, auditActions } from '../../../shared/audit-actions';
import type { Role } from '../../../shared/roles';

/** Actions that only read a record: opening it without changing anything. */
export const readingActions: readonly AuditAction[] = auditActions.filter((action) =>
  /(viewed|[._]read|listed|printed|downloaded|link_opened|notified)$/.test(action),
);

export type AccessGrant = {
  role: Role;
  siteId: string | null;
  siteName: string | null;
  organisationName: string | null;
};

/**
 * Who opened the person's record, in roles and places, never by name: the roles the account
 * holds at the case's site; else at its own site (partner staff, whose site is their
 * organisation's); else its programme-wide roles. The grants as they are now: a role granted
 * or revoked since changes how an old day reads.
 */
export function accessorOf(
  grants: AccessGrant[],
  caseSiteId: string | null,
): { roles: Role[]; siteName: string | null; organisationName: string | null } {
  const atCaseSite = grants.filter((g) => g.siteId !== null && g.siteId === caseSiteId);
  const firstSite = grants.find((g) => g.siteId !== null)?.siteId;
  const chosen =
    atCaseSite.length > 0
      ? atCaseSite
      : firstSite
        ? grants.filter((g) => g.siteId === firstSite)
        : grants.filter((g) => g.siteId === null);
  const place = chosen[0];
  return {
    roles: [...new Set(chosen.map((g) => g.role))],
    siteName: place?.siteName ?? null,
    organisationName: place?.organisationName ?? null,
  };
}
