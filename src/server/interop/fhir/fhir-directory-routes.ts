import type {
  BundleEntry,
  CapabilityStatementRestResourceSearchParam,
  Resource,
} from '@medplum/fhirtypes';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type CategoryKey, isCategoryKey } from '../../../shared/directory-categories';
import { FhirTokenValue } from '../../../shared/contracts/fhir-search';
import { type InstrumentId, isInstrumentId } from '../../../shared/instruments';
import type { Locale } from '../../../shared/locale';
import type { Config } from '../../config';
import type { Database } from '../../db/client';
import { meetsTimeBound } from '../../db/time-bounds';
import {
  type DirectoryChange,
  type DirectoryChangesFilter,
  type DirectoryEntity,
  searchDirectoryChanges,
} from '../../features/directory';
import { publicBaseUrl } from '../../platform/public-url';
import { requireScope } from './fhir-auth';
import {
  categoriesOfSdohCode,
  categorySystem,
  directoryPrefix,
  presentHealthcareService,
  presentLocation,
  presentOrganization,
  serviceLocationIds,
} from './fhir-directory-resources';
import { sendFhir, sendFhirRead } from './fhir-errors';
import {
  isOurOrganizationId,
  isOurPageKey,
  ourPageKey,
  readOurOrganization,
  searchOurOrganizations,
} from './fhir-organizations';
import {
  presentQuestionnaire,
  questionnaireCode,
  questionnaireIds,
  questionnaireName,
  questionnaireUrl,
  questionnairesUpdatedAt,
} from './fhir-questionnaires';
import { sdohccTemporaryCodes } from './fhir-referral-intake';
import {
  type PageKey,
  type SearchQuery,
  type UsedParameters,
  countOf,
  resourceSearchParameters,
  searchParameterBase,
  dateBound,
  intersect,
  invalidValue,
  isStrict,
  markUsed,
  nextLink,
  orValues,
  pageKeyOf,
  readSearchQuery,
  referencedId,
  searchUrl,
  searchsetBundle,
  unknownParameters,
} from './fhir-search-params';
import { FhirError, operationOutcome } from './operation-outcome';

/*
 * The public resources of the interface (DESIGN.md §1, §4): the directory as
 * HealthcareService, Location and Organization, and our instruments as Questionnaire. Read
 * and search with each type's `system/<Type>.rs` scope; public and impersonal like /hsds
 * and the instruments themselves, so not audited (listing-detail-service.ts says why).
 */

export const directoryResourceTypes = ['HealthcareService', 'Location', 'Organization'] as const;
type DirectoryType = (typeof directoryResourceTypes)[number];
export const publicResourceTypes = [...directoryResourceTypes, 'Questionnaire'] as const;

const entityOf: Record<DirectoryType, DirectoryEntity> = {
  HealthcareService: 'service',
  Location: 'location',
  Organization: 'organization',
};

const core = searchParameterBase;
const common = resourceSearchParameters(
  'Comma list of dir-<id> (our instruments’ ids for Questionnaire; also site-<id> and org-<id> for Organization).',
);

/** The parameters each public type's search takes, as the CapabilityStatement says them. */
export const publicSearchParameters: Record<
  (typeof publicResourceTypes)[number],
  readonly CapabilityStatementRestResourceSearchParam[]
> = {
  HealthcareService: [
    ...common,
    {
      name: 'name',
      type: 'string',
      definition: `${core}/HealthcareService-name`,
      documentation: 'The name in either language starts with it (case and accents aside).',
    },
    {
      name: 'service-category',
      type: 'token',
      definition: `${core}/HealthcareService-service-category`,
      documentation: `Our categories (${categorySystem}|<key>), the guide’s SDOH categories they map to (social-connection, educational-attainment), or sdoh (every service).`,
    },
    {
      name: 'location',
      type: 'reference',
      definition: `${core}/HealthcareService-location`,
      documentation: 'Location/dir-<id>.',
    },
    {
      name: 'organization',
      type: 'reference',
      definition: `${core}/HealthcareService-organization`,
      documentation: 'Organization/dir-<id>.',
    },
  ],
  Location: [
    ...common,
    {
      name: 'name',
      type: 'string',
      definition: `${core}/Location-name`,
      documentation: 'The name starts with it (case and accents aside).',
    },
  ],
  Organization: [
    ...common,
    {
      name: 'name',
      type: 'string',
      definition: `${core}/Organization-name`,
      documentation: 'The name in either language starts with it (case and accents aside).',
    },
  ],
  Questionnaire: [
    ...common,
    {
      name: 'name',
      type: 'string',
      definition: `${core}/Questionnaire-name`,
      documentation: 'PHQ9, GAD7, UCLA3, ONS4, DJG6, BELONG1, MH1, PA1.',
    },
    { name: 'url', type: 'uri', definition: `${core}/Questionnaire-url` },
    {
      name: 'code',
      type: 'token',
      definition: `${core}/Questionnaire-code`,
      documentation: 'LOINC panels: 44249-1 (PHQ-9), 69737-5 (GAD-7).',
    },
  ],
};

/** What `_include` takes on HealthcareService: its places and its provider. */
export const healthcareServiceIncludes = [
  'HealthcareService:location',
  'HealthcareService:organization',
] as const;
const includedType = {
  'HealthcareService:location': 'Location',
  'HealthcareService:organization': 'Organization',
} as const;

const fhirId = /^[A-Za-z0-9\-.]{1,64}$/;
const hsdsId = /^[A-Za-z0-9.-]{1,60}$/;

function knownOf(type: keyof typeof publicSearchParameters): Set<string> {
  return new Set([
    ...publicSearchParameters[type].map((parameter) => parameter.name),
    '_count',
    '_cursor',
    '_format',
    ...(type === 'HealthcareService' ? ['_include'] : []),
  ]);
}

export function registerPublicResources(
  app: FastifyInstance,
  db: Database,
  config: Config,
  documented: { schema: { tags: string[] } },
  notHere: (request: FastifyRequest, reply: FastifyReply) => FastifyReply,
): void {
  const fhirBaseUrl = `${publicBaseUrl(config)}/fhir/R4`;
  for (const type of directoryResourceTypes) {
    app.get<{ Params: { id: string } }>(`/${type}/:id`, documented, async (request, reply) => {
      const { id } = request.params;
      if (!fhirId.test(id)) return notHere(request, reply);
      const access = requireScope(request, type, 'r');
      if (type === 'Organization' && isOurOrganizationId(id)) {
        const ours = await readOurOrganization(db, access, id);
        if (!ours) throw notFound(type, id);
        return sendFhirRead(reply, ours);
      }
      const key = id.startsWith(directoryPrefix) ? id.slice(directoryPrefix.length) : '';
      const found = hsdsId.test(key)
        ? await searchDirectoryChanges(db, entityOf[type], {
            ids: [key],
            lastUpdated: [],
            limit: 1,
          })
        : undefined;
      const row = found?.rows[0];
      if (!row) throw notFound(type, id);
      return sendFhirRead(reply, present(type, row, access.clientLocale));
    });
    app.get(`/${type}`, documented, (request, reply) =>
      searchDirectory(request, reply, db, type, fhirBaseUrl),
    );
  }
  app.get<{ Params: { id: string } }>('/Questionnaire/:id', documented, (request, reply) => {
    const { id } = request.params;
    if (!fhirId.test(id)) return notHere(request, reply);
    const access = requireScope(request, 'Questionnaire', 'r');
    if (!isInstrumentId(id)) throw notFound('Questionnaire', id);
    return sendFhirRead(reply, presentQuestionnaire(id, fhirBaseUrl, access.clientLocale));
  });
  app.get('/Questionnaire', documented, (request, reply) =>
    searchQuestionnaires(request, reply, fhirBaseUrl),
  );
}

function notFound(type: string, id: string): FhirError {
  return new FhirError(404, [
    { code: 'not-found', message: { key: 'resource_not_found', params: { type, id } } },
  ]);
}

function present(type: DirectoryType, row: DirectoryChange, locale: Locale): Resource {
  if (type === 'HealthcareService') return presentHealthcareService(row, locale);
  if (type === 'Location') return presentLocation(row);
  return presentOrganization(row, locale);
}

/** A directory type's search: its filter, a page in order of change, what it includes. */
async function searchDirectory(
  request: FastifyRequest,
  reply: FastifyReply,
  db: Database,
  type: DirectoryType,
  fhirBaseUrl: string,
): Promise<FastifyReply> {
  const access = requireScope(request, type, 's');
  const query = readSearchQuery(request.query);
  const asked = type === 'HealthcareService' ? (query.get('_include') ?? []) : [];
  const includes = healthcareServiceIncludes.filter((include) => asked.includes(include));
  const unsupported = asked.filter((value) => !includes.some((include) => include === value));
  const warnings = unknownParameters(
    query,
    knownOf(type),
    type,
    isStrict(request),
    unsupported.map((value) => `_include=${value}`),
  );
  for (const include of includes) requireScope(request, includedType[include], 'r');
  const { filter, used } = directoryFilter(query, fhirBaseUrl, type);
  // Organization: our sites and organisations first (the system's own, a handful), then the
  // directory's; a page key within ours goes on with ours, then the directory from its start.
  const oursFirst = type === 'Organization' && (!filter.after || isOurPageKey(filter.after));
  const ours = oursFirst
    ? await searchOurOrganizations(db, access, {
        ids: intersect(orValues(query, '_id').map((values) => values.filter(isOurOrganizationId))),
        names: filter.names,
        lastUpdated: filter.lastUpdated,
        after: filter.after,
        limit: filter.limit,
      })
    : { rows: [], more: false };
  const room = filter.limit - ours.rows.length;
  const directory = await searchDirectoryChanges(db, entityOf[type], {
    ...filter,
    ...(oursFirst ? { after: undefined } : {}),
    // With no room left, one row says whether the directory has more to show.
    limit: Math.max(room, 1),
  });
  const rows = room > 0 ? directory.rows : [];
  const more = ours.more || (room > 0 ? directory.more : directory.rows.length > 0);
  const { watermark } = directory;
  const matches = [
    ...ours.rows.map((row) => entry(fhirBaseUrl, row.resource, 'match')),
    ...rows.map((row) => entry(fhirBaseUrl, present(type, row, access.clientLocale), 'match')),
  ];
  const included = await includedEntries(db, rows, includes, fhirBaseUrl, access.clientLocale);
  const self = searchUrl(fhirBaseUrl, type, [
    ...used,
    ...includes.map((include) => ['_include', include] as const),
  ]);
  const lastRow = rows.at(-1);
  const last = lastRow ? { at: lastRow.at, id: lastRow.id } : ours.rows.at(-1)?.key;
  return sendFhir(
    reply,
    200,
    searchsetBundle({
      self,
      next: nextLink(self, more, last),
      lastUpdated: watermark,
      matches,
      included,
      outcome: warnings.length ? operationOutcome(warnings, request.locale) : undefined,
    }),
  );
}

function entry(fhirBaseUrl: string, resource: Resource, mode: 'match' | 'include'): BundleEntry {
  return {
    fullUrl: `${fhirBaseUrl}/${resource.resourceType}/${resource.id ?? ''}`,
    resource,
    search: { mode },
  };
}

/** The places and providers of a page of services, each once, through the same search. */
async function includedEntries(
  db: Database,
  services: readonly DirectoryChange[],
  includes: readonly (typeof healthcareServiceIncludes)[number][],
  fhirBaseUrl: string,
  locale: Locale,
): Promise<BundleEntry[]> {
  const included: BundleEntry[] = [];
  for (const include of includes) {
    const type = includedType[include];
    const ids = [
      ...new Set(
        services.flatMap((service) =>
          type === 'Location'
            ? serviceLocationIds(service)
            : typeof service.record.organization_id === 'string'
              ? [service.record.organization_id]
              : [],
        ),
      ),
    ].filter((id) => hsdsId.test(id));
    if (ids.length === 0) continue;
    const { rows } = await searchDirectoryChanges(db, entityOf[type], {
      ids,
      lastUpdated: [],
      limit: ids.length,
    });
    included.push(...rows.map((row) => entry(fhirBaseUrl, present(type, row, locale), 'include')));
  }
  return included;
}

/** The parameters every public search shares: _id, _lastUpdated, name, _count, _cursor. */
function commonFilter(
  query: SearchQuery,
  localId: (id: string) => string | undefined,
  idPattern: RegExp,
): {
  ids: string[] | undefined;
  lastUpdated: DirectoryChangesFilter['lastUpdated'];
  names: string[][] | undefined;
  limit: number;
  after: PageKey | undefined;
  used: UsedParameters;
} {
  const used: UsedParameters = [];
  const ids = intersect(
    orValues(query, '_id').map((values) => values.flatMap((id) => localId(id) ?? [])),
  );
  markUsed(query, used, '_id');
  const lastUpdated = (query.get('_lastUpdated') ?? []).map((value) =>
    dateBound(value, '_lastUpdated'),
  );
  markUsed(query, used, '_lastUpdated');
  const names = orValues(query, 'name').map((values) => values.filter(Boolean));
  markUsed(query, used, 'name');
  const limit = countOf(query);
  markUsed(query, used, '_count');
  const after = pageKeyOf(query, idPattern);
  return { ids, lastUpdated, names: names.length ? names : undefined, limit, after, used };
}

const directoryLocalId = (id: string): string | undefined => {
  const key = id.startsWith(directoryPrefix) ? id.slice(directoryPrefix.length) : '';
  return hsdsId.test(key) ? key : undefined;
};

/** A next page's key: a directory id, or for Organization one of ours (fhir-organizations.ts). */
const organizationPageKey = new RegExp(`(?:${hsdsId.source})|(?:${ourPageKey.source})`);

function directoryFilter(
  query: SearchQuery,
  fhirBaseUrl: string,
  type: DirectoryType,
): { filter: DirectoryChangesFilter; used: UsedParameters } {
  const { used, ...shared } = commonFilter(
    query,
    directoryLocalId,
    type === 'Organization' ? organizationPageKey : hsdsId,
  );
  if (type !== 'HealthcareService') return { filter: shared, used };
  const referenced = (param: string, target: string): string[] | undefined => {
    const ids = intersect(
      orValues(query, param).map((values) =>
        values.flatMap(
          (value) => directoryLocalId(referencedId(value, target, fhirBaseUrl) ?? '') ?? [],
        ),
      ),
    );
    markUsed(query, used, param);
    return ids;
  };
  const categories = serviceCategoryFilter(query);
  markUsed(query, used, 'service-category');
  return {
    filter: {
      ...shared,
      categories,
      locationIds: referenced('location', 'Location'),
      organizationIds: referenced('organization', 'Organization'),
    },
    used,
  };
}

/** service-category: our keys, the guide's SDOH codes, or `sdoh` (no narrowing). */
function serviceCategoryFilter(query: SearchQuery): CategoryKey[] | undefined {
  const occurrences = orValues(query, 'service-category').flatMap((values) => {
    const keys = new Set<CategoryKey>();
    for (const value of values) {
      if (!FhirTokenValue.safeParse(value).success) throw invalidValue('service-category');
      const [system, code = ''] = value.includes('|') ? value.split('|') : [undefined, value];
      const any = system === undefined || system === '';
      if ((any || system === usCoreCategory) && code === 'sdoh') return [];
      if ((any || system === categorySystem) && isCategoryKey(code)) keys.add(code);
      if (any || system === sdohccTemporaryCodes) {
        for (const key of categoriesOfSdohCode(code)) keys.add(key);
      }
    }
    return [[...keys]];
  });
  return intersect(occurrences) as CategoryKey[] | undefined;
}

const usCoreCategory = 'http://hl7.org/fhir/us/core/CodeSystem/us-core-category';

/** Questionnaire search over our instruments: by id order, all with the same time of change. */
function searchQuestionnaires(
  request: FastifyRequest,
  reply: FastifyReply,
  fhirBaseUrl: string,
): FastifyReply {
  const access = requireScope(request, 'Questionnaire', 's');
  const query = readSearchQuery(request.query);
  const warnings = unknownParameters(
    query,
    knownOf('Questionnaire'),
    'Questionnaire',
    isStrict(request),
  );
  const instrumentId = /^[a-z][a-z0-9_]*$/;
  const { ids, lastUpdated, names, limit, after, used } = commonFilter(
    query,
    (id) => (isInstrumentId(id) ? id : undefined),
    instrumentId,
  );
  const urls = intersect(orValues(query, 'url'));
  markUsed(query, used, 'url');
  const codes = intersect(
    orValues(query, 'code').map((values) =>
      values.map((value) => (value.includes('|') ? value : `|${value}`)),
    ),
  );
  markUsed(query, used, 'code');
  const inTime = lastUpdated.every((bound) => meetsTimeBound(questionnairesUpdatedAt, bound));
  const matching = [...questionnaireIds].sort().filter((id: InstrumentId) => {
    const code = questionnaireCode(id);
    const name = questionnaireName(id).toLowerCase();
    return (
      inTime &&
      (!ids || ids.includes(id)) &&
      (!names || names.every((words) => words.some((w) => name.startsWith(w.toLowerCase())))) &&
      (!urls || urls.includes(questionnaireUrl(fhirBaseUrl, id))) &&
      (!codes ||
        (code !== undefined &&
          codes.some(
            (c) => c === `|${code.code ?? ''}` || c === `${code.system ?? ''}|${code.code ?? ''}`,
          ))) &&
      (!after || id > after.id)
    );
  });
  const page = matching.slice(0, limit);
  const self = searchUrl(fhirBaseUrl, 'Questionnaire', used);
  const last = page.at(-1);
  const stamp = questionnairesUpdatedAt.toISOString();
  return sendFhir(
    reply,
    200,
    searchsetBundle({
      self,
      next: nextLink(self, matching.length > page.length, last && { at: stamp, id: last }),
      lastUpdated: new Date(),
      matches: page.map((id) =>
        entry(fhirBaseUrl, presentQuestionnaire(id, fhirBaseUrl, access.clientLocale), 'match'),
      ),
      included: [],
      outcome: warnings.length ? operationOutcome(warnings, request.locale) : undefined,
    }),
  );
}
