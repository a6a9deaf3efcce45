import type { CreateReferralInput } from '../../src/shared/contracts/referrals';

type ReferredPerson = CreateReferralInput['person'];

/**
 * A referral as the referral screen sends it (POST /api/referrals): Marie, by phone, in
 * French, with a family name of her own each time so that no duplicate check stands in the
 * way; routine, for loneliness; consent to be referred and for the referrer to hear back.
 * Each test changes what it is about.
 */
export function referralInput(
  person: Partial<ReferredPerson> = {},
  referral: Partial<Omit<CreateReferralInput, 'person'>> = {},
): CreateReferralInput {
  return {
    person: {
      givenName: 'Marie',
      familyName: `Gagnon-${Math.random().toString(36).slice(2, 8)}`,
      dateOfBirth: '1951-03-08',
      phone: '819-555-0199',
      preferredLanguage: 'fr',
      contactPreference: 'phone',
      ...person,
    },
    reasons: ['loneliness_isolation'],
    urgency: 'routine',
    consent: {
      givenBy: 'person',
      givenAt: new Date(Date.now() - 60_000).toISOString(),
      coversReferral: true,
      coversReferrerUpdates: true,
    },
    ...referral,
  };
}
