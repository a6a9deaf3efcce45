import { Stack } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactElement, useState } from 'react';
import { FormActions } from '../../components/form-actions';
import { NewPasswordField, useNewPassword } from '../../components/new-password-field';
import { PasswordField } from '../../components/password-field';
import { useT } from '../../i18n';
import { fieldError, FormAlert } from '../../components/form-alert';
import { StatusMessage } from '../../components/status-message';
import { sessionQueryKey } from '../../session';
import { changePassword } from './account-api';

export function PasswordForm(): ReactElement {
  const { t } = useT();
  const queryClient = useQueryClient();
  const [currentPassword, setCurrentPassword] = useState('');
  const newPassword = useNewPassword();
  const change = useMutation({
    mutationFn: changePassword,
    onSuccess: () => {
      setCurrentPassword('');
      newPassword.setValue('');
      // The server may renew the session when the password changes; pick up the new CSRF token.
      void queryClient.invalidateQueries({ queryKey: sessionQueryKey });
    },
  });

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (newPassword.check()) change.mutate({ currentPassword, newPassword: newPassword.value });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack maw={480}>
        <FormAlert error={change.error} fields={['currentPassword', 'newPassword']} />
        <PasswordField
          label={t('account.password.current')}
          autoComplete="current-password"
          required
          value={currentPassword}
          onChange={(event) => setCurrentPassword(event.currentTarget.value)}
          error={fieldError(change.error, 'currentPassword')}
        />
        <NewPasswordField
          password={newPassword}
          label={t('account.password.new')}
          serverError={fieldError(change.error, 'newPassword')}
        />
        <FormActions submitLabel={t('account.password.submit')} pending={change.isPending} />
        <StatusMessage message={change.isSuccess ? t('account.password.changed') : null} />
      </Stack>
    </form>
  );
}
