import { Button, Group, Stack } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactElement, useState } from 'react';
import { PasswordField } from '../../components/password-field';
import { useT } from '../../i18n';
import { fieldError, FormAlert } from '../../components/form-alert';
import { StatusMessage } from '../../components/status-message';
import { sessionQueryKey } from '../../session';
import { passwordMinLength } from '../../password-policy';
import { changePassword } from './account-api';

export function PasswordForm(): ReactElement {
  const { t } = useT();
  const queryClient = useQueryClient();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [tooShort, setTooShort] = useState(false);
  const change = useMutation({
    mutationFn: changePassword,
    onSuccess: () => {
      setCurrentPassword('');
      setNewPassword('');
      // The server may renew the session when the password changes; pick up the new CSRF token.
      void queryClient.invalidateQueries({ queryKey: sessionQueryKey });
    },
  });

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const short = newPassword.length < passwordMinLength;
    setTooShort(short);
    if (!short) change.mutate({ currentPassword, newPassword });
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
        <PasswordField
          label={t('account.password.new')}
          description={t('account.password.rule', { min: passwordMinLength })}
          autoComplete="new-password"
          required
          value={newPassword}
          onChange={(event) => setNewPassword(event.currentTarget.value)}
          error={
            tooShort
              ? t('account.password.tooShort', { min: passwordMinLength })
              : fieldError(change.error, 'newPassword')
          }
        />
        <Group>
          <Button type="submit" loading={change.isPending}>
            {t('account.password.submit')}
          </Button>
        </Group>
        <StatusMessage message={change.isSuccess ? t('account.password.changed') : null} />
      </Stack>
    </form>
  );
}
