import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ClientSettings } from '../../shared/contracts/client-settings';
import type { Config } from '../config';

/** GET /api/client-settings: public, so the web app can draw its map before and after sign-in. */
export const clientSettingsRoutes: FastifyPluginAsyncZod<{ config: Config }> = async (
  app,
  { config },
) => {
  const settings: ClientSettings = {
    mapTileUrl: config.map.tileUrl ?? null,
    mapAttribution: config.map.attribution ?? null,
    sso: config.sso ? { label: config.sso.buttonLabel, startPath: '/api/auth/sso/start' } : null,
    textMessages: config.sms !== undefined,
  };
  app.get(
    '/api/client-settings',
    {
      schema: {
        tags: ['settings'],
        summary: 'Settings the web app needs at run time (map tiles, single sign-on button)',
        response: { 200: ClientSettings },
      },
    },
    () => settings,
  );
};

/**
 * The image source a tile address needs in the Content-Security-Policy: its origin, with a
 * Leaflet subdomain placeholder ({s}) read as a wildcard.
 */
export function mapTileImageSource(tileUrl: string | undefined): string[] {
  if (!tileUrl) return [];
  const match = /^(https?:\/\/[^/?#]+)/.exec(tileUrl);
  return match?.[1] ? [match[1].replace(/\{s\}/g, '*')] : [];
}
