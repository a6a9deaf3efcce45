import type { FastifyInstance } from 'fastify';

/**
 * API answers that are public and the same for everyone. Every other /api answer may carry
 * someone's record, a token or a session's CSRF token, whatever its status: no cache
 * (browser, proxy, shared computer's back button) may keep it.
 */
const cacheable = ['/api/public/sites', '/api/client-settings', '/api/openapi.json'];
const cacheablePrefixes = ['/api/docs'];

function mayBeStored(path: string): boolean {
  if (!path.startsWith('/api/')) return true;
  return cacheable.includes(path) || cacheablePrefixes.some((prefix) => path.startsWith(prefix));
}

/** Cache-Control: no-store (and Pragma: no-cache for HTTP/1.0 caches) on every private API answer. */
export function registerNoStore(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (!mayBeStored(request.url.split('?')[0] ?? '')) {
      reply.header('cache-control', 'no-store');
      reply.header('pragma', 'no-cache');
    }
    return payload;
  });
}
