import path from 'node:path';

/** Text the build also wrote as .br and .gz (vite.config.ts), so its answer depends on Accept-Encoding. */
const precompressed = /\.(js|mjs|css|html|json|svg|txt|webmanifest)$/;

/**
 * Caching of the built web app's files. Everything under assets/ is named by its content's
 * hash, so a browser keeps it for a year without asking again; index.html names the current
 * hashes, so it is checked on every visit (a 304 when unchanged) and a release shows at once.
 */
export function webAppHeaders(webRoot: string, file: string): Record<string, string> {
  const relative = path.relative(webRoot, file).replace(/\.(br|gz)$/, '');
  const hashed = relative.startsWith(`assets${path.sep}`);
  return {
    'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
    ...(precompressed.test(relative) ? { vary: 'accept-encoding' } : {}),
  };
}
