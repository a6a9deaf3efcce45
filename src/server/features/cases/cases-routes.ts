import { publicBaseUrl } from '../../platform/public-url';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  AssignCaseBody,
  CaseDetail,
  CaseloadList,
  CaseloadQuery,
  ChangeCaseStatusBody,
  ConcernParams,
  RaiseSafeguardingBody,
  ReassignCasesBody,
  ReassignCasesResult,
  CaseSearchBody,
  CaseSearchResult,
  RecordContactBody,
  TakeCaseBody,
  TriageList,
  TriageQuery,
} from '../../../shared/contracts/cases';
import { IdParams } from '../../../shared/contracts/common';
import type { Config } from '../../config';
import { requireActor } from '../../platform/actor';
import type { AppContext } from '../../platform/context';
import type { Links } from './case-detail';
import { assignCase, changeCaseStatus, takeCase } from './case-status-service';
import { getCase, listCaseload, listTriage } from './caseload-service';
import { recordContact } from './contacts-service';
import { reassignCases } from './reassign-service';
import { searchCases } from './case-search-service';
import { acknowledgeConcern, raiseConcern } from './safeguarding-service';

/** The app's public address for links in emails; without PUBLIC_URL, the local server. */
function linksOf(config: Config): Links {
  return { publicUrl: publicBaseUrl(config) };
}

export const caseRoutes: FastifyPluginAsyncZod<AppContext> = async (app, { db, config }) => {
  const tags = ['cases'];
  const links = linksOf(config);
  app.get(
    '/api/cases/triage',
    {
      schema: {
        tags,
        summary: "New cases of the caller's sites, waiting to be taken",
        querystring: TriageQuery,
        response: { 200: TriageList },
      },
    },
    (request) => listTriage(db, requireActor(request), request.query),
  );
  app.get(
    '/api/cases/caseload',
    {
      schema: {
        tags,
        summary: 'Open cases of a link worker (or of the whole site) with stage and next action',
        querystring: CaseloadQuery,
        response: { 200: CaseloadList },
      },
    },
    (request) => listCaseload(db, requireActor(request), request.query),
  );
  app.post(
    '/api/cases/search',
    {
      schema: {
        tags,
        summary:
          "People and their cases at the caller's sites, by name, reference, date of birth or phone (terms in the body, never the URL)",
        body: CaseSearchBody,
        response: { 200: CaseSearchResult },
      },
    },
    (request) => searchCases(db, requireActor(request), request.body),
  );
  app.post(
    '/api/cases/reassignments',
    {
      schema: {
        tags,
        summary:
          'Reassign open cases of a site to one of its link workers, all or none (site manager)',
        body: ReassignCasesBody,
        response: { 200: ReassignCasesResult },
      },
    },
    (request) => reassignCases(db, requireActor(request), request.body),
  );
  app.get(
    '/api/cases/:id',
    {
      schema: {
        tags,
        summary: 'A case, with what the caller may do on it',
        params: IdParams,
        response: { 200: CaseDetail },
      },
    },
    (request) => getCase(db, requireActor(request), request.params.id),
  );
  app.post(
    '/api/cases/:id/take',
    {
      schema: {
        tags,
        summary: 'Take a new case (link worker)',
        params: IdParams,
        body: TakeCaseBody,
        response: { 200: CaseDetail },
      },
    },
    (request) => takeCase(db, requireActor(request), request.params.id, request.body),
  );
  app.post(
    '/api/cases/:id/assign',
    {
      schema: {
        tags,
        summary: 'Assign or reassign a case to a link worker of its site (site manager)',
        params: IdParams,
        body: AssignCaseBody,
        response: { 200: CaseDetail },
      },
    },
    (request) => assignCase(db, requireActor(request), request.params.id, request.body),
  );
  app.post(
    '/api/cases/:id/contacts',
    {
      schema: {
        tags,
        summary: 'Record a contact attempt or encounter',
        params: IdParams,
        body: RecordContactBody,
        response: { 201: CaseDetail },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await recordContact(db, requireActor(request), request.params.id, request.body)),
  );
  app.post(
    '/api/cases/:id/status',
    {
      schema: {
        tags,
        summary: 'Accept, decline, close as unreachable or discharge a case',
        params: IdParams,
        body: ChangeCaseStatusBody,
        response: { 200: CaseDetail },
      },
    },
    (request) =>
      changeCaseStatus(db, requireActor(request), request.params.id, request.body, links),
  );
  app.post(
    '/api/cases/:id/safeguarding',
    {
      schema: {
        tags,
        summary: 'Raise a safeguarding concern: the site managers are alerted at once',
        params: IdParams,
        body: RaiseSafeguardingBody,
        response: { 201: CaseDetail },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await raiseConcern(db, requireActor(request), request.params.id, request.body, links),
        ),
  );
  app.post(
    '/api/cases/:id/safeguarding/:concernId/acknowledge',
    {
      schema: {
        tags,
        summary: 'Acknowledge a safeguarding concern (site manager)',
        params: ConcernParams,
        response: { 200: CaseDetail },
      },
    },
    (request) =>
      acknowledgeConcern(db, requireActor(request), request.params.id, request.params.concernId),
  );
};
