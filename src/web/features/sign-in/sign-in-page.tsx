import {
  Alert,
  Anchor,
  Button,
  Divider,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactElement, useEffect, useState } from 'react';
import { Link, Navigate, useLocation, useSearchParams } from '../../navigation';
import { PasswordField } from '../../components/password-field';
import { useT } from '../../i18n';
import { type SessionView, type SignInBody, SsoRefusal } from '../../../shared/contracts/auth';
import { useClientSettings } from '../../client-settings';
import { ApiError, apiRequest } from '../../api';
import { fieldError, FormAlert } from '../../components/form-alert';
import { OneTimeCodeField } from '../../components/one-time-code-field';
import { FullPageLoader } from '../../components/page-loader';
import { usePageTitle } from '../../components/page-title';
import { PublicLayout } from '../../components/public-layout';
import { storeSession, useSessionEndedByServer, useSessionQuery } from '../../session';

const codeCodes = new Set(['two_factor_code_required', 'two_factor_code_invalid']);

export function SignInRoute(): ReactElement {
  const { data: session, isPending } = useSessionQuery();
  const location = useLocation();
  if (isPending) return <FullPageLoader />;
  if (session) return <Navigate to={returnPath(location.state)} replace />;
  return (
    <PublicLayout>
      <SignInPage returnTo={returnPath(location.state)} />
    </PublicLayout>
  );
}

function returnPath(state: unknown): string {
  if (typeof state === 'object' && state !== null && 'from' in state) {
    const from = state.from;
    // Only paths inside the app: never bounce to another site.
    if (typeof from === 'string' && from.startsWith('/') && !from.startsWith('//')) return from;
  }
  return '/';
}

function SignInPage({ returnTo }: { returnTo: string }): ReactElement {
  const { t, locale } = useT();
  const sso = useClientSettings().data?.sso ?? null;
  const [search] = useSearchParams();
  const ssoRefusal = SsoRefusal.safeParse(search.get('sso_error'));
  usePageTitle(t('signIn.title'));
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [needsCode, setNeedsCode] = useState(false);
  const sessionEnded = useSessionEndedByServer();

  const signIn = useMutation({
    mutationFn: (body: SignInBody) =>
      apiRequest<SessionView>('POST', '/api/auth/sign-in', { body }),
    onSuccess: (session) => storeSession(queryClient, session),
    onError: (error) => {
      if (error instanceof ApiError && codeCodes.has(error.code)) setNeedsCode(true);
    },
  });

  // The server wrote its message in the old language; drop it rather than show a mixed page.
  const { reset } = signIn;
  useEffect(() => reset(), [locale, reset]);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    signIn.mutate({ email, password, ...(needsCode ? { code: code.trim() } : {}) });
  };

  const askingForCode =
    signIn.error instanceof ApiError && signIn.error.code === 'two_factor_code_required';

  return (
    <Stack>
      <Title order={1}>{t('signIn.title')}</Title>
      <Text>{t('signIn.intro')}</Text>
      {sessionEnded && !signIn.error && (
        <Alert color="blue" role="status">
          {t('signIn.sessionEnded')}
        </Alert>
      )}
      {ssoRefusal.success && !signIn.error && (
        <Alert color="red" role="alert">
          {t(`signIn.ssoRefusals.${ssoRefusal.data}`, { provider: sso?.label ?? '' })}
        </Alert>
      )}
      {sso && (
        <Paper withBorder p="lg" radius="md">
          <Stack>
            {/* A navigation, not a fetch: the browser goes to the provider and comes back. */}
            <Button
              component="a"
              href={`${sso.startPath}?${new URLSearchParams({ returnTo }).toString()}`}
            >
              {t('signIn.ssoButton', { provider: sso.label })}
            </Button>
            <Divider label={t('signIn.ssoOr')} labelPosition="center" />
          </Stack>
        </Paper>
      )}
      <Paper withBorder p="lg" radius="md">
        <form onSubmit={submit} noValidate>
          <Stack>
            <FormAlert
              error={signIn.error}
              fields={['email', 'password', 'code']}
              color={askingForCode ? 'blue' : 'red'}
            />
            <TextInput
              label={t('signIn.email')}
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(event) => setEmail(event.currentTarget.value)}
              error={fieldError(signIn.error, 'email')}
            />
            <PasswordField
              label={t('signIn.password')}
              autoComplete="current-password"
              required
              value={password}
              onChange={(event) => setPassword(event.currentTarget.value)}
              error={fieldError(signIn.error, 'password')}
            />
            {needsCode && (
              <OneTimeCodeField
                label={t('signIn.code')}
                description={t('signIn.codeHelp')}
                autoFocus
                value={code}
                onChange={(event) => setCode(event.currentTarget.value)}
                error={
                  fieldError(signIn.error, 'code') ??
                  (signIn.error instanceof ApiError &&
                  signIn.error.code === 'two_factor_code_invalid'
                    ? signIn.error.message
                    : undefined)
                }
              />
            )}
            <Button type="submit" loading={signIn.isPending}>
              {needsCode ? t('signIn.submitWithCode') : t('signIn.submit')}
            </Button>
            <Anchor component={Link} to="/forgot-password" size="sm">
              {t('signIn.forgotPassword')}
            </Anchor>
          </Stack>
        </form>
      </Paper>
      {/* Someone looking for help lands here too: the public form needs no account. */}
      <Stack gap={4}>
        <Text>{t('signIn.selfReferral')}</Text>
        <Anchor component={Link} to="/refer-yourself" fw={600}>
          {t('signIn.selfReferralLink')}
        </Anchor>
      </Stack>
    </Stack>
  );
}
