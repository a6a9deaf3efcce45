import type { FastifyInstance } from 'fastify';
import type { Config } from '../config';

/** The per-route settings @fastify/rate-limit reads (registered in app.ts with global: false). */
export type RouteRateLimit = { rateLimit: { max: number; timeWindow: number } };

/**
 * Route config for a form anyone can post without signing in (self-referral...): at most
 * PUBLIC_FORM_RATE_PER_MINUTE requests a minute from one client address (behind a proxy,
 * set TRUST_PROXY so the address is the client's). Beyond it: 429 rate_limited.
 *
 *   app.post('/api/public/...', { config: publicFormRateLimit(config), schema: ... }, handler)
 */
export function publicFormRateLimit(config: Config): RouteRateLimit {
  return { rateLimit: { max: config.publicForms.ratePerMinute, timeWindow: 60_000 } };
}

type LinkLimiter = ReturnType<FastifyInstance['rateLimit']>;

/** Each app's one emailed-link limiter, by the app's rate-limit plugin (one per app). */
const linkLimiters = new WeakMap<FastifyInstance['rateLimit'], LinkLimiter>();

/**
 * Route options for the pages of an emailed one-use link (a partner's answer, a person's
 * questionnaire): signed, so not guessable, but open to anyone. One budget per client
 * address across every such route, ACTION_LINK_RATE_PER_MINUTE in all, so spreading
 * requests over the routes gains nothing. More generous than a public form, since one
 * office behind one address may answer many emails in a row.
 *
 *   app.get('/api/links/:token', { ...actionLinkRateLimit(app, config), schema: ... }, handler)
 */
export function actionLinkRateLimit(
  app: FastifyInstance,
  config: Config,
): { onRequest: LinkLimiter } {
  // Per-route limits each count in a store of their own: the routes share one limiter instead.
  let limiter = linkLimiters.get(app.rateLimit);
  if (!limiter) {
    limiter = app.rateLimit({
      max: config.actionLinks.ratePerMinute,
      timeWindow: 60_000,
      groupId: 'action-links',
    });
    linkLimiters.set(app.rateLimit, limiter);
  }
  return { onRequest: limiter };
}
