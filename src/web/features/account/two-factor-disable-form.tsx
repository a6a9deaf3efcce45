import { Stack } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, type ReactElement, useState } from 'react';
import { PasswordField } from '../../components/password-field';
import { useT } from '../../i18n';
import { FormActions } from '../../components/form-actions';
import { fieldError, FormAlert } from '../../components/form-alert';
import { OneTimeCodeField } from '../../components/one-time-code-field';
import { disableTwoFactor } from './account-api';

export function TwoFactorDisableForm({ onDisabled }: { onDisabled: () => void }): ReactElement {
  const { t } = useT();
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const disable = useMutation({ mutationFn: disableTwoFactor, onSuccess: onDisabled });

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    disable.mutate({ password, code: code.trim() });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack maw={480}>
        <FormAlert error={disable.error} fields={['password', 'code']} />
        <PasswordField
          label={t('twoFactor.password')}
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => setPassword(event.currentTarget.value)}
          error={fieldError(disable.error, 'password')}
        />
        <OneTimeCodeField
          label={t('twoFactor.code')}
          description={t('twoFactor.codeHelp')}
          value={code}
          onChange={(event) => setCode(event.currentTarget.value)}
          error={fieldError(disable.error, 'code')}
        />
        <FormActions
          submitLabel={t('twoFactor.disable')}
          color="red"
          variant="outline"
          pending={disable.isPending}
        />
      </Stack>
    </form>
  );
}
