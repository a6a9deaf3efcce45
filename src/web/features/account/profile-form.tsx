import { Button, Group, NativeSelect, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactElement, useState } from 'react';
import { useT } from '../../i18n';
import type { CurrentAccount } from '../../../shared/contracts/auth';
import { isLocale } from '../../../shared/locale';
import { fieldError, FormAlert } from '../../components/form-alert';
import { StatusMessage } from '../../components/status-message';
import { useLocaleOptions } from '../../components/locale-options';
import { storeCurrentAccount } from '../../session';
import { updateMe } from './account-api';

export function ProfileForm({ account }: { account: CurrentAccount }): ReactElement {
  const { t } = useT();
  const queryClient = useQueryClient();
  const localeOptions = useLocaleOptions(t('language.browser'));
  const [displayName, setDisplayName] = useState(account.displayName);
  const [locale, setLocale] = useState<string>(account.locale ?? '');
  const save = useMutation({
    mutationFn: updateMe,
    onSuccess: (updated) => storeCurrentAccount(queryClient, updated),
  });

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    save.mutate({ displayName, locale: isLocale(locale) ? locale : null });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack maw={480}>
        <FormAlert error={save.error} fields={['displayName', 'locale']} />
        <TextInput
          label={t('account.profile.displayName')}
          required
          autoComplete="name"
          value={displayName}
          onChange={(event) => setDisplayName(event.currentTarget.value)}
          error={fieldError(save.error, 'displayName')}
        />
        <NativeSelect
          label={t('account.profile.language')}
          description={t('account.profile.languageHelp')}
          data={localeOptions}
          value={locale}
          onChange={(event) => setLocale(event.currentTarget.value)}
          error={fieldError(save.error, 'locale')}
        />
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t('common.save')}
          </Button>
        </Group>
        <StatusMessage message={save.isSuccess ? t('common.saved') : null} />
      </Stack>
    </form>
  );
}
