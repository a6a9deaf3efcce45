import type { Config } from '../config';

const loopbackOrAny = new Set(['127.0.0.1', '0.0.0.0', '::', '::1', 'localhost']);

/**
 * The address every link in an email starts with: PUBLIC_URL, or this server on
 * localhost (the address the startup line prints, so the session cookie matches).
 */
export function publicBaseUrl(config: Config): string {
  if (config.publicUrl) return config.publicUrl.replace(/\/+$/, '');
  const host = loopbackOrAny.has(config.host) ? 'localhost' : config.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.port}`;
}
