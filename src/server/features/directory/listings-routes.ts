import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParams } from '../../../shared/contracts/common';
import {
  ApproveChangeBody,
  ChangeRequest,
  ChangeRequestList,
  ChangeRequestQuery,
  ConfirmListingResult,
  MyListings,
  ProposeChangeBody,
  RejectChangeBody,
  ServiceIdParams,
} from '../../../shared/contracts/listings';
import { requireActor } from '../../platform/actor';
import type { AppContext } from '../../platform/context';
import {
  approveChangeRequest,
  confirmListing,
  listChangeRequests,
  listMyListings,
  proposeListingChange,
  rejectChangeRequest,
} from './listings-service';

export const listingsRoutes: FastifyPluginAsyncZod<AppContext> = async (app, { db, config }) => {
  const tags = ['directory'];
  const settings = { staleAfterDays: config.directory.staleAfterDays };
  app.get(
    '/api/directory/my-listings',
    {
      schema: {
        tags,
        summary: 'The listings of my organisation, with their pending changes',
        response: { 200: MyListings },
      },
    },
    (request) => listMyListings(db, requireActor(request), settings),
  );
  app.post(
    '/api/directory/change-requests',
    {
      schema: {
        tags,
        summary: 'Propose a change to one of my listings; it is public once a reviewer approves it',
        description:
          'The resulting HSDS record is checked against the HSDS 3.1 definitions first: an invalid one answers 400 with the field and the reason.',
        body: ProposeChangeBody,
        response: { 201: ChangeRequest },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await proposeListingChange(db, requireActor(request), settings, request.body)),
  );
  app.post(
    '/api/directory/listings/:serviceId/confirm',
    {
      schema: {
        tags,
        summary: 'Say a listing is still accurate',
        params: ServiceIdParams,
        response: { 200: ConfirmListingResult },
      },
    },
    (request) => confirmListing(db, requireActor(request), settings, request.params.serviceId),
  );
  app.get(
    '/api/directory/change-requests',
    {
      schema: {
        tags,
        summary: 'The moderation queue: proposed changes with what they would change',
        querystring: ChangeRequestQuery,
        response: { 200: ChangeRequestList },
      },
    },
    (request) => listChangeRequests(db, requireActor(request), settings, request.query),
  );
  app.post(
    '/api/directory/change-requests/:id/approve',
    {
      schema: {
        tags,
        summary: 'Approve a proposed change: it is written to the directory with its history',
        params: IdParams,
        body: ApproveChangeBody,
        response: { 200: ChangeRequest },
      },
    },
    (request) =>
      approveChangeRequest(db, requireActor(request), settings, request.params.id, request.body),
  );
  app.post(
    '/api/directory/change-requests/:id/reject',
    {
      schema: {
        tags,
        summary: 'Reject a proposed change, saying why',
        params: IdParams,
        body: RejectChangeBody,
        response: { 200: ChangeRequest },
      },
    },
    (request) =>
      rejectChangeRequest(db, requireActor(request), settings, request.params.id, request.body),
  );
};
