import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { decodeJwt } from 'jose';
import { IdParams } from '../../../shared/contracts/common';
import {
  CreateFhirClientBody,
  DeactivateFhirClientBody,
  FhirClient,
  FhirClientList,
  UpdateFhirClientBody,
} from '../../../shared/contracts/systems';
import type { Config } from '../../config';
import { requireActor } from '../../platform/actor';
import type { AppContext } from '../../platform/context';
import type { AccessTokenCache } from './access-token-cache';
import { OAuthError, issueAccessToken } from './oauth-service';
import {
  createClient,
  deactivateClient,
  getClient,
  listClients,
  updateClient,
} from './systems-service';

/**
 * The administration of connected systems (FHIR clients). A change made here is forgotten by
 * this instance's token cache at once; the database tells the others.
 */
export const systemRoutes: FastifyPluginAsyncZod<
  AppContext & { accessTokenCache?: AccessTokenCache }
> = async (app, { db, accessTokenCache }) => {
  const tags = ['systems'];
  app.addHook('onSend', async (request, reply) => {
    if (request.method !== 'GET' && reply.statusCode < 400) accessTokenCache?.forgetAll();
  });
  app.get(
    '/api/admin/systems',
    {
      schema: {
        tags,
        summary: 'List the connected systems (FHIR clients)',
        response: { 200: FhirClientList },
      },
    },
    (request) => listClients(db, requireActor(request)),
  );
  app.post(
    '/api/admin/systems',
    {
      schema: {
        tags,
        summary: 'Register a connected system: its public keys, scopes and sites',
        body: CreateFhirClientBody,
        response: { 201: FhirClient },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createClient(db, requireActor(request), request.body)),
  );
  app.get(
    '/api/admin/systems/:id',
    {
      schema: {
        tags,
        summary: 'Read a connected system',
        params: IdParams,
        response: { 200: FhirClient },
      },
    },
    (request) => getClient(db, requireActor(request), request.params.id),
  );
  app.patch(
    '/api/admin/systems/:id',
    {
      schema: {
        tags,
        summary: 'Change a connected system (new scopes or keys end its tokens)',
        params: IdParams,
        body: UpdateFhirClientBody,
        response: { 200: FhirClient },
      },
    },
    (request) => updateClient(db, requireActor(request), request.params.id, request.body),
  );
  app.post(
    '/api/admin/systems/:id/deactivate',
    {
      schema: {
        tags,
        summary: 'Deactivate a connected system: its tokens stop working at once',
        params: IdParams,
        body: DeactivateFhirClientBody,
        response: { 200: FhirClient },
      },
    },
    (request) => deactivateClient(db, requireActor(request), request.params.id, request.body),
  );
};

export const oauthTokenPath = '/oauth/token';

/**
 * The token endpoint's address, the audience every assertion must name: PUBLIC_URL's, else
 * this request's own scheme and host.
 */
export function tokenEndpointUrl(
  config: Pick<Config, 'publicUrl'>,
  request: FastifyRequest,
): string {
  const base = config.publicUrl
    ? config.publicUrl.replace(/\/+$/, '')
    : `${request.protocol}://${request.host}`;
  return `${base}${oauthTokenPath}`;
}

const formType = 'application/x-www-form-urlencoded';

/**
 * POST /oauth/token (SMART Backend Services): a form in, RFC 6749 JSON out, never stored by
 * a cache. Rate limited per client address and per client, as public forms are.
 */
export const oauthRoutes: FastifyPluginAsyncZod<AppContext> = async (app, { db, config }) => {
  app.addContentTypeParser(
    formType,
    { parseAs: 'string', bodyLimit: 64 * 1024 },
    (_request, body, done) => {
      done(null, parseForm(typeof body === 'string' ? body : body.toString('utf8')));
    },
  );
  app.setErrorHandler(sendOAuthError);
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('cache-control', 'no-store');
    reply.header('pragma', 'no-cache');
    return payload;
  });
  const budget = { max: config.publicForms.ratePerMinute, timeWindow: 60_000 };
  // A request runs one route limiter only: the client's budget is checked by hand.
  // groupId names the limiter's counts in the shared store (the type leaves it out here).
  const perClientOptions = { ...budget, keyGenerator: clientKeyOf, groupId: 'oauth-token-client' };
  const perClient = app.createRateLimit(perClientOptions);
  app.post(
    oauthTokenPath,
    {
      schema: {
        tags: ['oauth'],
        summary:
          'SMART Backend Services token request: client_credentials with a signed JWT assertion (application/x-www-form-urlencoded)',
      },
      onRequest: app.rateLimit({ ...budget, groupId: 'oauth-token-address' }),
      preHandler: async (request) => {
        const limit = await perClient(request);
        if (!limit.isAllowed && limit.isExceeded) throw tooManyRequests();
      },
    },
    async (request, reply) => {
      const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
      if (type !== formType || !isForm(request.body)) {
        throw new OAuthError('invalid_request', `the request must be ${formType}`);
      }
      const answer = await issueAccessToken(db, request.body, tokenEndpointUrl(config, request));
      return reply.status(200).send(answer);
    },
  );
};

/** A form's fields; a field sent twice becomes a list, which the request then refuses (RFC 6749 §3.2). */
function parseForm(body: string): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(body)) {
    const earlier = fields[name];
    fields[name] = earlier === undefined ? value : [earlier, value].flat();
  }
  return fields;
}

function isForm(body: unknown): body is Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body);
}

/** Each client's own budget: named by client_id, else by its assertion's issuer. */
function clientKeyOf(request: FastifyRequest): string {
  const body = isForm(request.body) ? request.body : {};
  if (typeof body.client_id === 'string') return `client:${body.client_id}`;
  if (typeof body.client_assertion === 'string') {
    try {
      const issuer = decodeJwt(body.client_assertion).iss;
      if (issuer) return `client:${issuer}`;
    } catch {
      // not a JWT: the request fails anyway; counted by address
    }
  }
  return `address:${request.ip}`;
}

function tooManyRequests(): OAuthError {
  return new OAuthError('invalid_request', 'too many requests: try again later', 429);
}

function sendOAuthError(
  error: FastifyError | OAuthError,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  if (error instanceof OAuthError) {
    return reply
      .status(error.status)
      .send({ error: error.code, error_description: error.description });
  }
  if (error.statusCode === 429) return sendOAuthError(tooManyRequests(), request, reply);
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    return reply
      .status(400)
      .send({ error: 'invalid_request', error_description: `the request must be ${formType}` });
  }
  request.log.error({ err: error }, 'unhandled error');
  return reply.status(500).send({ error: 'server_error', error_description: 'internal error' });
}
