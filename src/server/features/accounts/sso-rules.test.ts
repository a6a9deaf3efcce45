import { describe, expect, it } from 'vitest';
import { judgeClaims } from './sso-rules';

const rules = {
  emailClaim: 'email',
  emailVerifiedClaim: 'email_verified',
  requiredAmr: [] as string[],
  requiredAcr: [] as string[],
};
const verified = { sub: '1', email: ' Karim.Haddad@Example.org ', email_verified: true };

describe('judging the provider’s claims', () => {
  it('takes a verified email, normalised, with no second factor asked for', () => {
    expect(judgeClaims(verified, rules)).toEqual({
      ok: true,
      email: 'karim.haddad@example.org',
      secondFactor: false,
    });
  });

  it('counts only a verified flag of true: a string, a missing claim or no email are refused', () => {
    for (const claims of [
      { ...verified, email_verified: 'true' },
      { sub: '1', email: 'a@example.org' },
      { sub: '1', email_verified: true },
    ])
      expect(judgeClaims(claims, rules)).toMatchObject({ ok: false, refusal: 'email_unverified' });
  });

  it('reads the email and its verification from the claims the settings name', () => {
    const entra = { sub: '1', preferred_username: 'a@example.org', xms_edov: true };
    expect(
      judgeClaims(entra, {
        ...rules,
        emailClaim: 'preferred_username',
        emailVerifiedClaim: 'xms_edov',
      }),
    ).toMatchObject({ ok: true, email: 'a@example.org' });
  });

  it('asks for one of the amr values, and for an acr among those listed', () => {
    const amr = { ...rules, requiredAmr: ['mfa', 'hwk'] };
    expect(judgeClaims({ ...verified, amr: ['pwd', 'hwk'] }, amr)).toMatchObject({
      ok: true,
      secondFactor: true,
    });
    expect(judgeClaims({ ...verified, amr: ['pwd'] }, amr)).toMatchObject({
      ok: false,
      refusal: 'second_factor_missing',
    });
    expect(judgeClaims({ ...verified, amr: 'mfa' }, amr)).toMatchObject({ ok: false });
    const acr = { ...rules, requiredAcr: ['2', 'gold'] };
    expect(judgeClaims({ ...verified, acr: 'gold' }, acr)).toMatchObject({ ok: true });
    expect(judgeClaims({ ...verified, acr: '1' }, acr)).toMatchObject({ ok: false });
    expect(judgeClaims(verified, acr)).toMatchObject({ ok: false });
  });
});
