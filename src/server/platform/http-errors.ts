import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorBody } from '../../shared/contracts/common';
import { defaultLocale, negotiateLocale } from '../../shared/locale';
import { AppError, type ErrorCode } from './errors';
import { translatorFor } from './i18n';
import { describeValidationErrors } from './validation';
import { isDatabaseUnavailable } from '../db/unavailable';

const frameworkCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'bad_request',
  FST_ERR_CTP_INVALID_JSON_BODY: 'bad_request',
};

/** What a 503 for a database away asks: it comes back within a few seconds of a restart. */
export const databaseRetryAfterSeconds = 2;

/** The one place where errors become responses: a status, a stable code, words in the caller's language. */

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler(sendError);
}

/**
 * For errors the router raises before any hook has run (a malformed or over-long URL),
 * so they too get the error shape and the caller's language.
 */
export function sendFrameworkError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  request.locale = negotiateLocale(request.headers['accept-language']) ?? defaultLocale;
  void sendError(error, request, reply);
}

function sendError(
  error: FastifyError | AppError,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  const t = translatorFor(request.locale);
  if (error instanceof AppError) {
    return send(reply, error.status, {
      code: error.code,
      message: t(error.code, error.options.params),
      ...(error.options.field ? { field: error.options.field } : {}),
    });
  }
  if (error.validation) {
    const issues = describeValidationErrors(error.validation, t);
    return send(reply, 400, {
      code: 'validation_failed',
      message: t('validation_failed'),
      ...(issues[0]?.field ? { field: issues[0].field } : {}),
      issues,
    });
  }
  const code = clientErrorCode(error);
  if (code) return send(reply, statusOf(code, error), { code, message: t(code) });
  if (isDatabaseUnavailable(error)) {
    request.log.warn({ code: (error as NodeJS.ErrnoException).code }, 'database unavailable');
    void reply.header('retry-after', String(databaseRetryAfterSeconds));
    return send(reply, 503, { code: 'database_unavailable', message: t('database_unavailable') });
  }
  request.log.error({ err: error }, 'unhandled error');
  return send(reply, 500, { code: 'internal', message: t('internal') });
}

export function sendRouteNotFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const t = translatorFor(request.locale);
  return send(reply, 404, { code: 'route_not_found', message: t('route_not_found') });
}

function clientErrorCode(error: FastifyError): ErrorCode | undefined {
  if (error.code && frameworkCodes[error.code]) return frameworkCodes[error.code];
  if (error.statusCode === 429) return 'rate_limited';
  if (error instanceof SyntaxError) return 'bad_request';
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) return 'bad_request';
  return undefined;
}

/** A framework 4xx we have no code for keeps its own status under the generic code. */
function statusOf(code: ErrorCode, error: FastifyError): number {
  return code === 'bad_request' && error.statusCode ? error.statusCode : new AppError(code).status;
}

function send(reply: FastifyReply, status: number, error: ErrorBody['error']): FastifyReply {
  return reply.status(status).type('application/json; charset=utf-8').send({ error });
}
