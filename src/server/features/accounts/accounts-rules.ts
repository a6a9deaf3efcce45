import { isSiteRole, type Role } from '../../../shared/roles';
import type { ErrorCode } from '../../platform/errors';

/** A site role needs a site; a programme-wide role must not have one. */
export function grantScopeProblem(role: Role, siteId: string | null): ErrorCode | undefined {
  if (isSiteRole(role) && !siteId) return 'site_required_for_role';
  if (!isSiteRole(role) && siteId) return 'site_not_allowed_for_role';
  return undefined;
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function minutesUntil(date: Date, now = new Date()): number {
  return Math.max(1, Math.ceil((date.getTime() - now.getTime()) / 60_000));
}
