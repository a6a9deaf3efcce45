import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  ChangePasswordBody,
  CurrentAccount,
  DisableTwoFactorBody,
  EnableTwoFactorBody,
  PasswordResetBody,
  PasswordResetRequestBody,
  SessionView,
  SignInBody,
  SignOutResult,
  TwoFactorSetup,
  UpdateMeBody,
} from '../../../shared/contracts/auth';
import { originOf, requireActor } from '../../platform/actor';
import type { AppContext } from '../../platform/context';
import { publicFormRateLimit } from '../../platform/rate-limit';
import {
  changePassword,
  disableTwoFactor,
  enableTwoFactor,
  startTwoFactorSetup,
  updateMe,
} from './me-service';
import { requestPasswordReset, resetPassword } from './password-reset-service';
import { appOriginOf, clearSessionCookie, setSessionCookie } from './session-plugin';
import { SsoClient } from './sso-client';
import { ssoRoutes } from './sso-routes';
import { describeSession, signIn, signOut } from './session-service';
import { noContent } from '../../platform/validation';

const pending = { allowPendingTwoFactor: true };

export const sessionRoutes: FastifyPluginAsyncZod<AppContext> = async (app, { db, config }) => {
  // One allowance per address for every route that checks a password, made once so the
  // routes share it: a route's own rateLimit config would count each route apart.
  const passwordAttempts = app.rateLimit({
    max: config.signIn.ratePerMinute,
    timeWindow: 60_000,
    groupId: 'password-attempts',
  });
  const tags = ['session'];
  const sso = config.sso ? new SsoClient(config.sso) : undefined;
  if (sso) await app.register(ssoRoutes, { db, config, client: sso });
  app.post(
    '/api/auth/sign-in',
    {
      onRequest: passwordAttempts,
      schema: {
        tags,
        summary: 'Sign in with email, password and, when on, a two-factor code',
        body: SignInBody,
        response: { 200: SessionView },
      },
    },
    async (request, reply) => {
      const { token, view } = await signIn(db, config, request.body, originOf(request));
      setSessionCookie(reply, config, token);
      return view;
    },
  );
  app.post(
    '/api/auth/sign-out',
    {
      schema: {
        tags,
        summary:
          'Sign out; after a single sign-on, the answer names the provider’s logout address to end its session too',
        response: { 200: SignOutResult, ...noContent },
      },
    },
    async (request, reply) => {
      const method = await signOut(db, requireActor(request, pending));
      clearSessionCookie(reply, config);
      let providerSignOutUrl: string | null = null;
      // Signed in with a password: 204 as ever.
      if (sso && method === 'sso') {
        // The app's session is over whatever the provider says: its logout is a courtesy.
        providerSignOutUrl = await sso
          .endSessionUrl(`${appOriginOf(request, config)}/sign-in`)
          .catch(() => null);
      }
      if (!providerSignOutUrl) return reply.status(204).send(null);
      return { providerSignOutUrl };
    },
  );
  app.get(
    '/api/auth/session',
    {
      schema: {
        tags,
        summary: 'Who is signed in, with their permissions',
        response: { 200: SessionView },
      },
    },
    (request) => describeSession(db, requireActor(request, pending)),
  );

  // Forgotten passwords: public forms, limited per client address like the others.
  app.post(
    '/api/auth/password-reset-requests',
    {
      config: publicFormRateLimit(config),
      schema: {
        tags,
        summary:
          'Ask for an emailed link to set a new password (no sign-in); the answer is the same whether or not the email has an account',
        body: PasswordResetRequestBody,
        response: noContent,
      },
    },
    async (request, reply) => {
      await requestPasswordReset(db, config, originOf(request), request.locale, request.body);
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/api/auth/password-resets',
    {
      config: publicFormRateLimit(config),
      schema: {
        tags,
        summary:
          'Set a new password with the emailed link’s token; ends every session of the account and lifts a lockout',
        body: PasswordResetBody,
        response: noContent,
      },
    },
    async (request, reply) => {
      await resetPassword(db, originOf(request), request.body);
      return reply.status(204).send(null);
    },
  );

  const me = ['me'];
  app.patch(
    '/api/me',
    {
      schema: {
        tags: me,
        summary: 'Change my name or language',
        body: UpdateMeBody,
        response: { 200: CurrentAccount },
      },
    },
    (request) => updateMe(db, requireActor(request, pending), request.body),
  );
  app.post(
    '/api/me/password',
    {
      onRequest: passwordAttempts,
      schema: {
        tags: me,
        summary: 'Change my password',
        body: ChangePasswordBody,
        response: noContent,
      },
    },
    async (request, reply) => {
      await changePassword(db, config, requireActor(request, pending), request.body);
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/api/me/two-factor/setup',
    { schema: { tags: me, summary: 'Start two-factor setup', response: { 200: TwoFactorSetup } } },
    (request) => startTwoFactorSetup(db, requireActor(request, pending)),
  );
  app.post(
    '/api/me/two-factor/enable',
    {
      schema: {
        tags: me,
        summary: 'Turn two-factor sign-in on',
        body: EnableTwoFactorBody,
        response: noContent,
      },
    },
    async (request, reply) => {
      await enableTwoFactor(db, requireActor(request, pending), request.body);
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/api/me/two-factor/disable',
    {
      onRequest: passwordAttempts,
      schema: {
        tags: me,
        summary: 'Turn two-factor sign-in off',
        body: DisableTwoFactorBody,
        response: noContent,
      },
    },
    async (request, reply) => {
      await disableTwoFactor(db, config, requireActor(request), request.body);
      return reply.status(204).send(null);
    },
  );
};
