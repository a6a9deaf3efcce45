import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  AmendMeasurementBody,
  AnswerQuestionnaireBody,
  CaseOutcomes,
  CaseOutcomesQuery,
  CreateMeasurementLinkBody,
  MeasurementLink,
  MeasurementParams,
  OutcomesCaseParams,
  Questionnaire,
  QuestionnaireAnswered,
  QuestionnaireParams,
  QuestionnaireQuery,
  RecordMeasurementBody,
  RecordMeasurementResult,
  VoidMeasurementBody,
} from '../../../shared/contracts/outcomes';
import { originOf, requireActor } from '../../platform/actor';
import type { AppContext } from '../../platform/context';
import { idempotent, writeDatabase } from '../../platform/idempotency';
import { actionLinkRateLimit } from '../../platform/rate-limit';
import { noContent } from '../../platform/validation';
import {
  amendMeasurement,
  getCaseOutcomes,
  recordMeasurement,
  voidMeasurement,
} from './measurements-service';
import {
  answerQuestionnaire,
  createMeasurementLink,
  getQuestionnaire,
} from './questionnaire-service';

export const outcomeRoutes: FastifyPluginAsyncZod<AppContext> = async (app, { db, config }) => {
  const tags = ['outcomes'];
  app.get(
    '/api/cases/:caseId/measurements',
    {
      schema: {
        tags,
        summary:
          "The case's outcome measurements by instrument (with the voided ones as history), those due, and the timepoint to record next",
        params: OutcomesCaseParams,
        querystring: CaseOutcomesQuery,
        response: { 200: CaseOutcomes },
      },
    },
    (request) =>
      getCaseOutcomes(db, requireActor(request), request.params.caseId, {
        closing: request.query.closing === 'true',
      }),
  );
  app.post(
    '/api/cases/:caseId/measurements',
    {
      schema: {
        tags,
        summary: 'Record a measurement at a timepoint; scores are derived from the answers',
        params: OutcomesCaseParams,
        body: RecordMeasurementBody,
        response: { 201: RecordMeasurementResult },
      },
      config: idempotent,
    },
    async (request, reply) => {
      const result = await recordMeasurement(
        writeDatabase(request, db),
        config,
        requireActor(request),
        request.params.caseId,
        request.body,
        request.locale,
      );
      return reply.status(201).send(result);
    },
  );
  app.post(
    '/api/cases/:caseId/measurements/:measurementId/amendments',
    {
      schema: {
        tags,
        summary:
          'Correct a measurement: the answers entered again replace it (scored afresh); the old one is kept, voided as amended',
        params: MeasurementParams,
        body: AmendMeasurementBody,
        response: { 201: RecordMeasurementResult },
      },
    },
    async (request, reply) => {
      const result = await amendMeasurement(
        db,
        config,
        requireActor(request),
        request.params,
        request.body,
        request.locale,
      );
      return reply.status(201).send(result);
    },
  );
  app.post(
    '/api/cases/:caseId/measurements/:measurementId/void',
    {
      schema: {
        tags,
        summary:
          'Void a measurement with a reason (entered in error, wrong person, other): kept on the case, counted nowhere',
        params: MeasurementParams,
        body: VoidMeasurementBody,
        response: noContent,
      },
    },
    async (request, reply) => {
      await voidMeasurement(db, requireActor(request), request.params, request.body);
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/api/cases/:caseId/measurement-links',
    {
      schema: {
        tags,
        summary: 'A one-use questionnaire link for the person (emailed, or shown as a QR code)',
        params: OutcomesCaseParams,
        body: CreateMeasurementLinkBody,
        response: { 201: MeasurementLink },
      },
    },
    async (request, reply) => {
      const link = await createMeasurementLink(
        db,
        config,
        requireActor(request),
        request.params.caseId,
        request.body,
      );
      return reply.status(201).send(link);
    },
  );

  const publicTags = ['questionnaires'];
  app.get(
    '/api/questionnaires/:token',
    {
      ...actionLinkRateLimit(app, config),
      schema: {
        tags: publicTags,
        summary: 'The questions a questionnaire link asks (public)',
        params: QuestionnaireParams,
        querystring: QuestionnaireQuery,
        response: { 200: Questionnaire },
      },
    },
    (request) =>
      getQuestionnaire(db, config, originOf(request), request.params.token, request.query.locale),
  );
  app.post(
    '/api/questionnaires/:token',
    {
      ...actionLinkRateLimit(app, config),
      schema: {
        tags: publicTags,
        summary: "The person's answers; spends the link (public)",
        params: QuestionnaireParams,
        body: AnswerQuestionnaireBody,
        response: { 200: QuestionnaireAnswered },
      },
    },
    (request) =>
      answerQuestionnaire(db, config, originOf(request), request.params.token, request.body),
  );
};
