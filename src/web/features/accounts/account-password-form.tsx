import { Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { FormEvent, ReactElement } from 'react';
import { FormActions } from '../../components/form-actions';
import { NewPasswordField, useNewPassword } from '../../components/new-password-field';
import { useT } from '../../i18n';
import type { Account } from '../../../shared/contracts/accounts';
import { fieldError, FormAlert } from '../../components/form-alert';
import { StatusMessage } from '../../components/status-message';
import { accountQueryKey, setAccountPassword } from './accounts-api';

/** An administrator sets a new password; the server also lifts any lockout. */
export function AccountPasswordForm({ account }: { account: Account }): ReactElement {
  const { t } = useT();
  const queryClient = useQueryClient();
  const newPassword = useNewPassword();
  const set = useMutation({
    mutationFn: () => setAccountPassword(account.id, newPassword.value),
    onSuccess: async () => {
      newPassword.setValue('');
      await queryClient.invalidateQueries({ queryKey: accountQueryKey(account.id) });
    },
  });
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (newPassword.check()) set.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack maw={480}>
        <Text size="sm">{t('accounts.passwordExplanation')}</Text>
        <FormAlert error={set.error} fields={['newPassword']} />
        <NewPasswordField
          password={newPassword}
          label={t('accounts.newPassword')}
          serverError={fieldError(set.error, 'newPassword')}
        />
        <FormActions
          submitLabel={t('accounts.setPassword')}
          variant="light"
          pending={set.isPending}
        />
        <StatusMessage message={set.isSuccess ? t('accounts.passwordSet') : null} />
      </Stack>
    </form>
  );
}
