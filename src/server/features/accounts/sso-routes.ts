import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { SsoCallbackQuery, SsoStartQuery } from '../../../shared/contracts/auth';
import { originOf } from '../../platform/actor';
import type { AppContext } from '../../platform/context';
import { appOriginOf, setSessionCookie, ssoStateCookieName } from './session-plugin';
import type { SsoClient } from './sso-client';
import { finishSsoSignIn, startSsoSignIn } from './sso-service';

export const ssoCallbackPath = '/api/auth/sso/callback';

/**
 * Single sign-on's two browser stops: leaving for the provider and coming back. Both answer
 * with redirects, a refusal included (to the sign-in page, which says why in the user's
 * language), as the browser arrives by navigation, not by the app's fetch.
 */
export const ssoRoutes: FastifyPluginAsyncZod<AppContext & { client: SsoClient }> = async (
  app,
  { db, config, client },
) => {
  const attempts = app.rateLimit({
    max: config.signIn.ratePerMinute,
    timeWindow: 60_000,
    groupId: 'sso-attempts',
  });
  const tags = ['session'];
  const stateCookie = ssoStateCookieName(config);
  const cookieOptions = {
    httpOnly: true,
    // Lax: the provider's redirect back is a top-level navigation from its site.
    sameSite: 'lax' as const,
    secure: config.cookieSecure,
    path: '/',
  };

  app.get(
    '/api/auth/sso/start',
    {
      onRequest: attempts,
      schema: {
        tags,
        summary: 'Leave for the identity provider to sign in (redirect)',
        querystring: SsoStartQuery,
      },
    },
    async (request, reply) => {
      const redirectUri = `${appOriginOf(request, config)}${ssoCallbackPath}`;
      try {
        const { state, url } = await startSsoSignIn(
          db,
          client,
          redirectUri,
          request.query.returnTo ?? '/',
        );
        reply.setCookie(stateCookie, state, { ...cookieOptions, maxAge: 600 });
        return await reply.redirect(url.toString(), 303);
      } catch (error) {
        // The provider unreachable or its metadata unusable: say so on the sign-in page.
        request.log.warn({ err: error }, 'single sign-on could not start');
        return refuse(reply, 'failed');
      }
    },
  );

  app.get(
    ssoCallbackPath,
    {
      onRequest: attempts,
      schema: {
        tags,
        summary:
          'Come back from the identity provider: a session, or the sign-in page saying why not',
        querystring: SsoCallbackQuery,
      },
    },
    async (request, reply) => {
      const query = request.raw.url?.split('?')[1] ?? '';
      const outcome = await finishSsoSignIn(db, config, client, {
        browserState: request.cookies[stateCookie],
        state: request.query.state,
        providerError: request.query.error,
        url: new URL(`${appOriginOf(request, config)}${ssoCallbackPath}?${query}`),
        origin: originOf(request),
      });
      reply.clearCookie(stateCookie, cookieOptions);
      if (!outcome.ok) return refuse(reply, outcome.refusal);
      setSessionCookie(reply, config, outcome.token);
      return reply.redirect(outcome.returnTo, 303);
    },
  );
};

function refuse(reply: FastifyReply, refusal: string): FastifyReply {
  return reply.redirect(`/sign-in?sso_error=${refusal}`, 303);
}
