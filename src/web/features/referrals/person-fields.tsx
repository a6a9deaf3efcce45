import {
  Checkbox,
  Fieldset,
  NativeSelect,
  Radio,
  SimpleGrid,
  Stack,
  TextInput,
  Textarea,
} from '@mantine/core';
import type { ChangeEvent, ReactElement } from 'react';
import { locales } from '../../../shared/locale';
import { contactPreferences, referralReasons, sexes } from '../../../shared/pathway';
import { fieldError } from '../../components/form-alert';
import { useT } from '../../i18n';
import type { PersonDraft, ReasonsDraft } from './referral-draft';

/** Body fields the person fields show their own errors on. */
export const personFieldNames = [
  'givenName',
  'familyName',
  'dateOfBirth',
  'sex',
  'email',
  'phone',
  'preferredLanguage',
  'contactPreference',
  'address',
  'postalCode',
  'accessibilityNeeds',
].map((name) => `person.${name}`);

type PersonProps = {
  legend: string;
  value: PersonDraft;
  onChange: (value: PersonDraft) => void;
  error: unknown;
  /** The referral form asks for sex and accessibility; the public form keeps it short. */
  full?: boolean;
  /** The public form asks the person themself. */
  contactLabel?: string;
};

/** Who is referred: identity, language, contact and approximate location. */
export function PersonFields({
  legend,
  value,
  onChange,
  error,
  full = true,
  contactLabel,
}: PersonProps): ReactElement {
  const { t } = useT();
  const set = <K extends keyof PersonDraft>(key: K, next: PersonDraft[K]): void =>
    onChange({ ...value, [key]: next });
  const text = (
    key: Exclude<keyof PersonDraft, 'sex' | 'preferredLanguage' | 'contactPreference'>,
  ) => ({
    value: value[key],
    onChange: (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
      set(key, event.currentTarget.value),
    error: fieldError(error, `person.${key}`),
  });
  const needs =
    value.contactPreference === 'email'
      ? 'email'
      : value.contactPreference === 'post'
        ? 'address'
        : 'phone';
  return (
    <Fieldset legend={legend}>
      <Stack>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('referrals.form.givenName')}
            required
            autoComplete="off"
            {...text('givenName')}
          />
          <TextInput
            label={t('referrals.form.familyName')}
            required
            autoComplete="off"
            {...text('familyName')}
          />
          <TextInput
            label={t('referrals.form.dateOfBirth')}
            type="date"
            required
            {...text('dateOfBirth')}
          />
          {full && (
            <NativeSelect
              label={t('referrals.form.sex')}
              data={[
                { value: '', label: t('referrals.sexes.none') },
                ...sexes.map((sex) => ({ value: sex, label: t(`referrals.sexes.${sex}`) })),
              ]}
              value={value.sex}
              onChange={(event) => set('sex', event.currentTarget.value as PersonDraft['sex'])}
              error={fieldError(error, 'person.sex')}
            />
          )}
        </SimpleGrid>
        <Radio.Group
          label={t('referrals.form.preferredLanguage')}
          required
          value={value.preferredLanguage}
          onChange={(next) => set('preferredLanguage', next === 'en' ? 'en' : 'fr')}
          error={fieldError(error, 'person.preferredLanguage')}
        >
          <Stack gap="xs" mt="xs">
            {locales.map((locale) => (
              <Radio key={locale} value={locale} label={t(`language.${locale}`)} />
            ))}
          </Stack>
        </Radio.Group>
        <NativeSelect
          label={contactLabel ?? t('referrals.form.contactPreference')}
          required
          data={contactPreferences.map((preference) => ({
            value: preference,
            label: t(`referrals.contactPreferences.${preference}`),
          }))}
          value={value.contactPreference}
          onChange={(event) =>
            set('contactPreference', event.currentTarget.value as PersonDraft['contactPreference'])
          }
          error={fieldError(error, 'person.contactPreference')}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('referrals.form.phone')}
            type="tel"
            autoComplete="off"
            required={needs === 'phone'}
            {...text('phone')}
          />
          <TextInput
            label={t('referrals.form.email')}
            type="email"
            autoComplete="off"
            required={needs === 'email'}
            {...text('email')}
          />
          <TextInput
            label={t('referrals.form.address')}
            description={t('referrals.form.addressHelp')}
            autoComplete="off"
            required={needs === 'address'}
            {...text('address')}
          />
          <TextInput
            label={t('referrals.form.postalCode')}
            description={t('referrals.form.postalCodeHelp')}
            autoComplete="off"
            {...text('postalCode')}
          />
        </SimpleGrid>
        {full && (
          <Textarea
            label={t('referrals.form.accessibilityNeeds')}
            autosize
            minRows={1}
            {...text('accessibilityNeeds')}
          />
        )}
      </Stack>
    </Fieldset>
  );
}

type ReasonsProps = {
  legend: string;
  value: ReasonsDraft;
  onChange: (value: ReasonsDraft) => void;
  error: unknown;
};

/** Why: the fixed bilingual list, with words of their own for "other". */
export function ReasonFields({ legend, value, onChange, error }: ReasonsProps): ReactElement {
  const { t } = useT();
  return (
    <Stack>
      <Checkbox.Group
        label={legend}
        description={t('referrals.form.reasonsHelp')}
        required
        value={value.reasons}
        onChange={(next) => onChange({ ...value, reasons: next as ReasonsDraft['reasons'] })}
        error={fieldError(error, 'reasons')}
      >
        <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs" spacing="xs">
          {referralReasons.map((reason) => (
            <Checkbox key={reason} value={reason} label={t(`referrals.reasons.${reason}`)} />
          ))}
        </SimpleGrid>
      </Checkbox.Group>
      {value.reasons.includes('other') && (
        <TextInput
          label={t('referrals.form.reasonOther')}
          required
          value={value.reasonOther}
          onChange={(event) => onChange({ ...value, reasonOther: event.currentTarget.value })}
          error={fieldError(error, 'reasonOther')}
        />
      )}
    </Stack>
  );
}
