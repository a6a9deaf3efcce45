import { PasswordInput, type PasswordInputProps } from '@mantine/core';
import type { ReactElement } from 'react';
import { useT } from '../i18n';

/** Mantine's password input with its show/hide button named in the interface language. */
export function PasswordField(props: PasswordInputProps): ReactElement {
  const { t } = useT();
  return (
    <PasswordInput
      {...props}
      visibilityToggleButtonProps={{ 'aria-label': t('common.togglePasswordVisibility') }}
    />
  );
}
