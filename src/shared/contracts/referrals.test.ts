import { describe, expect, it } from 'vitest';
import {
  differingContactFields,
  MergePersonBody,
  PersonInput,
  postalCodePattern,
} from './referrals';

const person = {
  givenName: 'Hélène',
  familyName: 'Côté',
  dateOfBirth: '1944-07-21',
  preferredLanguage: 'fr',
  contactPreference: 'phone',
  phone: '819-555-0101',
} as const;

describe('the referral contract', () => {
  it.each(['K1A 0B1', 'k1a0b1', 'J1H-5N4', '75011'])('accepts the postal code %s', (code) => {
    expect(postalCodePattern.test(code)).toBe(true);
  });

  it.each(['K1A 0B', '7501', 'ABCDE', '750111'])('refuses the postal code %s', (code) => {
    expect(postalCodePattern.test(code)).toBe(false);
  });

  it('needs the contact detail the person prefers', () => {
    expect(PersonInput.safeParse(person).success).toBe(true);
    const byEmail = PersonInput.safeParse({ ...person, contactPreference: 'email' });
    expect(byEmail.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['email', 'contact_required'],
    ]);
    const byPost = PersonInput.safeParse({ ...person, contactPreference: 'post' });
    expect(byPost.error?.issues.map((i) => i.path.join('.'))).toEqual(['address']);
  });

  it('refuses a birth date in the future', () => {
    const result = PersonInput.safeParse({ ...person, dateOfBirth: '2999-01-01' });
    expect(result.error?.issues.map((i) => i.message)).toEqual(['date_of_birth_range']);
  });

  it('offers a merge only the contact details the newer record has and that differ', () => {
    const kept = {
      email: 'Helene@Example.org',
      phone: '819-555-0101',
      address: null,
      postalCode: 'J1H 5N4',
      contactPreference: 'phone',
      preferredLanguage: 'fr',
    };
    const same = {
      ...kept,
      email: ' helene@example.org',
      phone: '(819) 555 0101',
      postalCode: 'j1h5n4',
    };
    expect(differingContactFields(kept, same)).toEqual([]);
    // A detail the newer record lacks is not offered: taking it would erase the kept one.
    expect(differingContactFields(kept, { ...same, email: null, phone: null })).toEqual([]);
    expect(
      differingContactFields(kept, {
        ...same,
        email: 'someone@else.example',
        address: '12 rue King',
        contactPreference: 'email',
      }),
    ).toEqual(['email', 'address', 'contactPreference']);
  });

  it('merges with the existing contact details unless each is picked', () => {
    const parsed = MergePersonBody.parse({ keep: 'existing', version: 3 });
    expect(parsed).toEqual({ keep: 'existing', version: 3, contact: {} });
    expect(
      MergePersonBody.safeParse({ keep: 'existing', version: 3, contact: { sex: 'new' } }).success,
    ).toBe(false);
    expect(
      MergePersonBody.safeParse({ keep: 'separate', version: 3, contact: { email: 'new' } })
        .success,
    ).toBe(false);
  });
});
