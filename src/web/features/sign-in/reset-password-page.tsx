import { Alert, Anchor, Button, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactElement, useEffect, useState } from 'react';
import { Link } from '../../navigation';
import type { PasswordResetBody } from '../../../shared/contracts/auth';
import { apiRequest, asApiError } from '../../api';
import { fieldError, FormAlert } from '../../components/form-alert';
import { NewPasswordField, useNewPassword } from '../../components/new-password-field';
import { usePageTitle } from '../../components/page-title';
import { PublicLayout } from '../../components/public-layout';
import { useT } from '../../i18n';
import { sessionQueryKey } from '../../session';

/**
 * Public: the page of the emailed link, /reset-password#<token>. The token travels in the
 * fragment, which browsers never send: no request, log or Referer carries it, only the body
 * of the form's request.
 */
export function ResetPasswordRoute(): ReactElement {
  return (
    <PublicLayout>
      <ResetPasswordPage />
    </PublicLayout>
  );
}

function tokenInAddress(): string {
  return window.location.hash.slice(1);
}

function ResetPasswordPage(): ReactElement {
  const { t, locale } = useT();
  usePageTitle(t('passwordReset.resetTitle'));
  const queryClient = useQueryClient();
  const [token] = useState(tokenInAddress);
  useEffect(() => {
    // Read once, then out of the address bar, so it stays out of history and screenshots.
    if (window.location.hash) {
      window.history.replaceState(window.history.state, '', window.location.pathname);
    }
  }, []);
  const newPassword = useNewPassword();
  const save = useMutation({
    mutationFn: (body: PasswordResetBody) =>
      apiRequest<undefined>('POST', '/api/auth/password-resets', { body }),
    // Every session of the account has ended, this browser's too if it had one.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sessionQueryKey }),
  });
  const { reset } = save;
  useEffect(() => reset(), [locale, reset]);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (newPassword.check()) save.mutate({ token, newPassword: newPassword.value });
  };

  const askAgain = (
    <Anchor component={Link} to="/forgot-password">
      {t('passwordReset.askAgain')}
    </Anchor>
  );
  let content: ReactElement;
  if (!token) {
    content = (
      <>
        <Alert color="red" role="alert">
          {t('passwordReset.noToken')}
        </Alert>
        {askAgain}
      </>
    );
  } else if (save.isSuccess) {
    content = (
      <>
        <Alert color="teal" role="status">
          {t('passwordReset.done')}
        </Alert>
        <Button component={Link} to="/sign-in">
          {t('passwordReset.signIn')}
        </Button>
      </>
    );
  } else {
    content = (
      <>
        <Text>{t('passwordReset.resetIntro')}</Text>
        <Paper withBorder p="lg" radius="md">
          <form onSubmit={submit} noValidate>
            <Stack>
              <FormAlert error={save.error} fields={['newPassword']} />
              {asApiError(save.error)?.code === 'reset_link_invalid' && askAgain}
              <NewPasswordField
                password={newPassword}
                label={t('passwordReset.newPassword')}
                serverError={fieldError(save.error, 'newPassword')}
              />
              <Button type="submit" loading={save.isPending}>
                {t('passwordReset.submit')}
              </Button>
            </Stack>
          </form>
        </Paper>
      </>
    );
  }
  return (
    <Stack>
      <Title order={1}>{t('passwordReset.resetTitle')}</Title>
      {content}
    </Stack>
  );
}
