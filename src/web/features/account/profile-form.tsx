import { NativeSelect, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactElement, useState } from 'react';
import type { CurrentAccount } from '../../../shared/contracts/auth';
import { isLocale } from '../../../shared/locale';
import { FormActions } from '../../components/form-actions';
import { fieldError, FormAlert } from '../../components/form-alert';
import { useLocaleOptions } from '../../components/locale-options';
import { StatusMessage } from '../../components/status-message';
import { useT } from '../../i18n';
import { storeCurrentAccount } from '../../session';
import { updateMe } from './account-api';

type Values = { displayName: string; locale: string };

function valuesOf(account: CurrentAccount): Values {
  return { displayName: account.displayName, locale: account.locale ?? '' };
}

export function ProfileForm({ account }: { account: CurrentAccount }): ReactElement {
  const { t } = useT();
  const queryClient = useQueryClient();
  const localeOptions = useLocaleOptions(t('language.browser'));
  const [base, setBase] = useState(() => valuesOf(account));
  const [values, setValues] = useState(base);
  const saved = valuesOf(account);
  const dirty = values.displayName !== base.displayName || values.locale !== base.locale;

  // The header's language switch saves too: follow it, unless the person is mid-edit here.
  if ((saved.displayName !== base.displayName || saved.locale !== base.locale) && !dirty) {
    setBase(saved);
    setValues(saved);
  }

  const save = useMutation({
    mutationFn: updateMe,
    onSuccess: (updated) => {
      storeCurrentAccount(queryClient, updated);
      setBase(valuesOf(updated));
      setValues(valuesOf(updated));
    },
  });

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    save.mutate({
      displayName: values.displayName,
      locale: isLocale(values.locale) ? values.locale : null,
    });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack maw={480}>
        <FormAlert error={save.error} fields={['displayName', 'locale']} />
        <TextInput
          label={t('account.profile.displayName')}
          required
          autoComplete="name"
          value={values.displayName}
          onChange={(event) => {
            const displayName = event.currentTarget.value;
            setValues((current) => ({ ...current, displayName }));
          }}
          error={fieldError(save.error, 'displayName')}
        />
        <NativeSelect
          label={t('account.profile.language')}
          description={t('account.profile.languageHelp')}
          data={localeOptions}
          value={values.locale}
          onChange={(event) => {
            const locale = event.currentTarget.value;
            setValues((current) => ({ ...current, locale }));
          }}
          error={fieldError(save.error, 'locale')}
        />
        <FormActions submitLabel={t('common.save')} pending={save.isPending} />
        <StatusMessage message={save.isSuccess && !dirty ? t('common.saved') : null} />
      </Stack>
    </form>
  );
}
