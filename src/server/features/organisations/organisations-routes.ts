import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParams } from '../../../shared/contracts/common';
import {
  CreateOrganisationBody,
  Organisation,
  OrganisationList,
  UpdateOrganisationBody,
} from '../../../shared/contracts/organisations';
import { CreateSiteBody, Site, SiteList, UpdateSiteBody } from '../../../shared/contracts/sites';
import { requireActor } from '../../platform/actor';
import type { AppContext } from '../../platform/context';
import {
  createOrganisation,
  createSite,
  listOrganisations,
  listSites,
  updateOrganisation,
  updateSite,
} from './organisations-service';

export const organisationRoutes: FastifyPluginAsyncZod<AppContext> = async (app, { db }) => {
  const tags = ['organisations'];
  app.get(
    '/api/organisations',
    { schema: { tags, summary: 'List organisations', response: { 200: OrganisationList } } },
    (request) => listOrganisations(db, requireActor(request)),
  );
  app.post(
    '/api/organisations',
    {
      schema: {
        tags,
        summary: 'Create an organisation',
        body: CreateOrganisationBody,
        response: { 201: Organisation },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createOrganisation(db, requireActor(request), request.body)),
  );
  app.patch(
    '/api/organisations/:id',
    {
      schema: {
        tags,
        summary: 'Change an organisation',
        params: IdParams,
        body: UpdateOrganisationBody,
        response: { 200: Organisation },
      },
    },
    (request) => updateOrganisation(db, requireActor(request), request.params.id, request.body),
  );

  const siteTags = ['sites'];
  app.get(
    '/api/sites',
    {
      schema: {
        tags: siteTags,
        summary: 'List the sites the caller may see',
        response: { 200: SiteList },
      },
    },
    (request) => listSites(db, requireActor(request)),
  );
  app.post(
    '/api/sites',
    {
      schema: {
        tags: siteTags,
        summary: 'Create a site',
        body: CreateSiteBody,
        response: { 201: Site },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createSite(db, requireActor(request), request.body)),
  );
  app.patch(
    '/api/sites/:id',
    {
      schema: {
        tags: siteTags,
        summary: 'Change a site',
        params: IdParams,
        body: UpdateSiteBody,
        response: { 200: Site },
      },
    },
    (request) => updateSite(db, requireActor(request), request.params.id, request.body),
  );
};
