import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Config } from './config';
import type { DatabaseHandle } from './db/client';
import {
  accountRoutes,
  sessionCookieName,
  sessionPlugin,
  sessionRoutes,
  startSessionCache,
} from './features/accounts';
import { auditRefusals, auditRoutes } from './features/audit';
import { emailRoutes } from './features/emails';
import { homeRoutes } from './features/home';
import { notificationRoutes } from './features/notifications';
import { personSessionPlugin, personSpaceRoutes } from './features/person-space';
import { personRecordRoutes } from './features/person-record';
import { caseRoutes } from './features/cases';
import { caseRecordRoutes } from './features/case-records';
import { connectionRoutes } from './features/connections';
import { directoryRoutes, listingDetailRoutes, listingsRoutes } from './features/directory';
import { documentRoutes } from './features/documents';
import { organisationRoutes } from './features/organisations';
import { outcomeRoutes } from './features/outcomes';
import { referralRoutes } from './features/referrals';
import { planRoutes } from './features/plans';
import { reportRoutes } from './features/reports';
import { searchRoutes } from './features/search';
import { oauthRoutes, startAccessTokenCache, systemRoutes } from './features/systems';
import { fhirBase, fhirFrameworkErrors, fhirRoutes } from './interop/fhir';
import { hsdsApiRoutes } from './interop/hsds';
import { clientSettingsRoutes, mapTileImageSource } from './platform/client-settings-routes';
import { healthRoutes } from './platform/health-routes';
import {
  registerErrorHandling,
  sendFrameworkError,
  sendRouteNotFound,
} from './platform/http-errors';
import { type JobRunner, startJobRunner } from './platform/jobs';
import { loggerOptions, registerRequestIdHeader, requestIdOf } from './platform/logger';
import { type AppMetrics, createMetrics, registerMetrics } from './platform/metrics';
import { registerNoStore } from './platform/no-store';
import { registerCompression } from './platform/compression';
import { registerBodyEncodingChecks } from './platform/body-encoding';
import { registerIdempotency } from './platform/idempotency';
import { postgresRateLimitStore } from './platform/rate-limit-store';
import { WebAppPages } from './platform/web-app-page';
import { webAppHeaders } from './platform/web-app-headers';
// Registers the email delivery job.
import './platform/mail/delivery';
import { validatorCompiler } from './platform/validation';

export type AppOptions = {
  config: Config;
  database: DatabaseHandle;
  /** Folder of the built web app; when absent or missing, only the API is served. */
  webRoot?: string | undefined;
  /** Where logs go instead of standard output (tests read them back). */
  logStream?: NodeJS.WritableStream;
  /** Runs the recurring jobs (email delivery, reminders) while the app is up; tests run them by hand. */
  runJobs?: boolean;
};

/** Builds the whole HTTP application without listening, so tests can inject requests. */
export async function buildApp({
  config,
  database,
  webRoot,
  logStream,
  runJobs = false,
}: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(config.logLevel, logStream),
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    frameworkErrors: fhirFrameworkErrors(sendFrameworkError),
    genReqId: requestIdOf,
  }).withTypeProvider<ZodTypeProvider>();
  registerRequestIdHeader(app);
  // The API speaks JSON only; text/plain is also what a cross-site form can send.
  app.removeContentTypeParser('text/plain');
  registerBodyEncodingChecks(app);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const context = { db: database.db, config };
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        'img-src': ["'self'", 'data:', ...mapTileImageSource(config.map.tileUrl)],
        'upgrade-insecure-requests': config.cookieSecure ? [] : null,
      },
    },
    hsts: config.cookieSecure,
  });
  registerNoStore(app);
  // Before compression: a create's first answer is stored as it was, compressed anew on replay.
  registerIdempotency(app, database.db);
  registerCompression(app);
  await app.register(cookie);
  // Counted in the database: every app process behind a load balancer spends one budget.
  await app.register(rateLimit, { global: false, store: postgresRateLimitStore(database.db) });
  await registerOpenApi(app);
  registerErrorHandling(app);
  // After the error handling, which its refusals use; before the routes it counts. Without
  // a token nothing is counted: no scraper could read it.
  const metricsToken = config.metrics.token;
  const metrics = metricsToken ? createMetrics(database, config.session.idleMinutes) : undefined;
  if (metrics && metricsToken) registerMetrics(app, metrics, metricsToken);
  auditRefusals(app, database.db);
  await app.register(sessionPlugin, { ...context, sessionCache: startSessionCache(database) });
  // A system's bearer token read once, kept until the database says it changed.
  const accessTokenCache = startAccessTokenCache(database);
  await app.register(personSessionPlugin, context);
  await app.register(healthRoutes, { db: database.db });
  await app.register(clientSettingsRoutes, context);
  await app.register(sessionRoutes, context);
  await app.register(accountRoutes, context);
  await app.register(organisationRoutes, context);
  await app.register(referralRoutes, context);
  await app.register(caseRoutes, context);
  await app.register(caseRecordRoutes, context);
  await app.register(auditRoutes, context);
  await app.register(emailRoutes, context);
  await app.register(directoryRoutes, context);
  await app.register(listingsRoutes, context);
  await app.register(searchRoutes, context);
  await app.register(listingDetailRoutes, context);
  await app.register(planRoutes, context);
  await app.register(connectionRoutes, context);
  await app.register(documentRoutes, context);
  await app.register(outcomeRoutes, context);
  await app.register(reportRoutes, context);
  await app.register(homeRoutes, context);
  await app.register(notificationRoutes, context);
  await app.register(personSpaceRoutes, context);
  await app.register(personRecordRoutes, context);
  await app.register(systemRoutes, { ...context, accessTokenCache });
  await app.register(oauthRoutes, context);
  await app.register(hsdsApiRoutes, context);
  await app.register(fhirRoutes, { ...context, accessTokenCache, prefix: fhirBase });
  await serveWebApp(app, webRoot, sessionCookieName(config));
  if (runJobs) startJobsWithApp(app, config, database, metrics);
  return app;
}

function startJobsWithApp(
  app: FastifyInstance,
  config: Config,
  database: DatabaseHandle,
  metrics: AppMetrics | undefined,
): void {
  let runner: JobRunner | undefined;
  app.addHook('onReady', async () => {
    if (!config.mail.smtpUrl)
      app.log.warn('Email delivery is off: SMTP_URL is not set, emails wait in the outbox');
    runner = startJobRunner({
      db: database.db,
      config,
      log: app.log,
      onFinished: metrics?.jobFinished,
    });
  });
  app.addHook('onClose', async () => {
    await runner?.stop();
  });
}

async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Passerelle API',
        description:
          "Social prescribing: referrals, cases, connections and outcomes. Errors are `{ error: { code, message, field?, issues? } }` with the message in the caller's language.",
        version: '0.1.0',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'passerelle-session' },
          csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  app.get('/api/openapi.json', { schema: { hide: true } }, () => app.swagger());
}

/** Addresses programs call (API, HSDS, FHIR, Prometheus): an unknown one is a 404, not a page. */
const machinePrefixes = ['/api/', '/hsds/', '/fhir/', '/metrics'];
function isMachineAddress(url: string): boolean {
  return machinePrefixes.some((prefix) => url.startsWith(prefix));
}

async function serveWebApp(
  app: FastifyInstance,
  webRoot: string | undefined,
  sessionCookie: string,
): Promise<void> {
  const index = webRoot ? path.join(webRoot, 'index.html') : undefined;
  const hasWeb = index !== undefined && fs.existsSync(index);
  if (hasWeb && webRoot) {
    await app.register(fastifyStatic, {
      root: webRoot,
      wildcard: false,
      index: false,
      // The build wrote a .br and a .gz beside each text file (vite.config.ts): sent as they are.
      preCompressed: true,
      globIgnore: ['**/*.br', '**/*.gz'],
      cacheControl: false,
      setHeaders: (response, file) => {
        for (const [name, value] of Object.entries(webAppHeaders(webRoot, file))) {
          response.setHeader(name, value);
        }
      },
    });
  }
  const pages = hasWeb && webRoot ? new WebAppPages(webRoot, sessionCookie) : undefined;
  if (pages)
    app.get('/', { schema: { hide: true } }, (request, reply) => pages.send(request, reply));
  if (hasWeb && webRoot && fs.existsSync(path.join(webRoot, 'me.html'))) {
    // The person's own space: its own page and bundle (src/web/person), checked on each visit.
    const sendPersonPage = (_request: FastifyRequest, reply: FastifyReply): FastifyReply =>
      reply.sendFile('me.html', { cacheControl: false });
    app.get('/me', { schema: { hide: true } }, sendPersonPage);
    app.get('/me/*', { schema: { hide: true } }, sendPersonPage);
  }
  app.setNotFoundHandler((request, reply) => {
    const isPage = request.method === 'GET' && !isMachineAddress(request.url);
    if (pages && isPage) return pages.send(request, reply);
    return sendRouteNotFound(request, reply);
  });
}
