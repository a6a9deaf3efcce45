import { Alert, Anchor, Button, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, type ReactElement, useEffect, useState } from 'react';
import { Link } from '../../navigation';
import type { PasswordResetRequestBody } from '../../../shared/contracts/auth';
import { passwordResetLinkMinutes as minutes } from '../../../shared/password-reset';
import { apiRequest } from '../../api';
import { fieldError, FormAlert } from '../../components/form-alert';
import { usePageTitle } from '../../components/page-title';
import { PublicLayout } from '../../components/public-layout';
import { useT } from '../../i18n';

/** Public: someone who forgot their password asks for a link to choose a new one. */
export function ForgotPasswordRoute(): ReactElement {
  return (
    <PublicLayout>
      <ForgotPasswordPage />
    </PublicLayout>
  );
}

function ForgotPasswordPage(): ReactElement {
  const { t, locale } = useT();
  usePageTitle(t('passwordReset.requestTitle'));
  const [email, setEmail] = useState('');
  // Kept apart from the request: the answer stays when the language changes.
  const [sentTo, setSentTo] = useState<string | null>(null);
  const send = useMutation({
    mutationFn: (body: PasswordResetRequestBody) =>
      apiRequest<undefined>('POST', '/api/auth/password-reset-requests', { body }),
    onSuccess: (_answer, body) => setSentTo(body.email),
  });
  // The server wrote its message in the old language; drop it rather than show a mixed page.
  const { reset } = send;
  useEffect(() => reset(), [locale, reset]);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    send.mutate({ email: email.trim() });
  };

  return (
    <Stack>
      <Title order={1}>{t('passwordReset.requestTitle')}</Title>
      <Text>{t('passwordReset.requestIntro', { minutes })}</Text>
      {sentTo ? (
        // The same answer whether or not the address has an account: it tells no one which do.
        <Alert color="teal" role="status">
          {t('passwordReset.sent', { email: sentTo, minutes })}
        </Alert>
      ) : (
        <Paper withBorder p="lg" radius="md">
          <form onSubmit={submit} noValidate>
            <Stack>
              <FormAlert error={send.error} fields={['email']} />
              <TextInput
                label={t('passwordReset.email')}
                type="email"
                autoComplete="username"
                required
                value={email}
                onChange={(event) => setEmail(event.currentTarget.value)}
                error={fieldError(send.error, 'email')}
              />
              <Button type="submit" loading={send.isPending}>
                {t('passwordReset.send')}
              </Button>
            </Stack>
          </form>
        </Paper>
      )}
      <Anchor component={Link} to="/sign-in">
        {t('passwordReset.backToSignIn')}
      </Anchor>
    </Stack>
  );
}
