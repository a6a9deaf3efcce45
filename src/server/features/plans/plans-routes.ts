import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParams } from '../../../shared/contracts/common';
import {
  ActionPlan,
  Assessment,
  CaseIdParams,
  CreateFollowUpBody,
  CreatePlanReviewBody,
  FollowUp,
  FollowUpList,
  PlanPrintView,
  PlanReview,
  SaveAssessmentBody,
  SavePlanBody,
  UpdateFollowUpBody,
} from '../../../shared/contracts/plans';
import { requireActor } from '../../platform/actor';
import type { AppContext } from '../../platform/context';
import {
  addPlanReview,
  createFollowUp,
  getAssessment,
  getPlan,
  getPlanPrintView,
  listFollowUps,
  saveAssessment,
  savePlan,
  updateFollowUp,
} from './plans-service';

export const planRoutes: FastifyPluginAsyncZod<AppContext> = async (app, { db }) => {
  const tags = ['plans'];
  app.get(
    '/api/cases/:caseId/assessment',
    {
      schema: {
        tags,
        summary: 'The case\u2019s "what matters to you" assessment',
        params: CaseIdParams,
        response: { 200: Assessment },
      },
    },
    (request) => getAssessment(db, requireActor(request), request.params.caseId),
  );
  app.put(
    '/api/cases/:caseId/assessment',
    {
      schema: {
        tags,
        summary: 'Save the assessment (version 0 or none for the first save)',
        params: CaseIdParams,
        body: SaveAssessmentBody,
        response: { 200: Assessment },
      },
    },
    (request) => saveAssessment(db, requireActor(request), request.params.caseId, request.body),
  );
  app.get(
    '/api/cases/:caseId/plan',
    {
      schema: {
        tags,
        summary: 'The co-produced action plan and its reviews',
        params: CaseIdParams,
        response: { 200: ActionPlan },
      },
    },
    (request) => getPlan(db, requireActor(request), request.params.caseId),
  );
  app.put(
    '/api/cases/:caseId/plan',
    {
      schema: {
        tags,
        summary: 'Save the action plan as a whole; schedules the follow-ups it asks for',
        params: CaseIdParams,
        body: SavePlanBody,
        response: { 200: ActionPlan },
      },
    },
    (request) => savePlan(db, requireActor(request), request.params.caseId, request.body),
  );
  app.post(
    '/api/cases/:caseId/plan/reviews',
    {
      schema: {
        tags,
        summary: 'Record a review of the plan',
        params: CaseIdParams,
        body: CreatePlanReviewBody,
        response: { 201: PlanReview },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await addPlanReview(db, requireActor(request), request.params.caseId, request.body)),
  );
  app.get(
    '/api/cases/:caseId/plan/print-view',
    {
      schema: {
        tags,
        summary: 'What the one-page printout of the plan shows, in the person\u2019s language',
        params: CaseIdParams,
        response: { 200: PlanPrintView },
      },
    },
    (request) => getPlanPrintView(db, requireActor(request), request.params.caseId),
  );
  app.get(
    '/api/cases/:caseId/follow-ups',
    {
      schema: {
        tags,
        summary: 'The case\u2019s follow-ups, soonest first',
        params: CaseIdParams,
        response: { 200: FollowUpList },
      },
    },
    (request) => listFollowUps(db, requireActor(request), request.params.caseId),
  );
  app.post(
    '/api/cases/:caseId/follow-ups',
    {
      schema: {
        tags,
        summary: 'Schedule a follow-up',
        params: CaseIdParams,
        body: CreateFollowUpBody,
        response: { 201: FollowUp },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await createFollowUp(db, requireActor(request), request.params.caseId, request.body)),
  );
  app.patch(
    '/api/follow-ups/:id',
    {
      schema: {
        tags,
        summary: 'Mark a follow-up done, or move it to another day',
        params: IdParams,
        body: UpdateFollowUpBody,
        response: { 200: FollowUp },
      },
    },
    (request) => updateFollowUp(db, requireActor(request), request.params.id, request.body),
  );
};
