import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  EmailListingBody,
  EmailListingResult,
  ListingDetail,
  ListingDetailParams,
} from '../../../shared/contracts/listing-detail';
import { CaseIdParams } from '../../../shared/contracts/plans';
import { requireActor } from '../../platform/actor';
import type { AppContext } from '../../platform/context';
import { readListingDetail } from './listing-detail-service';
import { emailListingToPerson } from './listing-email-service';

export const listingDetailRoutes: FastifyPluginAsyncZod<AppContext> = async (
  app,
  { db, config },
) => {
  app.get(
    '/api/directory/services/:serviceId',
    {
      schema: {
        tags: ['directory'],
        summary: 'One listing in full, in the caller’s language where it has it',
        params: ListingDetailParams,
        response: { 200: ListingDetail },
      },
    },
    (request) =>
      readListingDetail(
        db,
        requireActor(request),
        request.params.serviceId,
        request.locale,
        config.directory.staleAfterDays,
      ),
  );
  app.post(
    '/api/cases/:caseId/listing-emails',
    {
      schema: {
        tags: ['directory'],
        summary: 'Email a listing to the case’s person, in their language',
        description:
          'Queues the listing’s details (what, where, when, cost, languages, contact) in the outbox, to the person’s email address; nothing of their case goes in it.',
        params: CaseIdParams,
        body: EmailListingBody,
        response: { 201: EmailListingResult },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await emailListingToPerson(
            db,
            requireActor(request),
            request.params.caseId,
            request.body.serviceId,
            config.directory.staleAfterDays,
          ),
        ),
  );
};
