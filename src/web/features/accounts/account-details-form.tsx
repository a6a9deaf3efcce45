import { Checkbox, NativeSelect, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactElement, useState } from 'react';
import { useT } from '../../i18n';
import type { Account } from '../../../shared/contracts/accounts';
import { isLocale } from '../../../shared/locale';
import { FormActions } from '../../components/form-actions';
import { fieldError, FormAlert } from '../../components/form-alert';
import { useLocaleOptions } from '../../components/locale-options';
import { isStaleVersion } from '../../components/stale-version';
import { StatusMessage } from '../../components/status-message';
import { accountQueryKey, accountsQueryKey, updateAccount } from './accounts-api';

type Values = { displayName: string; locale: string; active: boolean };

function valuesOf(account: Account): Values {
  return { displayName: account.displayName, locale: account.locale ?? '', active: account.active };
}

function sameValues(a: Values, b: Values): boolean {
  return a.displayName === b.displayName && a.locale === b.locale && a.active === b.active;
}

/** Name, language and active flag, saved against the version the edits started from. */
export function AccountDetailsForm({ account }: { account: Account }): ReactElement {
  const { t } = useT();
  const queryClient = useQueryClient();
  const localeOptions = useLocaleOptions(t('language.none'));
  const [base, setBase] = useState(account);
  const [values, setValues] = useState(() => valuesOf(account));
  const dirty = !sameValues(values, valuesOf(base));

  // A newer version arrived (a role was added here, say): follow it unless the form has edits,
  // which must then be saved against the old version so the server can spot the conflict.
  if (account.version !== base.version && !dirty) {
    setBase(account);
    setValues(valuesOf(account));
  }

  const restart = (fresh: Account): void => {
    setBase(fresh);
    setValues(valuesOf(fresh));
  };

  const save = useMutation({
    mutationFn: () =>
      updateAccount(account.id, {
        displayName: values.displayName,
        locale: isLocale(values.locale) ? values.locale : null,
        active: values.active,
        version: base.version,
      }),
    onSuccess: (updated) => {
      queryClient.setQueryData(accountQueryKey(account.id), updated);
      void queryClient.invalidateQueries({ queryKey: [...accountsQueryKey, 'list'] });
      restart(updated);
    },
    onError: async (error) => {
      if (!isStaleVersion(error)) return;
      await queryClient.invalidateQueries({ queryKey: accountQueryKey(account.id) });
      const fresh = queryClient.getQueryData<Account>(accountQueryKey(account.id));
      if (fresh) restart(fresh);
    },
  });

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    save.mutate();
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack maw={480}>
        <FormAlert error={save.error} fields={['displayName', 'locale', 'active']} />
        <TextInput
          label={t('accounts.displayName')}
          required
          value={values.displayName}
          onChange={(event) => {
            const displayName = event.currentTarget.value;
            setValues((current) => ({ ...current, displayName }));
          }}
          error={fieldError(save.error, 'displayName')}
        />
        <NativeSelect
          label={t('accounts.language')}
          data={localeOptions}
          value={values.locale}
          onChange={(event) => {
            const locale = event.currentTarget.value;
            setValues((current) => ({ ...current, locale }));
          }}
          error={fieldError(save.error, 'locale')}
        />
        <Checkbox
          label={t('accounts.activeLabel')}
          description={t('accounts.activeHelp')}
          checked={values.active}
          onChange={(event) => {
            const active = event.currentTarget.checked;
            setValues((current) => ({ ...current, active }));
          }}
          error={fieldError(save.error, 'active')}
        />
        <FormActions submitLabel={t('common.save')} pending={save.isPending} />
        <StatusMessage message={save.isSuccess && !dirty ? t('common.saved') : null} />
      </Stack>
    </form>
  );
}
