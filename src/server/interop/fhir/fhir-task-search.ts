import type {
  BundleEntry,
  CapabilityStatementRestResourceSearchParam,
  ServiceRequest,
  Task,
} from '@medplum/fhirtypes';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config';
import type { Database } from '../../db/client';
import {
  type ReferralStage,
  type SystemReferralFilter,
  referralStages,
  searchSystemReferrals,
} from '../../features/referrals';
import { type SystemAccess, listReceivedOfCases } from '../../features/systems';
import { publicBaseUrl } from '../../platform/public-url';
import { requireScope } from './fhir-auth';
import { sendFhir } from './fhir-errors';
import { asReceived, presentTask, taskOfStage } from './fhir-referral-reads';
import {
  type SearchQuery,
  countOf,
  type UsedParameters,
  dateBound,
  intersect,
  isStrict,
  markUsed,
  nextLink,
  orValues,
  pageKeyOf,
  readSearchQuery,
  resourceSearchParameters,
  searchParameterBase,
  referencedId,
  searchUrl,
  searchsetBundle,
  tokenCode,
  unknownParameters,
} from './fhir-search-params';
import { operationOutcome } from './operation-outcome';

const core = searchParameterBase;

/** The parameters `GET Task` takes (DESIGN.md §4), as the CapabilityStatement says them. */
export const taskSearchParameters: readonly CapabilityStatementRestResourceSearchParam[] = [
  ...resourceSearchParameters('Comma list (the guide’s Task?_id=1,2&_include=Task:focus).'),
  { name: 'patient', type: 'reference', definition: `${core}/Task-patient` },
  { name: 'subject', type: 'reference', definition: `${core}/Task-subject` },
  {
    name: 'status',
    type: 'token',
    definition: `${core}/Task-status`,
    documentation:
      'The status as a read shows it (requested, accepted, rejected, in-progress, completed, cancelled).',
  },
  {
    name: 'owner',
    type: 'reference',
    definition: `${core}/Task-owner`,
    documentation: 'Organization/site-<id>.',
  },
  {
    name: 'requester',
    type: 'reference',
    definition: `${core}/Task-requester`,
    documentation:
      'The requester reference the Task was sent with, as our ids (PractitionerRole/<id>…).',
  },
];

/** What `_include` takes: the ServiceRequest each Task fulfils (the guide's task-7). */
export const taskIncludes = ['Task:focus', 'Task:focus:ServiceRequest'] as const;

// _count and _include are results parameters; _cursor is our paging key (in next links only); _format is answered by content type anyway.
const known = new Set<string>([
  ...taskSearchParameters.map((parameter) => parameter.name),
  '_count',
  '_include',
  '_cursor',
  '_format',
]);

const taskStatusSystem = 'http://hl7.org/fhir/task-status';
const taskStatuses = [
  'draft',
  'requested',
  'received',
  'accepted',
  'rejected',
  'ready',
  'cancelled',
  'in-progress',
  'on-hold',
  'failed',
  'completed',
  'entered-in-error',
] as const;

const ourId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * GET /fhir/R4/Task: a system's search of the Tasks of the referrals it made, at the sites it
 * still refers to (`system/Task.s`; `_include=Task:focus` needs `system/ServiceRequest.r`),
 * oldest change first, paged by keyset; each Task returned is audited as read. Polling:
 * pass `Bundle.meta.lastUpdated` back as `_lastUpdated=gt…` (checking_task_status).
 */
export function registerTaskSearch(
  app: FastifyInstance,
  db: Database,
  config: Config,
  documented: { schema: { tags: string[] } },
): void {
  const fhirBaseUrl = `${publicBaseUrl(config)}/fhir/R4`;
  app.get('/Task', documented, async (request, reply) => {
    const access = requireScope(request, 'Task', 's');
    const query = readSearchQuery(request.query);
    const includes = query.get('_include') ?? [];
    const unsupportedIncludes = includes.filter(
      (value) => !taskIncludes.some((include) => include === value),
    );
    const warnings = unknownParameters(
      query,
      known,
      'Task',
      isStrict(request),
      unsupportedIncludes.map((value) => `_include=${value}`),
    );
    const includeFocus = includes.length > unsupportedIncludes.length;
    if (includeFocus) requireScope(request, 'ServiceRequest', 'r');
    const { filter, used } = taskFilter(query, fhirBaseUrl);
    const {
      rows: page,
      more,
      watermark,
    } = await searchSystemReferrals(db, access.actor, filter, {
      via: 'fhir',
      fhirClientId: access.clientId,
      resourceType: 'Task',
      search: true,
    });
    const last = page.at(-1);
    const self = searchUrl(fhirBaseUrl, 'Task', [
      ...used,
      ...(includeFocus ? [['_include', 'Task:focus'] as const] : []),
    ]);
    const next = nextLink(self, more, last && { at: last.at, id: last.case.id });
    const { matches, included } = await entriesOf(
      db,
      access,
      page,
      includeFocus,
      fhirBaseUrl,
      config,
    );
    return sendFhir(
      reply,
      200,
      searchsetBundle({
        self,
        next,
        lastUpdated: watermark,
        matches,
        included,
        outcome: warnings.length ? operationOutcome(warnings, request.locale) : undefined,
      }),
    );
  });
}

/** The search's filter, and the parameters it used (for the self link), in a stable order. */
export function taskFilter(
  query: SearchQuery,
  fhirBaseUrl: string,
): { filter: SystemReferralFilter; used: (readonly [string, string])[] } {
  const used: UsedParameters = [];
  const use = (name: string) => markUsed(query, used, name);

  const ids = intersect(
    orValues(query, '_id').map((values) => values.filter((id) => ourId.test(id))),
  );
  use('_id');
  const personIds = intersect(
    ['patient', 'subject'].flatMap((param) =>
      orValues(query, param).map((values) =>
        values.flatMap((value) => referencedId(value, 'Patient', fhirBaseUrl) ?? []),
      ),
    ),
  );
  use('patient');
  use('subject');
  const stages = intersect(
    orValues(query, 'status').map((values) =>
      values.flatMap((value) =>
        stagesOfStatus(tokenCode(value, 'status', taskStatusSystem, taskStatuses)),
      ),
    ),
  ) as ReferralStage[] | undefined;
  use('status');
  const siteIds = intersect(
    orValues(query, 'owner').map((values) =>
      values.flatMap((value) => {
        const id = referencedId(value, 'Organization', fhirBaseUrl);
        return id?.startsWith('site-') ? [id.slice('site-'.length)] : [];
      }),
    ),
  )?.filter((id) => ourId.test(id));
  use('owner');
  const requesters = intersect(
    orValues(query, 'requester').map((values) =>
      values.flatMap((value) => {
        const local = value.startsWith(`${fhirBaseUrl}/`)
          ? value.slice(fhirBaseUrl.length + 1)
          : value;
        return /^[A-Za-z]+\/[A-Za-z0-9\-.]{1,64}$/.test(local) ? [local] : [];
      }),
    ),
  );
  use('requester');
  const lastUpdated = (query.get('_lastUpdated') ?? []).map((value) =>
    dateBound(value, '_lastUpdated'),
  );
  use('_lastUpdated');
  const limit = countOf(query);
  use('_count');
  const after = pageKeyOf(query, ourId);
  return {
    filter: { ids, personIds, stages, siteIds, requesters, lastUpdated, after, limit },
    used,
  };
}

/** The stages whose Task has this status (none for a status we never give). */
function stagesOfStatus(status: (typeof taskStatuses)[number]): ReferralStage[] {
  return referralStages.filter((stage) => taskOfStage[stage].status === status);
}

async function entriesOf(
  db: Database,
  access: SystemAccess,
  page: Awaited<ReturnType<typeof searchSystemReferrals>>['rows'],
  includeFocus: boolean,
  fhirBaseUrl: string,
  config: Config,
): Promise<{ matches: BundleEntry[]; included: BundleEntry[] }> {
  const received = await listReceivedOfCases(
    db,
    access.clientId,
    page.map((row) => row.case.id),
    includeFocus ? ['Task', 'ServiceRequest'] : ['Task'],
  );
  const kept = new Map(received.map((row) => [`${row.resourceType}/${row.id}`, row]));
  const matches: BundleEntry[] = [];
  const included = new Map<string, BundleEntry>();
  for (const referral of page) {
    const taskRow = kept.get(`Task/${referral.case.id}`);
    if (!taskRow) continue;
    const task: Task = presentTask(taskRow, referral, publicBaseUrl(config), access.clientLocale);
    matches.push({
      fullUrl: `${fhirBaseUrl}/Task/${task.id ?? ''}`,
      resource: task,
      search: { mode: 'match' },
    });
    const focus = includeFocus ? task.focus?.reference : undefined;
    const request = focus ? kept.get(focus) : undefined;
    if (focus && request && !included.has(focus)) {
      included.set(focus, {
        fullUrl: `${fhirBaseUrl}/${focus}`,
        resource: asReceived<ServiceRequest>(request),
        search: { mode: 'include' },
      });
    }
  }
  return { matches, included: [...included.values()] };
}
