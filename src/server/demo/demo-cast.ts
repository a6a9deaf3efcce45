import type { PersonInput } from '../../shared/contracts/referrals';

/** Services of the demo directory run by the demo partners (stable HSDS ids). */
export const demoServices = {
  jardinsAtelier: 'c3ee0354-11b9-5527-ad5c-f769703b6686',
  jardinsCorvees: '79737086-d46f-5e97-ba52-86c0e89d49a7',
  westEndGarden: '854a6962-f616-5169-843d-a0db5708a934',
  westEndStewards: 'a5639420-24fa-50a3-a632-d458609bdbee',
} as const;

/**
 * Someone reachable by phone (fictional 555 numbers only) in their language; the number in
 * E.164, as the referral form's schema keeps it (the demo writes through the services).
 */
export function person(
  givenName: string,
  familyName: string,
  dateOfBirth: string,
  language: 'fr' | 'en',
  more: Partial<PersonInput> = {},
): PersonInput {
  const n = (givenName.length * 7 + familyName.length * 3) % 90;
  return {
    givenName,
    familyName,
    dateOfBirth,
    preferredLanguage: language,
    contactPreference: 'phone',
    phone: `+1${language === 'fr' ? '613' : '416'}55501${String(n + 10).padStart(2, '0')}`,
    ...more,
  };
}

export const jardinsAtelier = {
  serviceId: demoServices.jardinsAtelier,
  organisationName: 'Jardins partagés de Cornwall',
  activity: 'Atelier de jardinage au jardin communautaire',
};
export const jardinsCorvees = {
  serviceId: demoServices.jardinsCorvees,
  organisationName: 'Jardins partagés de Cornwall',
  activity: 'Corvées vertes\u202f: nettoyage des berges et plantation',
};
export const westEndGarden = {
  serviceId: demoServices.westEndGarden,
  organisationName: 'West End Green Neighbours',
  activity: 'Community Garden Drop-in',
};
export const westEndStewards = {
  serviceId: demoServices.westEndStewards,
  organisationName: 'West End Green Neighbours',
  activity: 'Park Stewardship Volunteers',
};

export const uclaBefore = { companionship: 3, left_out: 3, isolated: 2 };
export const uclaAfter = { companionship: 2, left_out: 1, isolated: 1 };
export const ons4Before = { satisfied: 4, worthwhile: 5, happy: 3, anxious: 7 };
export const ons4After = { satisfied: 6, worthwhile: 7, happy: 6, anxious: 4 };
