import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Below about one packet, compression saves nothing a person would notice. */
const minimumBytes = 1024;
const compressibleType = /^(application\/([a-z.+-]*\+)?json|text\/(csv|plain|html))\b/;

export type Encoding = 'br' | 'gzip';

/** The best encoding the caller accepts (brotli, then gzip), honouring q=0 refusals. */
export function acceptedEncoding(header: string | string[] | undefined): Encoding | undefined {
  const accepted = new Map<string, number>();
  for (const part of (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    accepted.set(name, q ? Number(q.slice(2)) : 1);
  }
  const allows = (name: Encoding): boolean => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
  if (allows('br')) return 'br';
  if (allows('gzip')) return 'gzip';
  return undefined;
}

/** The answer's bytes when it is worth compressing; streams (CSV exports, files) stay streamed. */
function compressibleBody(
  request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
): Buffer | undefined {
  if (request.method === 'HEAD' || reply.statusCode === 204 || reply.statusCode === 304) {
    return undefined;
  }
  if (reply.hasHeader('content-encoding')) return undefined;
  if (!compressibleType.test(String(reply.getHeader('content-type') ?? ''))) return undefined;
  const body =
    typeof payload === 'string'
      ? Buffer.from(payload)
      : Buffer.isBuffer(payload)
        ? payload
        : undefined;
  return body && body.length >= minimumBytes ? body : undefined;
}

/** Adds a name to Vary without dropping what another part of the app put there. */
export function addVary(reply: FastifyReply, name: string): void {
  const current = String(reply.getHeader('vary') ?? '');
  const names = current.split(',').map((item) => item.trim().toLowerCase());
  if (names.includes(name) || names.includes('*')) return;
  reply.header('vary', current ? `${current}, ${name}` : name);
}

/**
 * Compresses large JSON (and CSV, text) answers when the caller accepts it: a caseload is
 * several times smaller on the wire, which a 400 kbit/s link feels. Brotli at quality 4
 * costs about as much CPU as gzip at 6 and makes smaller files; static files are
 * compressed at build time instead (vite.config.ts) and never pass here.
 */
export function registerCompression(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const body = compressibleBody(request, reply, payload);
    if (!body) return payload;
    addVary(reply, 'accept-encoding');
    const encoding = acceptedEncoding(request.headers['accept-encoding']);
    if (!encoding) return payload;
    const compressed =
      encoding === 'br'
        ? await brotli(body, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: 4,
              [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
            },
          })
        : await gzipAsync(body, { level: 6 });
    reply.header('content-encoding', encoding);
    reply.removeHeader('content-length');
    return compressed;
  });
}
