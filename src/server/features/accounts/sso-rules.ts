import type { SsoRefusal } from '../../../shared/contracts/auth';
import type { SsoSettings } from '../../config';
import { normaliseEmail } from './accounts-rules';

type ClaimRules = Pick<
  SsoSettings,
  'emailClaim' | 'emailVerifiedClaim' | 'requiredAmr' | 'requiredAcr'
>;

export type ClaimsVerdict =
  | { ok: true; email: string; secondFactor: boolean }
  | { ok: false; refusal: SsoRefusal; reason: string; email?: string };

/**
 * What the provider's ID token (with its userinfo) says, judged: an email the provider has
 * verified, and the second factor the settings ask of it. Only `true` counts as verified: a
 * provider that says nothing has checked nothing.
 */
export function judgeClaims(claims: Record<string, unknown>, rules: ClaimRules): ClaimsVerdict {
  const rawEmail = claims[rules.emailClaim];
  if (typeof rawEmail !== 'string' || !rawEmail.includes('@'))
    return { ok: false, refusal: 'email_unverified', reason: 'email_missing' };
  if (claims[rules.emailVerifiedClaim] !== true)
    return { ok: false, refusal: 'email_unverified', reason: 'email_unverified' };
  const email = normaliseEmail(rawEmail);
  if (!meetsSecondFactorRule(claims, rules))
    return { ok: false, refusal: 'second_factor_missing', reason: 'second_factor_missing', email };
  return {
    ok: true,
    email,
    secondFactor: rules.requiredAmr.length > 0 || rules.requiredAcr.length > 0,
  };
}

/** At least one of the amr values asked for, and an acr among those asked for (when asked). */
function meetsSecondFactorRule(claims: Record<string, unknown>, rules: ClaimRules): boolean {
  const amr = Array.isArray(claims.amr) ? claims.amr : [];
  if (rules.requiredAmr.length > 0 && !rules.requiredAmr.some((value) => amr.includes(value)))
    return false;
  const acr = claims.acr;
  if (rules.requiredAcr.length > 0 && (typeof acr !== 'string' || !rules.requiredAcr.includes(acr)))
    return false;
  return true;
}

/** What the audit keeps of the provider's sign-in: how, never who (the account is the subject). */
export function authenticationDetails(claims: Record<string, unknown>): Record<string, unknown> {
  const amr = Array.isArray(claims.amr)
    ? claims.amr.filter((value): value is string => typeof value === 'string').slice(0, 10)
    : undefined;
  const acr = typeof claims.acr === 'string' ? claims.acr.slice(0, 200) : undefined;
  return { ...(amr ? { amr } : {}), ...(acr ? { acr } : {}) };
}
