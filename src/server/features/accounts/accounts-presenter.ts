import type { Account } from '../../../shared/contracts/accounts';
import type { CurrentAccount, RoleGrant } from '../../../shared/contracts/auth';
import type { AccountRow, GrantRow } from './accounts-queries';

export function presentGrant(grant: GrantRow): RoleGrant {
  return { id: grant.id, role: grant.role, siteId: grant.siteId, siteName: grant.siteName };
}

export function presentAccount(row: AccountRow, grants: GrantRow[], now = new Date()): Account {
  return {
    id: row.id,
    email: row.email,
    displayName: row.displayName,
    locale: row.locale,
    active: row.active,
    twoFactorEnabled: row.totpSecret !== null,
    lockedUntil: row.lockedUntil && row.lockedUntil > now ? row.lockedUntil.toISOString() : null,
    grants: grants.filter((g) => g.accountId === row.id).map(presentGrant),
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function presentCurrentAccount(row: AccountRow, grants: GrantRow[]): CurrentAccount {
  return {
    id: row.id,
    email: row.email,
    displayName: row.displayName,
    locale: row.locale,
    twoFactorEnabled: row.totpSecret !== null,
    grants: grants.map(presentGrant),
  };
}
