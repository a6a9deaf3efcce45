import type { OperationOutcome } from '@medplum/fhirtypes';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resources } from '../../../shared/locales';
import { AppError, type ErrorCode } from '../../platform/errors';
import { sendFhirError } from './fhir-errors';
import { FhirError } from './operation-outcome';

/*
 * The writes to come will call the JSON API's services, which refuse with AppErrors, and
 * refuse themselves with FhirErrors: each must reach a FHIR client as an OperationOutcome
 * with its status, the right issue type and the caller's language.
 */

let app: FastifyInstance;

beforeAll(async () => {
  app = Fastify({ logger: false });
  app.decorateRequest('locale', 'en');
  app.addHook('onRequest', async (request) => {
    if (request.headers['accept-language'] === 'fr') request.locale = 'fr';
  });
  app.setErrorHandler(sendFhirError);
  app.get<{ Params: { code: ErrorCode } }>('/app-error/:code', (request) => {
    throw new AppError(request.params.code, { field: 'Task.status' });
  });
  app.get('/precondition', () => {
    throw new FhirError(412, [{ code: 'conflict', message: { key: 'request_invalid' } }]);
  });
  app.get('/bug', () => {
    throw new Error('secret internals');
  });
  await app.ready();
});
afterAll(() => app.close());

async function outcomeOf(
  url: string,
  language = 'en',
): Promise<{ status: number; outcome: OperationOutcome }> {
  const response = await app.inject({ url, headers: { 'accept-language': language } });
  expect(response.headers['content-type']).toBe('application/fhir+json; charset=utf-8');
  return { status: response.statusCode, outcome: response.json<OperationOutcome>() };
}

describe('errors under /fhir/R4', () => {
  it.each([
    ['unauthenticated', 401, 'login'],
    ['forbidden', 403, 'forbidden'],
    ['not_found', 404, 'not-found'],
    ['stale_version', 409, 'conflict'],
    ['answers_empty', 422, 'business-rule'],
    ['validation_failed', 400, 'invalid'],
  ] as const)('turn the AppError %s into %i %s', async (code, status, issueType) => {
    const { status: answered, outcome } = await outcomeOf(`/app-error/${code}`, 'fr');
    expect(answered).toBe(status);
    expect(outcome.issue).toEqual([
      {
        severity: 'error',
        code: issueType,
        diagnostics: resources.fr.errors[code],
        expression: ['Task.status'],
      },
    ]);
  });

  it('keep a FhirError’s status and issues', async () => {
    const { status, outcome } = await outcomeOf('/precondition');
    expect(status).toBe(412);
    expect(outcome.issue[0]).toMatchObject({
      code: 'conflict',
      diagnostics: resources.en.errors.fhir.request_invalid,
    });
  });

  it('say nothing of the insides of an unexpected error', async () => {
    const { status, outcome } = await outcomeOf('/bug');
    expect(status).toBe(500);
    expect(outcome.issue).toEqual([
      { severity: 'fatal', code: 'exception', diagnostics: resources.en.errors.fhir.internal },
    ]);
    expect(JSON.stringify(outcome)).not.toContain('secret');
  });
});
