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

/**
 * Route config for the pages of an emailed one-use link (a partner's answer, a person's
 * questionnaire): signed, so not guessable, but open to anyone. More generous than a public
 * form, since one office behind one address may answer many emails in a row.
 */
export function actionLinkRateLimit(config: Config): RouteRateLimit {
  return { rateLimit: { max: config.actionLinks.ratePerMinute, timeWindow: 60_000 } };
}
