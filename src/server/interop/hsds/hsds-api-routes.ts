import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context';
import {
  listHsdsOrganizations,
  listHsdsServiceAtLocations,
  listHsdsServices,
  listHsdsTaxonomies,
  listHsdsTaxonomyTerms,
  readHsdsOrganization,
  readHsdsService,
  readHsdsServiceAtLocation,
  readHsdsTaxonomy,
  readHsdsTaxonomyTerm,
} from '../../features/directory';

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');
const reference = z.string().trim().min(1).max(200).optional();

const Paging = {
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  per_page: z.coerce.number().int().min(1).max(1000).default(50),
  format: z.enum(['json']).optional(),
};

const Filters = z.object({
  ...Paging,
  search: z.string().trim().min(1).max(200).optional(),
  taxonomy_term_id: reference,
  taxonomy_id: reference,
  organization_id: reference,
  modified_after: z.iso
    .datetime({ offset: true })
    .or(z.iso.date())
    .transform((v) => new Date(v))
    .optional(),
  full: flag.optional(),
  full_service: flag.optional(),
  minimal: flag.optional(),
});
type Filters = z.infer<typeof Filters>;

const PlaceFilters = Filters.extend({
  postcode: z.string().trim().min(1).max(20).optional(),
  proximity: z.coerce.number().positive().max(20_000_000).optional(),
});

const TermFilters = z.object({
  ...Paging,
  search: z.string().trim().min(1).max(200).optional(),
  taxonomy_id: reference,
  parent_id: reference,
  top_only: flag.optional(),
});

const TaxonomyFilters = z.object({
  ...Paging,
  search: z.string().trim().min(1).max(200).optional(),
});
const HsdsId = z.object({ id: z.string().min(1).max(200) });

const paging = (q: { page: number; per_page: number }) => ({ page: q.page, perPage: q.per_page });
const serviceFilters = (q: Filters) => ({
  search: q.search,
  taxonomyTermId: q.taxonomy_term_id,
  taxonomyId: q.taxonomy_id,
  organizationId: q.organization_id,
  modifiedAfter: q.modified_after,
});

/**
 * The Open Referral HSDS 3.1 API: public, read-only, readable from any origin. Errors keep
 * the application's error shape.
 */
export const hsdsApiRoutes: FastifyPluginAsyncZod<AppContext> = async (app, { db }) => {
  const tags = ['hsds'];
  app.addHook('onRequest', async (_request, reply) => {
    reply.header('access-control-allow-origin', '*');
    reply.header('cross-origin-resource-policy', 'cross-origin');
  });
  app.get('/hsds/', { schema: { tags, summary: 'About this HSDS API' } }, () => ({
    version: '3.1',
    profile: 'https://docs.openreferral.org/en/latest/hsds/schema_reference.html',
    openapi_url:
      'https://raw.githubusercontent.com/openreferral/specification/3.1/schema/openapi.json',
  }));
  app.get('/hsds/services', { schema: { tags, querystring: Filters } }, ({ query }) =>
    listHsdsServices(db, serviceFilters(query), paging(query)),
  );
  app.get('/hsds/services/:id', { schema: { tags, params: HsdsId } }, ({ params }) =>
    readHsdsService(db, params.id),
  );
  app.get('/hsds/organizations', { schema: { tags, querystring: Filters } }, ({ query }) =>
    listHsdsOrganizations(db, serviceFilters(query), paging(query)),
  );
  app.get('/hsds/organizations/:id', { schema: { tags, params: HsdsId } }, ({ params }) =>
    readHsdsOrganization(db, params.id),
  );
  app.get(
    '/hsds/service_at_locations',
    { schema: { tags, querystring: PlaceFilters } },
    ({ query }) =>
      listHsdsServiceAtLocations(
        db,
        { ...serviceFilters(query), postcode: query.postcode, proximityMeters: query.proximity },
        paging(query),
      ),
  );
  app.get('/hsds/service_at_locations/:id', { schema: { tags, params: HsdsId } }, ({ params }) =>
    readHsdsServiceAtLocation(db, params.id),
  );
  app.get('/hsds/taxonomies', { schema: { tags, querystring: TaxonomyFilters } }, ({ query }) =>
    listHsdsTaxonomies(db, query.search, paging(query)),
  );
  app.get('/hsds/taxonomies/:id', { schema: { tags, params: HsdsId } }, ({ params }) =>
    readHsdsTaxonomy(db, params.id),
  );
  app.get('/hsds/taxonomy_terms', { schema: { tags, querystring: TermFilters } }, ({ query }) =>
    listHsdsTaxonomyTerms(
      db,
      {
        search: query.search,
        taxonomyId: query.taxonomy_id,
        parentId: query.parent_id,
        topOnly: query.top_only,
      },
      paging(query),
    ),
  );
  app.get('/hsds/taxonomy_terms/:id', { schema: { tags, params: HsdsId } }, ({ params }) =>
    readHsdsTaxonomyTerm(db, params.id),
  );
};
