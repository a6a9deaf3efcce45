import type { PersonInput } from '../../../shared/contracts/referrals';
import type { Locale } from '../../../shared/locale';
import type { ContactPreference, ReferralReason, Sex } from '../../../shared/pathway';

/** What the person fields hold while being typed: every value a string, empty when not given. */
export type PersonDraft = {
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  sex: Sex | '';
  email: string;
  phone: string;
  preferredLanguage: Locale;
  contactPreference: ContactPreference;
  address: string;
  postalCode: string;
  accessibilityNeeds: string;
};

export function emptyPerson(preferredLanguage: Locale): PersonDraft {
  return {
    givenName: '',
    familyName: '',
    dateOfBirth: '',
    sex: '',
    email: '',
    phone: '',
    preferredLanguage,
    contactPreference: 'phone',
    address: '',
    postalCode: '',
    accessibilityNeeds: '',
  };
}

function given(value: string): string | undefined {
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** The body's person: fields left empty are left out, so the server says which one it needs. */
export function personInput(draft: PersonDraft): PersonInput {
  return {
    givenName: draft.givenName,
    familyName: draft.familyName,
    dateOfBirth: draft.dateOfBirth,
    ...(draft.sex ? { sex: draft.sex } : {}),
    email: given(draft.email),
    phone: given(draft.phone),
    preferredLanguage: draft.preferredLanguage,
    contactPreference: draft.contactPreference,
    address: given(draft.address),
    postalCode: given(draft.postalCode),
    accessibilityNeeds: given(draft.accessibilityNeeds),
  };
}

export function optionalText(value: string): string | undefined {
  return given(value);
}

export type ReasonsDraft = { reasons: ReferralReason[]; reasonOther: string };
