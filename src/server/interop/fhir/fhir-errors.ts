import type { OperationOutcome, Resource } from '@medplum/fhirtypes';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { defaultLocale, negotiateLocale } from '../../../shared/locale';
import { isDatabaseUnavailable } from '../../db/unavailable';
import { AppError } from '../../platform/errors';
import { databaseRetryAfterSeconds } from '../../platform/http-errors';
import { translatorFor } from '../../platform/i18n';
import { fhirBodyLimit, fhirContentType } from './fhir-json';
import {
  FhirError,
  type FhirIssue,
  issueTypeOfStatus,
  operationOutcome,
  outcomeOfText,
} from './operation-outcome';

/** Where the FHIR interface answers; framework errors under it are OperationOutcomes too. */
export const fhirBase = '/fhir/R4';

export function sendFhir(reply: FastifyReply, status: number, resource: object): FastifyReply {
  return reply.status(status).type(fhirContentType).send(resource);
}

/** A read's answer: the resource with its version as ETag and its time as Last-Modified. */
export function sendFhirRead(reply: FastifyReply, resource: Resource): FastifyReply {
  reply.header('etag', `W/"${resource.meta?.versionId ?? '1'}"`);
  if (resource.meta?.lastUpdated) {
    reply.header('last-modified', new Date(resource.meta.lastUpdated).toUTCString());
  }
  return sendFhir(reply, 200, resource);
}

function sendOutcome(reply: FastifyReply, status: number, outcome: OperationOutcome): FastifyReply {
  return sendFhir(reply, status, outcome);
}

function refuse(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  issue: FhirIssue,
): FastifyReply {
  return sendOutcome(reply, status, operationOutcome([issue], request.locale));
}

/** Fastify's own refusals of a body, with what they mean in FHIR. */
const frameworkRefusals: Record<string, { status: number; issue: FhirIssue }> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    issue: { code: 'not-supported', message: { key: 'unsupported_media_type' } },
  },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    issue: {
      code: 'too-costly',
      message: { key: 'body_too_large', params: { megabytes: fhirBodyLimit / (1024 * 1024) } },
    },
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    issue: { code: 'invalid', message: { key: 'json_invalid' } },
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    issue: { code: 'invalid', message: { key: 'request_invalid' } },
  },
  FST_ERR_BAD_URL: { status: 400, issue: { code: 'invalid', message: { key: 'request_invalid' } } },
};

/**
 * The FHIR routes' error handler: every error becomes an OperationOutcome with its status,
 * in the caller's language. The services' AppErrors keep their status and words, so the
 * writes can call the same services as the JSON API.
 */
export function sendFhirError(
  error: FastifyError | AppError | FhirError,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  if (error instanceof FhirError) {
    reply.headers(error.headers);
    return sendOutcome(reply, error.status, operationOutcome(error.issues, request.locale));
  }
  if (error instanceof AppError) {
    const t = translatorFor(request.locale);
    const text = t(error.code, error.options.params);
    return sendOutcome(reply, error.status, outcomeOfText(error.status, text, error.options.field));
  }
  if (isDatabaseUnavailable(error)) {
    reply.header('retry-after', String(databaseRetryAfterSeconds));
    return sendFhirError(new AppError('database_unavailable'), request, reply);
  }
  const known = error.code ? frameworkRefusals[error.code] : undefined;
  if (known) return refuse(request, reply, known.status, known.issue);
  const status = error.statusCode;
  if (status && status >= 400 && status < 500) {
    return refuse(request, reply, status, {
      code: issueTypeOfStatus(status),
      message: { key: 'request_invalid' },
    });
  }
  request.log.error({ err: error }, 'unhandled error');
  return refuse(request, reply, 500, {
    severity: 'fatal',
    code: 'exception',
    message: { key: 'internal' },
  });
}

export function sendFhirRouteNotFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return refuse(request, reply, 404, { code: 'not-found', message: { key: 'route_not_found' } });
}

export function sendFhirMethodNotAllowed(
  request: FastifyRequest,
  reply: FastifyReply,
  allowed: readonly string[],
): FastifyReply {
  reply.header('allow', allowed.join(', '));
  return refuse(request, reply, 405, {
    code: 'not-supported',
    message: { key: 'method_not_allowed', params: { method: request.method } },
  });
}

type FrameworkErrorHandler = (
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
) => void;

/**
 * Wraps the app's handler of errors the router raises before any plugin runs (a malformed
 * URL), so that under /fhir/R4 they are OperationOutcomes too.
 */
export function fhirFrameworkErrors(otherwise: FrameworkErrorHandler): FrameworkErrorHandler {
  return (error, request, reply) => {
    if (!request.url.startsWith(`${fhirBase}/`) && request.url !== fhirBase) {
      otherwise(error, request, reply);
      return;
    }
    request.locale = negotiateLocale(request.headers['accept-language']) ?? defaultLocale;
    void sendFhirError(error, request, reply);
  };
}
