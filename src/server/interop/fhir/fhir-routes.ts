import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context';
import { type AccessTokenCache, tokenEndpointUrl } from '../../features/systems';
import { capabilityStatement, smartConfiguration } from './capability-statement';
import { registerBearerAuth } from './fhir-auth';
import { registerFhirJsonParser } from './fhir-json';
import {
  sendFhir,
  sendFhirError,
  sendFhirMethodNotAllowed,
  sendFhirRouteNotFound,
} from './fhir-errors';
import { fhirDefinitions } from './fhir-definitions';
import { validateFhirResource } from './fhir-validation';
import { registerReferralReads } from './fhir-referral-reads';
import { registerReferralIntake } from './fhir-referral-routes';
import { registerStagedCreates } from './fhir-staged-routes';
import { registerTaskSearch } from './fhir-task-search';
import { registerOutputReads } from './fhir-referral-outputs';
import { registerMeasurementOutputs } from './fhir-measurement-outputs';
import { registerSubscriptionRoutes } from './fhir-subscription-routes';
// Registers the notification jobs (systems.notify, systems.deliver).
import './fhir-subscription-jobs';
import { registerPublicResources } from './fhir-directory-routes';
import { FhirError, operationOutcome } from './operation-outcome';

// FHIR clients read the CapabilityStatement; the OpenAPI document lists the routes for the
// permission registry (test/integration/permission-routes.ts).
const documented = { schema: { tags: ['fhir'] } };
/** A route anyone may call: its bearer token, if any, is not even read. */
const open = { ...documented, config: { fhirPublic: true } };

/**
 * The FHIR R4 interface (registered under /fhir/R4): its own body parsing, and every answer,
 * errors and unknown addresses included, FHIR JSON, errors as OperationOutcomes.
 */
export const fhirRoutes: FastifyPluginAsync<
  AppContext & { accessTokenCache?: AccessTokenCache }
> = async (app, { db, config, accessTokenCache }) => {
  registerFhirJsonParser(app);
  app.setErrorHandler(sendFhirError);
  registerBearerAuth(app, db, accessTokenCache);
  const methodsAt = methodsByAddress(app);
  const notHere = (request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const allowed = methodsAt(request.url);
    return allowed.length
      ? sendFhirMethodNotAllowed(request, reply, allowed)
      : sendFhirRouteNotFound(request, reply);
  };
  app.setNotFoundHandler(notHere);

  app.get('/metadata', open, (request, reply) =>
    sendFhir(reply, 200, capabilityStatement(config, tokenEndpointUrl(config, request))),
  );

  // SMART discovery: where and how a backend service gets a token. Plain JSON, as SMART says.
  app.get('/.well-known/smart-configuration', open, (request, reply) =>
    reply.type('application/json').send(smartConfiguration(tokenEndpointUrl(config, request))),
  );

  registerReferralIntake(app, db, config, documented);
  registerReferralReads(app, db, config, documented, notHere);
  registerStagedCreates(app, db, config, documented);
  registerTaskSearch(app, db, config, documented);
  registerOutputReads(app, db, config, documented);
  registerMeasurementOutputs(app, db, config, documented);
  registerSubscriptionRoutes(app, db, config, documented);
  registerPublicResources(app, db, config, documented, notHere);

  // Checks a resource and stores nothing; 200 whatever it finds, as the operation defines.
  app.post<{ Params: { resourceType: string }; Querystring: { profile?: string } }>(
    '/:resourceType/$validate',
    open,
    (request, reply) => {
      const { resourceType } = request.params;
      if (resourceType !== 'Resource' && !fhirDefinitions().resourceTypes.has(resourceType)) {
        return sendFhirRouteNotFound(request, reply);
      }
      if (request.query.profile) throw profileNotSupported();
      const resource = resourceToValidate(request.body, resourceType);
      const issues = validateFhirResource(
        resource,
        resourceType === 'Resource' ? undefined : resourceType,
      );
      return sendFhir(reply, 200, operationOutcome(issues, request.locale));
    },
  );
};

/**
 * The methods each route of the plugin takes, gathered as they are registered, so that a
 * known address asked with another method gets a 405 naming them, not a 404.
 */
function methodsByAddress(app: FastifyInstance): (url: string) => string[] {
  const routes: { pattern: RegExp; method: string }[] = [];
  app.addHook('onRoute', (route) => {
    const parts = route.url.split(/(:\w+)/);
    // A parameter (a type, an id) never starts with $, which names an operation.
    const source = parts.map((part) => (part.startsWith(':') ? '[^/$][^/]*' : escapeRegExp(part)));
    const pattern = new RegExp(`^${source.join('')}$`);
    for (const method of [route.method].flat()) routes.push({ pattern, method });
  });
  return (url) => {
    const path = url.split('?')[0] ?? url;
    return routes.filter((route) => route.pattern.test(path)).map((route) => route.method);
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The body itself, or the `resource` parameter of a Parameters body (the operation's two forms). */
function resourceToValidate(body: unknown, resourceType: string): unknown {
  if (body === undefined || body === null) {
    throw new FhirError(400, [
      { code: 'required', message: { key: 'resource_parameter_missing' } },
    ]);
  }
  if (!isParameters(body) || resourceType === 'Parameters') return body;
  const parameters = body.parameter ?? [];
  if (parameters.some((parameter) => parameter.name === 'profile')) throw profileNotSupported();
  const resource = parameters.find((parameter) => parameter.name === 'resource')?.resource;
  if (resource === undefined) {
    throw new FhirError(400, [
      {
        code: 'required',
        message: { key: 'resource_parameter_missing' },
        expression: 'Parameters.parameter',
      },
    ]);
  }
  return resource;
}

type ParametersBody = {
  resourceType: 'Parameters';
  parameter?: { name?: unknown; resource?: unknown }[];
};

function isParameters(body: unknown): body is ParametersBody {
  if (typeof body !== 'object' || body === null) return false;
  const { resourceType, parameter } = body as { resourceType?: unknown; parameter?: unknown };
  return (
    resourceType === 'Parameters' &&
    (parameter === undefined ||
      (Array.isArray(parameter) &&
        parameter.every((p: unknown) => typeof p === 'object' && p !== null)))
  );
}

function profileNotSupported(): FhirError {
  return new FhirError(400, [{ code: 'not-supported', message: { key: 'profile_not_supported' } }]);
}
