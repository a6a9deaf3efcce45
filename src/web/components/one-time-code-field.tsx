import { TextInput, type TextInputProps } from '@mantine/core';
import type { ReactElement } from 'react';

/** A required field for the six-digit code from an authenticator app. */
export function OneTimeCodeField(props: TextInputProps): ReactElement {
  return (
    <TextInput inputMode="numeric" autoComplete="one-time-code" maxLength={6} required {...props} />
  );
}
