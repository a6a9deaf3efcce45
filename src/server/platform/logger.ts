import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { stdSerializers } from 'pino';

const censor = '[redacted]';

/**
 * Paths whose next segment is the secret of an emailed link: the API routes and web pages
 * of /respond and /questionnaire links (and /links, action-links.ts's default). Whoever
 * reads that segment can act as the partner or answer as the person. (A link to set a new
 * password, and a person's sign-in link to their own space, keep their token in the
 * fragment, /reset-password#… and /me/sign-in#…, which no request carries.)
 */
const secretSegmentAfter = [
  '/api/links/',
  '/api/questionnaires/',
  '/respond/',
  '/questionnaire/',
  '/links/',
];

/** An action link token (action-links.ts), wherever it turns up in a message. */
const tokenShape = /[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{43}/g;

/** The path of a URL as logs may keep it: no query string, no emailed-link token. */
export function loggablePath(url: string): string {
  const path = url.split('?')[0] ?? '';
  const lower = path.toLowerCase();
  // Nothing follows a token on these routes: whatever does is dropped with it.
  const prefix = secretSegmentAfter.find((p) => lower.startsWith(p) && path.length > p.length);
  return prefix ? `${path.slice(0, prefix.length)}${censor}` : scrub(path);
}

function scrub(text: string): string {
  return text.replace(tokenShape, censor);
}

/**
 * Request logs name the method, the path without its query string or any emailed-link
 * token, and the status: queries can carry names, paths tokens, headers cookies and
 * tokens. Bodies are never logged. This is the one place that decides.
 */
export function loggerOptions(
  level: string,
  stream?: NodeJS.WritableStream,
): FastifyServerOptions['logger'] {
  return {
    level,
    ...(stream ? { stream } : {}),
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers.authorization',
        'req.headers["x-csrf-token"]',
        'res.headers["set-cookie"]',
        '*.password',
        '*.currentPassword',
        '*.newPassword',
        '*.token',
      ],
      censor,
    },
    serializers: {
      req: (req: { method: string; url: string; id: string }) => ({
        id: req.id,
        method: req.method,
        path: loggablePath(req.url),
      }),
      err: (err: Error) => {
        const serialized = stdSerializers.err(err);
        return {
          ...serialized,
          message: scrub(serialized.message),
          stack: scrub(serialized.stack),
        };
      },
    },
    hooks: {
      // A message that quotes a URL (a framework error's) must not carry its token either.
      logMethod(args, method) {
        method.apply(
          this,
          args.map((arg: unknown) => (typeof arg === 'string' ? scrub(arg) : arg)) as typeof args,
        );
      },
    },
  };
}

/** What a request id given by a proxy in front may look like to be kept (else a new one). */
const givenRequestId = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * Each request's id: the one a load balancer or proxy put in X-Request-Id when it looks
 * like an id (a proxy's log line then meets ours), else a new UUID. Every log line of the
 * request carries it, and the answer returns it in X-Request-Id.
 */
export function requestIdOf(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && givenRequestId.test(given) ? given : randomUUID();
}

export function registerRequestIdHeader(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
}
