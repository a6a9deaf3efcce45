import type { BundleEntry, Subscription } from '@medplum/fhirtypes';
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import {
  SubscriptionBody,
  SubscriptionUpdateBody,
} from '../../../shared/contracts/fhir-subscription';
import type { Config } from '../../config';
import type { Database } from '../../db/client';
import type { SystemReferralFilter } from '../../features/referrals';
import {
  type SubscriptionRow,
  createSubscription,
  deleteSubscription,
  getSubscription,
  listSubscriptions,
  subscriptionsPerClient,
  updateSubscription,
} from '../../features/systems';
import { translatorFor } from '../../platform/i18n';
import { publicBaseUrl } from '../../platform/public-url';
import { requireScope } from './fhir-auth';
import { endpointProblem } from './fhir-endpoint';
import { sendFhir } from './fhir-errors';
import {
  isStrict,
  readSearchQuery,
  searchUrl,
  searchsetBundle,
  unknownParameters,
} from './fhir-search-params';
import { taskFilter } from './fhir-task-search';
import { requireValidFhirResource } from './fhir-validation';
import { FhirError, type FhirMessageKey, operationOutcome } from './operation-outcome';

/** The Task search parameters a subscription's criteria may use, and what each fills. */
const criteriaParameters = {
  _id: 'ids',
  status: 'stages',
  owner: 'siteIds',
  patient: 'personIds',
  requester: 'requesters',
} as const satisfies Record<string, keyof SystemReferralFilter>;
export const subscriptionCriteriaParameters = Object.keys(criteriaParameters);

const ourId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * /fhir/R4/Subscription (DESIGN.md §6): a system asks to be told when the Tasks of its
 * referrals change (R4 rest-hook), reads, searches, changes (or turns off) and deletes its
 * own subscriptions; another system's are not found. The notifications themselves: fhir-subscription-jobs.ts.
 */
export function registerSubscriptionRoutes(
  app: FastifyInstance,
  db: Database,
  config: Config,
  documented: { schema: { tags: string[] } },
): void {
  const fhirBaseUrl = `${publicBaseUrl(config)}/fhir/R4`;

  app.post('/Subscription', documented, async (request, reply) => {
    const access = requireScope(request, 'Subscription', 'c');
    const body = readSubscription(request.body);
    // Criteria are a Task search; the Task itself is sent only to one who may read it.
    requireScope(request, 'Task', 's');
    if (body.channel.payload) requireScope(request, 'Task', 'r');
    criteriaFilter(body.criteria, fhirBaseUrl);
    const problem = await endpointProblem(body.channel.endpoint, config.fhirNotify.allowLoopback);
    if (problem) throw refusal(problem, 'Subscription.channel.endpoint');
    if (body.end && Date.parse(body.end) <= Date.now()) {
      throw refusal('subscription_end_past', 'Subscription.end');
    }
    const made = await createSubscription(db, access, {
      reason: body.reason,
      criteria: body.criteria,
      endpoint: body.channel.endpoint,
      headers: body.channel.header ?? [],
      payload: body.channel.payload ?? 'empty',
      endAt: body.end ? new Date(body.end) : null,
    });
    if (made === 'origin_not_registered') {
      throw refusal('endpoint_origin_not_registered', 'Subscription.channel.endpoint');
    }
    if (made === 'limit_reached') {
      throw new FhirError(422, [
        {
          code: 'business-rule',
          message: { key: 'subscription_limit', params: { limit: subscriptionsPerClient } },
        },
      ]);
    }
    const resource = presentSubscription(made, access.clientLocale);
    reply.header('location', `${fhirBaseUrl}/Subscription/${made.id}/_history/${made.version}`);
    reply.header('etag', `W/"${made.version}"`);
    return sendFhir(reply, 201, resource);
  });

  app.get<{ Params: { id: string } }>('/Subscription/:id', documented, async (request, reply) => {
    const access = requireScope(request, 'Subscription', 'r');
    const row = ourId.test(request.params.id)
      ? await getSubscription(db, access, request.params.id)
      : undefined;
    if (!row) throw subscriptionNotFound(request.params.id);
    reply.header('etag', `W/"${row.version}"`);
    return sendFhir(reply, 200, presentSubscription(row, access.clientLocale));
  });

  app.get('/Subscription', documented, async (request, reply) => {
    const access = requireScope(request, 'Subscription', 's');
    const query = readSearchQuery(request.query);
    const warnings = unknownParameters(
      query,
      new Set(['_id', 'status', '_format']),
      'Subscription',
      isStrict(request),
    );
    const ids = query.get('_id')?.flatMap((value) => value.split(','));
    const statuses = query.get('status')?.flatMap((value) => value.split(','));
    const rows = await listSubscriptions(
      db,
      access,
      ids?.filter((id) => ourId.test(id)),
    );
    const matches: BundleEntry[] = rows
      .map((row) => presentSubscription(row, access.clientLocale))
      .filter((resource) => !statuses || statuses.includes(resource.status ?? ''))
      .map((resource) => ({
        fullUrl: `${fhirBaseUrl}/Subscription/${resource.id ?? ''}`,
        resource,
        search: { mode: 'match' },
      }));
    const used = [
      ...(query.get('_id') ?? []).map((value) => ['_id', value] as const),
      ...(query.get('status') ?? []).map((value) => ['status', value] as const),
    ];
    return sendFhir(
      reply,
      200,
      searchsetBundle({
        self: searchUrl(fhirBaseUrl, 'Subscription', used),
        next: undefined,
        lastUpdated: new Date(),
        matches,
        included: [],
        outcome: warnings.length ? operationOutcome(warnings, request.locale) : undefined,
      }),
    );
  });

  app.put<{ Params: { id: string } }>('/Subscription/:id', documented, async (request, reply) => {
    const access = requireScope(request, 'Subscription', 'u');
    const { id } = request.params;
    const body = readSubscriptionUpdate(request.body, id);
    requireScope(request, 'Task', 's');
    if (body.channel.payload) requireScope(request, 'Task', 'r');
    if (body.id !== id) {
      throw new FhirError(400, [
        {
          code: 'invalid',
          message: { key: 'update_id_mismatch', params: { id } },
          expression: 'Subscription.id',
        },
      ]);
    }
    const expectedVersion = ifMatchVersion(request.headers['if-match']);
    if (!ourId.test(id)) throw subscriptionNotFound(id);
    criteriaFilter(body.criteria, fhirBaseUrl);
    const problem = await endpointProblem(body.channel.endpoint, config.fhirNotify.allowLoopback);
    if (problem) throw refusal(problem, 'Subscription.channel.endpoint');
    if (body.end && Date.parse(body.end) <= Date.now()) {
      throw refusal('subscription_end_past', 'Subscription.end');
    }
    const result = await updateSubscription(
      db,
      access,
      id,
      {
        reason: body.reason,
        criteria: body.criteria,
        endpoint: body.channel.endpoint,
        headers: body.channel.header ?? [],
        payload: body.channel.payload ?? 'empty',
        endAt: body.end ? new Date(body.end) : null,
        on: body.status !== 'off',
      },
      expectedVersion,
    );
    if ('refused' in result) {
      switch (result.refused) {
        case 'not_found':
          throw subscriptionNotFound(id);
        case 'origin_not_registered':
          throw refusal('endpoint_origin_not_registered', 'Subscription.channel.endpoint');
        case 'header_not_held':
          throw new FhirError(400, [
            {
              code: 'invalid',
              message: { key: 'subscription_header_masked', params: { name: result.name } },
              expression: 'Subscription.channel.header',
            },
          ]);
        case 'stale':
          throw new FhirError(412, [
            {
              code: 'conflict',
              message: {
                key: 'version_conflict',
                params: {
                  type: 'Subscription',
                  current: result.current,
                  expected: expectedVersion ?? '',
                },
              },
            },
          ]);
      }
    }
    const row = result.ok;
    reply.header('etag', `W/"${row.version}"`);
    reply.header(
      'content-location',
      `${fhirBaseUrl}/Subscription/${row.id}/_history/${row.version}`,
    );
    return sendFhir(reply, 200, presentSubscription(row, access.clientLocale));
  });

  app.delete<{ Params: { id: string } }>(
    '/Subscription/:id',
    documented,
    async (request, reply) => {
      const access = requireScope(request, 'Subscription', 'd');
      const deleted =
        ourId.test(request.params.id) && (await deleteSubscription(db, access, request.params.id));
      if (!deleted) throw subscriptionNotFound(request.params.id);
      return reply.status(204).send();
    },
  );
}

/** The body as R4 and our rules take it; 400 naming the element otherwise. */
function readSubscription(body: unknown): SubscriptionBody {
  requireValidFhirResource<Subscription>(body, 'Subscription');
  const parsed = SubscriptionBody.safeParse(body);
  if (parsed.success) return parsed.data;
  throw new FhirError(400, parsed.error.issues.map(issueOf));
}

/** An update's body: as a create's, with its id and the status a system may set. */
function readSubscriptionUpdate(body: unknown, id: string): SubscriptionUpdateBody {
  requireValidFhirResource<Subscription>(body, 'Subscription');
  const parsed = SubscriptionUpdateBody.safeParse(body);
  if (parsed.success) return parsed.data;
  throw new FhirError(
    400,
    parsed.error.issues.map((issue) => {
      const refused = issueOf(issue);
      if (refused.expression === 'Subscription.status') {
        return { ...refused, message: { key: 'subscription_status_update' as const } };
      }
      if (refused.expression === 'Subscription.id') {
        return { ...refused, message: { key: 'update_id_mismatch' as const, params: { id } } };
      }
      return refused;
    }),
  );
}

/**
 * The version an If-Match header names (`W/"3"` or `"3"`), undefined without one; 412 when it
 * names none (`*` included: a subscription exists or is not found anyway).
 */
function ifMatchVersion(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const version = /^(?:W\/)?"(\d{1,9})"$/.exec(header.trim())?.[1];
  if (version === undefined) {
    throw new FhirError(412, [{ code: 'conflict', message: { key: 'request_invalid' } }]);
  }
  return Number(version);
}

const keyOfElement: Record<string, FhirMessageKey> = {
  status: 'subscription_status',
  reason: 'subscription_reason',
  criteria: 'subscription_criteria',
  end: 'subscription_end',
  'channel.type': 'subscription_channel_type',
  'channel.endpoint': 'endpoint_invalid',
  'channel.payload': 'subscription_payload',
  'channel.header': 'subscription_header',
};

function issueOf(issue: z.core.$ZodIssue): {
  code: 'invalid';
  message: { key: FhirMessageKey };
  expression: string;
} {
  const path = issue.path.filter((part) => typeof part === 'string').join('.');
  const key =
    keyOfElement[path] ??
    Object.entries(keyOfElement).find(([element]) => path.startsWith(element))?.[1] ??
    'request_invalid';
  const at = issue.path.map((part) =>
    typeof part === 'number' ? `[${part}]` : `.${String(part)}`,
  );
  return { code: 'invalid', message: { key }, expression: `Subscription${at.join('')}` };
}

function refusal(key: FhirMessageKey, expression: string): FhirError {
  return new FhirError(400, [{ code: 'invalid', message: { key }, expression }]);
}

function subscriptionNotFound(id: string): FhirError {
  return new FhirError(404, [
    {
      code: 'not-found',
      message: { key: 'resource_not_found', params: { type: 'Subscription', id } },
    },
  ]);
}

/**
 * The Task search a subscription's criteria make, for this client. Only the parameters of
 * `criteriaParameters`, each once, each value one that can match a Task we give: 400 naming
 * Subscription.criteria otherwise.
 */
export function criteriaFilter(criteria: string, fhirBaseUrl: string): SystemReferralFilter {
  const query = new Map<string, string[]>();
  for (const [name, value] of new URLSearchParams(criteria.slice('Task?'.length))) {
    if (!(name in criteriaParameters)) throw criteriaRefused('subscription_criteria_param', name);
    if (query.has(name)) throw criteriaRefused('subscription_criteria_param', name);
    query.set(name, [value]);
  }
  for (const [name, [value = '']] of query) {
    const field = criteriaParameters[name as keyof typeof criteriaParameters];
    for (const part of value.split(',')) {
      if (onlyValue(name, part, field, fhirBaseUrl) === 0) {
        throw criteriaRefused('subscription_criteria_value', name);
      }
    }
  }
  return filterOrRefuse(query, fhirBaseUrl).filter;
}

/** How many of the filter's values one value of a parameter makes (0: it matches nothing). */
function onlyValue(
  name: string,
  value: string,
  field: (typeof criteriaParameters)[keyof typeof criteriaParameters],
  fhirBaseUrl: string,
): number {
  const { filter } = filterOrRefuse(new Map([[name, [value]]]), fhirBaseUrl, name);
  return filter[field]?.length ?? 0;
}

function filterOrRefuse(
  query: ReadonlyMap<string, readonly string[]>,
  fhirBaseUrl: string,
  name?: string,
): ReturnType<typeof taskFilter> {
  try {
    return taskFilter(query, fhirBaseUrl);
  } catch (error) {
    if (error instanceof FhirError) {
      throw criteriaRefused('subscription_criteria_value', name ?? [...query.keys()].join(','));
    }
    throw error;
  }
}

function criteriaRefused(key: FhirMessageKey, param: string): FhirError {
  return new FhirError(400, [
    { code: 'invalid', message: { key, params: { param } }, expression: 'Subscription.criteria' },
  ]);
}

/** A subscription as R4 shows it; header values masked, the failure in the client's words. */
export function presentSubscription(row: SubscriptionRow, locale: 'fr' | 'en'): Subscription {
  const ended = row.endAt !== null && row.endAt <= new Date();
  const t = translatorFor(locale);
  return {
    resourceType: 'Subscription',
    id: row.id,
    meta: { versionId: String(row.version), lastUpdated: row.updatedAt.toISOString() },
    status: ended ? 'off' : row.status,
    reason: row.reason,
    criteria: row.criteria,
    ...(row.endAt ? { end: row.endAt.toISOString() } : {}),
    ...(row.status === 'error' && !ended
      ? { error: t('fhir.subscription_failing', { error: row.lastError ?? '' }) }
      : {}),
    channel: {
      type: 'rest-hook',
      endpoint: row.endpoint,
      ...(row.payload === 'empty' ? {} : { payload: row.payload }),
      ...(row.headers.length
        ? { header: row.headers.map((line) => `${line.slice(0, line.indexOf(':'))}: ***`) }
        : {}),
    },
  };
}
