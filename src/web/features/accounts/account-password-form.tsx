import { Button, Group, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactElement, useState } from 'react';
import { PasswordField } from '../../components/password-field';
import { useT } from '../../i18n';
import type { Account } from '../../../shared/contracts/accounts';
import { fieldError, FormAlert } from '../../components/form-alert';
import { StatusMessage } from '../../components/status-message';
import { passwordMinLength } from '../../password-policy';
import { accountQueryKey, setAccountPassword } from './accounts-api';

/** An administrator sets a new password; the server also lifts any lockout. */
export function AccountPasswordForm({ account }: { account: Account }): ReactElement {
  const { t } = useT();
  const queryClient = useQueryClient();
  const [newPassword, setNewPassword] = useState('');
  const [tooShort, setTooShort] = useState(false);
  const set = useMutation({
    mutationFn: () => setAccountPassword(account.id, newPassword),
    onSuccess: async () => {
      setNewPassword('');
      await queryClient.invalidateQueries({ queryKey: accountQueryKey(account.id) });
    },
  });
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const short = newPassword.length < passwordMinLength;
    setTooShort(short);
    if (!short) set.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack maw={480}>
        <Text size="sm">{t('accounts.passwordExplanation')}</Text>
        <FormAlert error={set.error} fields={['newPassword']} />
        <PasswordField
          label={t('accounts.newPassword')}
          description={t('account.password.rule', { min: passwordMinLength })}
          autoComplete="new-password"
          required
          value={newPassword}
          onChange={(event) => setNewPassword(event.currentTarget.value)}
          error={
            tooShort
              ? t('account.password.tooShort', { min: passwordMinLength })
              : fieldError(set.error, 'newPassword')
          }
        />
        <Group>
          <Button type="submit" variant="light" loading={set.isPending}>
            {t('accounts.setPassword')}
          </Button>
        </Group>
        <StatusMessage message={set.isSuccess ? t('accounts.passwordSet') : null} />
      </Stack>
    </form>
  );
}
