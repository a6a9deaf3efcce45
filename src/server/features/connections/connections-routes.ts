import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParams } from '../../../shared/contracts/common';
import {
  CaseIdParams,
  ChangeConnectionStatusBody,
  Connection,
  ConnectionList,
  CreateConnectionBody,
  LinkActionBody,
  LinkActionResult,
  LinkTokenParams,
  LinkView,
  PartnerAnswerByPhoneBody,
  PartnerConnectionDetail,
  PartnerConnectionList,
  PartnerConnectionQuery,
  PartnerStatusBody,
} from '../../../shared/contracts/connections';
import { originOf, requireActor } from '../../platform/actor';
import type { AppContext } from '../../platform/context';
import { idempotent, writeDatabase } from '../../platform/idempotency';
import { actionLinkRateLimit } from '../../platform/rate-limit';
import {
  changeConnectionStatus,
  createConnection,
  listCaseConnections,
  recordPartnerAnswerByPhone,
} from './connections-service';
import {
  actOnLink,
  changePartnerStatus,
  getPartnerConnection,
  listPartnerConnections,
  viewLink,
} from './partner-service';

export const connectionRoutes: FastifyPluginAsyncZod<AppContext> = async (app, { db, config }) => {
  const tags = ['connections'];
  app.get(
    '/api/cases/:caseId/connections',
    {
      schema: {
        tags,
        summary: "A case's connections with their status history",
        params: CaseIdParams,
        response: { 200: ConnectionList },
      },
    },
    (request) => listCaseConnections(db, requireActor(request), request.params.caseId),
  );
  app.post(
    '/api/cases/:caseId/connections',
    {
      schema: {
        tags,
        summary: 'Propose a connection to a directory service or a described activity',
        params: CaseIdParams,
        body: CreateConnectionBody,
        response: { 201: Connection },
      },
      config: idempotent,
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await createConnection(
            writeDatabase(request, db),
            requireActor(request),
            request.params.caseId,
            request.body,
          ),
        ),
  );
  app.post(
    '/api/connections/:id/status',
    {
      schema: {
        tags,
        summary: "Move a connection along its loop (the link worker's moves)",
        params: IdParams,
        body: ChangeConnectionStatusBody,
        response: { 200: Connection },
      },
    },
    (request) =>
      changeConnectionStatus(db, config, requireActor(request), request.params.id, request.body),
  );
  app.post(
    '/api/connections/:id/partner-answers',
    {
      schema: {
        tags,
        summary: "Record a partner's answer given by phone, on the partner's behalf",
        params: IdParams,
        body: PartnerAnswerByPhoneBody,
        response: { 200: Connection },
      },
    },
    (request) =>
      recordPartnerAnswerByPhone(
        db,
        config,
        requireActor(request),
        request.params.id,
        request.body,
      ),
  );

  const partnerTags = ['partner'];
  app.get(
    '/api/partner/connections',
    {
      schema: {
        tags: partnerTags,
        summary: "Connections sent to the caller's organisations",
        querystring: PartnerConnectionQuery,
        response: { 200: PartnerConnectionList },
      },
    },
    (request) => listPartnerConnections(db, requireActor(request), request.query),
  );
  app.get(
    '/api/partner/connections/:id',
    {
      schema: {
        tags: partnerTags,
        summary: 'One connection, with the minimum a partner needs',
        params: IdParams,
        response: { 200: PartnerConnectionDetail },
      },
    },
    (request) => getPartnerConnection(db, requireActor(request), request.params.id),
  );
  app.post(
    '/api/partner/connections/:id/status',
    {
      schema: {
        tags: partnerTags,
        summary: "Answer a connection (the partner's moves)",
        params: IdParams,
        body: PartnerStatusBody,
        response: { 200: PartnerConnectionDetail },
      },
    },
    (request) =>
      changePartnerStatus(db, config, requireActor(request), request.params.id, request.body),
  );

  const linkTags = ['links'];
  app.get(
    '/api/links/:token',
    {
      ...actionLinkRateLimit(app, config),
      schema: {
        tags: linkTags,
        summary: 'What an emailed link allows (public)',
        params: LinkTokenParams,
        response: { 200: LinkView },
      },
    },
    (request) => viewLink(db, config, originOf(request), request.params.token),
  );
  app.post(
    '/api/links/:token',
    {
      ...actionLinkRateLimit(app, config),
      schema: {
        tags: linkTags,
        summary: 'Take the one action an emailed link allows (public)',
        params: LinkTokenParams,
        body: LinkActionBody,
        response: { 200: LinkActionResult },
      },
    },
    (request) => actOnLink(db, config, originOf(request), request.params.token, request.body),
  );
};
