import { Checkbox, Fieldset, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import type { ReactElement } from 'react';
import type { ConsentInput } from '../../../shared/contracts/referrals';
import { type ConsentGiver, consentGivers } from '../../../shared/pathway';
import { fieldError } from '../../components/form-alert';
import { useT } from '../../i18n';

export type ConsentDraft = {
  givenBy: ConsentGiver;
  givenByName: string;
  givenAt: string;
  coversReferral: boolean;
  coversReferrerUpdates: boolean;
  coversSharingWithPartners: boolean;
};

/** The body fields the consent's errors name, for a form's summary of errors. */
export const consentFieldNames = [
  'consent.givenBy',
  'consent.givenByName',
  'consent.givenAt',
  'consent.coversReferral',
];

/** Now, as a datetime-local input shows it: the consent is usually given during the visit. */
function localNow(): string {
  const now = new Date();
  now.setMinutes(now.getMinutes() - now.getTimezoneOffset());
  return now.toISOString().slice(0, 16);
}

function isoFromLocal(value: string): string {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}

/** Nothing agreed yet: the person's consent is asked, never assumed. */
export function emptyConsent(coversReferrerUpdates: boolean): ConsentDraft {
  return {
    givenBy: 'person',
    givenByName: '',
    givenAt: localNow(),
    coversReferral: false,
    coversReferrerUpdates,
    coversSharingWithPartners: false,
  };
}

export function consentInput(draft: ConsentDraft): ConsentInput {
  const name = draft.givenByName.trim();
  return {
    givenBy: draft.givenBy,
    givenByName: draft.givenBy === 'person' || name === '' ? undefined : name,
    givenAt: isoFromLocal(draft.givenAt),
    coversReferral: draft.coversReferral,
    coversReferrerUpdates: draft.coversReferrerUpdates,
    coversSharingWithPartners: draft.coversSharingWithPartners,
  };
}

/** Who agreed, when, and to what: the same questions for a referral and a re-referral. */
export function ConsentFields({
  value,
  onChange,
  error,
  askReferrerUpdates,
}: {
  value: ConsentDraft;
  onChange: (next: ConsentDraft) => void;
  error: unknown;
  /** Updates go back to referrers with an account; an agency is told by the team itself. */
  askReferrerUpdates: boolean;
}): ReactElement {
  const { t } = useT();
  const set = <K extends keyof ConsentDraft>(key: K, next: ConsentDraft[K]): void =>
    onChange({ ...value, [key]: next });
  return (
    <Fieldset legend={t('referrals.form.consent')}>
      <Stack>
        <Text size="sm">{t('referrals.form.consentIntro')}</Text>
        <Checkbox
          label={t('referrals.form.coversReferral')}
          required
          checked={value.coversReferral}
          onChange={(event) => set('coversReferral', event.currentTarget.checked)}
          error={fieldError(error, 'consent.coversReferral')}
        />
        {askReferrerUpdates && (
          <Checkbox
            label={t('referrals.form.coversReferrerUpdates')}
            checked={value.coversReferrerUpdates}
            onChange={(event) => set('coversReferrerUpdates', event.currentTarget.checked)}
          />
        )}
        <Checkbox
          label={t('referrals.form.coversSharingWithPartners')}
          checked={value.coversSharingWithPartners}
          onChange={(event) => set('coversSharingWithPartners', event.currentTarget.checked)}
        />
        <NativeSelect
          label={t('referrals.form.givenBy')}
          data={consentGivers.map((giver) => ({
            value: giver,
            label: t(`consentGivers.${giver}`),
          }))}
          value={value.givenBy}
          onChange={(event) => {
            const giver = consentGivers.find((g) => g === event.currentTarget.value);
            if (giver) set('givenBy', giver);
          }}
          error={fieldError(error, 'consent.givenBy')}
        />
        {value.givenBy !== 'person' && (
          <TextInput
            label={t('referrals.form.givenByName')}
            required
            value={value.givenByName}
            onChange={(event) => set('givenByName', event.currentTarget.value)}
            error={fieldError(error, 'consent.givenByName')}
          />
        )}
        <TextInput
          label={t('referrals.form.givenAt')}
          type="datetime-local"
          required
          value={value.givenAt}
          onChange={(event) => set('givenAt', event.currentTarget.value)}
          error={fieldError(error, 'consent.givenAt')}
        />
      </Stack>
    </Fieldset>
  );
}
