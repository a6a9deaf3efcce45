import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from './errors';

/*
 * A body is read as what it says it is, or refused: JSON (RFC 8259) and forms are UTF-8, so
 * another charset would be read wrongly, and no route undoes a content coding, so a body
 * said to be gzip would be read as if it were plain.
 */

/** Text bodies the app decodes itself; a file upload keeps its own type and bytes. */
const decodedTypes = /^(?:application\/(?:[\w.+-]+\+)?json|application\/x-www-form-urlencoded)$/;
const utf8 = /^utf-?8$/;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The charset a Content-Type names, lower-cased and unquoted; undefined when it names none. */
function charsetOf(contentType: string): string | undefined {
  for (const parameter of contentType.split(';').slice(1)) {
    const [name = '', value = ''] = parameter.split('=');
    if (name.trim().toLowerCase() === 'charset') {
      return value
        .trim()
        .replace(/^"(.*)"$/, '$1')
        .toLowerCase();
    }
  }
  return undefined;
}

const bodiless = new Set(['GET', 'HEAD', 'OPTIONS']);

function checkDeclaredEncoding(request: FastifyRequest): void {
  if (bodiless.has(request.method)) return;
  const coding = request.headers['content-encoding'];
  if (coding !== undefined && coding.trim().toLowerCase() !== 'identity') {
    throw new AppError('unsupported_content_encoding', { params: { coding } });
  }
  const contentType = request.headers['content-type'];
  if (!contentType) return;
  const essence = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  const charset = charsetOf(contentType);
  if (decodedTypes.test(essence) && charset !== undefined && !utf8.test(charset)) {
    throw new AppError('unsupported_charset', { params: { charset } });
  }
}

/**
 * Refuses a body whose headers say what the app cannot read (415), and reads JSON as strict
 * UTF-8: bytes that are not UTF-8 are refused (400) rather than silently turned into U+FFFD.
 */
export function registerBodyEncodingChecks(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => checkDeclaredEncoding(request));
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    let text: string;
    try {
      text = strictUtf8.decode(typeof body === 'string' ? Buffer.from(body) : body);
    } catch {
      done(new AppError('body_not_utf8'), undefined);
      return;
    }
    parseJson(request, text, done);
  });
}
