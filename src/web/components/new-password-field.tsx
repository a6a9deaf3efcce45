import type { ReactElement } from 'react';
import { useState } from 'react';
import { useT } from '../i18n';
import { passwordMinLength } from '../password-policy';
import { PasswordField } from './password-field';

export type NewPassword = {
  value: string;
  setValue: (value: string) => void;
  /** Set by the last check: the password was shorter than the policy allows. */
  tooShort: boolean;
  /** Checks the length before submitting; true when the password may be sent. */
  check: () => boolean;
};

/** The state of a new-password field, checked against the length policy on submit. */
export function useNewPassword(): NewPassword {
  const [value, setValue] = useState('');
  const [tooShort, setTooShort] = useState(false);
  const check = (): boolean => {
    const short = value.length < passwordMinLength;
    setTooShort(short);
    return !short;
  };
  return { value, setValue, tooShort, check };
}

type Props = {
  password: NewPassword;
  label: string;
  /** Defaults to the length rule. */
  description?: string;
  /** The server's message for this field, shown unless the length check failed. */
  serverError: string | undefined;
};

/** A required new-password field that explains the length rule and says when it is broken. */
export function NewPasswordField({
  password,
  label,
  description,
  serverError,
}: Props): ReactElement {
  const { t } = useT();
  return (
    <PasswordField
      label={label}
      description={description ?? t('account.password.rule', { min: passwordMinLength })}
      autoComplete="new-password"
      required
      value={password.value}
      onChange={(event) => password.setValue(event.currentTarget.value)}
      error={
        password.tooShort ? t('account.password.tooShort', { min: passwordMinLength }) : serverError
      }
    />
  );
}
