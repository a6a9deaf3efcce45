import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { CaseIdParams } from '../../../shared/contracts/plans';
import {
  AddPersonNoteBody,
  AddPersonRequestBody,
  CasePersonRequestList,
  HandlePersonRequestBody,
  PersonActivityList,
  PersonActivityParams,
  PersonConsents,
  PersonLanguageBody,
  PersonRecordAccessList,
  PersonRecordAccessQuery,
  PersonRequest,
  PersonRequestList,
  PersonRequestParams,
  PersonSaysBody,
  WithdrawConsentBody,
  PersonCaseParams,
  PersonInvitation,
  PersonNote,
  PersonNoteList,
  PersonPlan,
  PersonSession,
  PersonSignInBody,
  PersonSignInQr,
  PersonStepParams,
  AnswerPersonQuestionnaireBody,
  PersonQuestionnaireParams,
  PersonQuestionnaires,
  RequestSignInCodeBody,
  SignInCodeRequested,
  SignInWithCodeBody,
} from '../../../shared/contracts/person-space';
import { QuestionnaireAnswered } from '../../../shared/contracts/outcomes';
import { negotiateLocale } from '../../../shared/locale';
import { originOf, requireActor, requirePerson } from '../../platform/actor';
import type { AppContext } from '../../platform/context';
import { actionLinkRateLimit } from '../../platform/rate-limit';
import { noContent } from '../../platform/validation';
import { clearPersonCookie, setPersonCookie } from './person-session-plugin';
import { requestSignInCode, showSignInQr, signInWithCode } from './person-sign-in-service';
import { addPersonNote, listPersonNotes } from './person-notes-service';
import { listPersonActivities, sayOfActivity } from './person-activities-service';
import {
  answerPersonQuestionnaire,
  getPersonQuestionnaires,
} from './person-questionnaires-service';
import {
  getPersonConsents,
  listRecordAccesses,
  setPersonLanguage,
  withdrawPersonConsent,
} from './person-record-service';
import {
  addPersonRequest,
  handlePersonRequest,
  listCasePersonRequests,
  listOwnRequests,
} from './person-requests-service';
import {
  describePersonSession,
  getPersonPlan,
  invitePerson,
  markPersonStepDone,
  signInWithLink,
  signOutPerson,
} from './person-space-service';

export const personSpaceRoutes: FastifyPluginAsyncZod<AppContext> = async (app, { db, config }) => {
  app.post(
    '/api/cases/:caseId/person-invitations',
    {
      schema: {
        tags: ['person space'],
        summary:
          'Email the case’s person a one-use link (15 minutes) to their own space, in their language',
        params: CaseIdParams,
        response: { 201: PersonInvitation },
      },
    },
    async (request, reply) => {
      const sent = await invitePerson(db, config, requireActor(request), request.params.caseId);
      return reply.status(201).send(sent);
    },
  );

  app.post(
    '/api/cases/:caseId/person-sign-in-qr',
    {
      schema: {
        tags: ['person space'],
        summary:
          'The person’s sign-in link as a QR code to show them in person (one use, 5 minutes)',
        params: CaseIdParams,
        response: { 201: PersonSignInQr },
      },
    },
    async (request, reply) => {
      const shown = await showSignInQr(db, config, requireActor(request), request.params.caseId);
      return reply.status(201).send(shown);
    },
  );

  app.get(
    '/api/cases/:caseId/person-notes',
    {
      schema: {
        tags: ['person space'],
        summary: 'The notes the person wrote to their link worker from their own space',
        params: CaseIdParams,
        response: { 200: PersonNoteList },
      },
    },
    (request) => listPersonNotes(db, requireActor(request), request.params.caseId),
  );

  const tags = ['person space'];
  app.post(
    '/api/person/sign-in',
    {
      // An emailed link's page: the one budget per address of every such page.
      ...actionLinkRateLimit(app, config),
      schema: {
        tags,
        summary: 'Open a person’s session with the token of their emailed link (spent on use)',
        body: PersonSignInBody,
        response: { 200: PersonSession },
      },
    },
    async (request, reply) => {
      const { token, view } = await signInWithLink(
        db,
        config,
        originOf(request),
        request.body.token,
      );
      setPersonCookie(reply, config, token);
      return view;
    },
  );
  app.post(
    '/api/person/sign-in-codes',
    {
      ...actionLinkRateLimit(app, config),
      schema: {
        tags,
        summary:
          'Text a 6-digit sign-in code to the number when it is a person’s (the same answer either way)',
        body: RequestSignInCodeBody,
        response: { 202: SignInCodeRequested },
      },
    },
    async (request, reply) => {
      const answer = await requestSignInCode(db, config, originOf(request), request.body);
      return reply.status(202).send(answer);
    },
  );
  app.post(
    '/api/person/sign-in/code',
    {
      ...actionLinkRateLimit(app, config),
      schema: {
        tags,
        summary:
          'Open a person’s session with the code texted to their number (one use, minutes, a few tries)',
        body: SignInWithCodeBody,
        response: { 200: PersonSession },
      },
    },
    async (request, reply) => {
      const { token, view } = await signInWithCode(db, config, originOf(request), request.body);
      setPersonCookie(reply, config, token);
      return view;
    },
  );
  app.get(
    '/api/person/session',
    {
      schema: {
        tags,
        summary: 'The signed-in person: their first name, language and cases under way',
        response: { 200: PersonSession },
      },
    },
    (request) => describePersonSession(db, requirePerson(request)),
  );
  app.post(
    '/api/person/sign-out',
    { schema: { tags, summary: 'End the person’s session', response: noContent } },
    async (request, reply) => {
      await signOutPerson(db, requirePerson(request));
      clearPersonCookie(reply, config);
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/api/person/cases/:caseId/plan',
    {
      schema: {
        tags,
        summary: 'The person’s own plan on one of their cases, and how to reach their link worker',
        params: PersonCaseParams,
        response: { 200: PersonPlan },
      },
    },
    (request) => getPersonPlan(db, requirePerson(request), request.params.caseId),
  );
  app.post(
    '/api/person/cases/:caseId/plan/steps/:stepId/done',
    {
      schema: {
        tags,
        summary: 'The person marks a step of their own plan done; the link worker sees it',
        params: PersonStepParams,
        response: { 200: PersonPlan },
      },
    },
    (request) =>
      markPersonStepDone(db, requirePerson(request), request.params.caseId, request.params.stepId),
  );
  app.post(
    '/api/person/cases/:caseId/notes',
    {
      schema: {
        tags,
        summary: 'The person writes a note for their link worker, shown on the case',
        params: PersonCaseParams,
        body: AddPersonNoteBody,
        response: { 201: PersonNote },
      },
    },
    async (request, reply) => {
      const note = await addPersonNote(
        db,
        requirePerson(request),
        request.params.caseId,
        request.body,
      );
      return reply.status(201).send(note);
    },
  );

  app.get(
    '/api/person/cases/:caseId/activities',
    {
      schema: {
        tags,
        summary:
          'The person’s activities on one of their cases: what, where, when, cost, whom to contact, status',
        params: PersonCaseParams,
        response: { 200: PersonActivityList },
      },
    },
    (request) => listPersonActivities(db, config, requirePerson(request), request.params.caseId),
  );
  app.post(
    '/api/person/cases/:caseId/activities/:connectionId/said',
    {
      schema: {
        tags,
        summary:
          'The person says they went, stopped (why) or would like something else; the link worker is told',
        params: PersonActivityParams,
        body: PersonSaysBody,
        response: { 200: PersonActivityList },
      },
    },
    (request) =>
      sayOfActivity(
        db,
        config,
        requirePerson(request),
        request.params.caseId,
        request.params.connectionId,
        request.body,
      ),
  );
  app.get(
    '/api/person/cases/:caseId/questionnaires',
    {
      schema: {
        tags,
        summary:
          'The questionnaires due on one of the person’s cases, in their words, and their own scores over time',
        params: PersonCaseParams,
        response: { 200: PersonQuestionnaires },
      },
    },
    (request) => {
      const person = requirePerson(request);
      // The page asks in the language it shows, which may be ahead of the one on the record.
      const locale = negotiateLocale(request.headers['accept-language']) ?? person.locale;
      return getPersonQuestionnaires(db, person, request.params.caseId, locale);
    },
  );
  app.post(
    '/api/person/cases/:caseId/questionnaires/:timepoint/answers',
    {
      schema: {
        tags,
        summary:
          'The person answers the questionnaires due at a timepoint; an answer that raises an alert does what it does from an emailed questionnaire',
        params: PersonQuestionnaireParams,
        body: AnswerPersonQuestionnaireBody,
        response: { 201: QuestionnaireAnswered },
      },
    },
    async (request, reply) => {
      const answered = await answerPersonQuestionnaire(
        db,
        config,
        requirePerson(request),
        request.params.caseId,
        request.params.timepoint,
        request.body.answers,
      );
      return reply.status(201).send(answered);
    },
  );
  app.get(
    '/api/person/record-accesses',
    {
      schema: {
        tags,
        summary:
          'Who opened the person’s record and when, by role and organisation or site, newest first',
        querystring: PersonRecordAccessQuery,
        response: { 200: PersonRecordAccessList },
      },
    },
    (request) => listRecordAccesses(db, requirePerson(request), request.query),
  );
  app.get(
    '/api/person/consents',
    {
      schema: {
        tags,
        summary:
          'What the person’s consents cover now: updates to the referrer, sharing with partners',
        response: { 200: PersonConsents },
      },
    },
    (request) => getPersonConsents(db, requirePerson(request)),
  );
  app.post(
    '/api/person/consents/withdrawals',
    {
      schema: {
        tags,
        summary:
          'The person withdraws updates to the referrer or sharing with partners, at once, everywhere',
        body: WithdrawConsentBody,
        response: { 200: PersonConsents },
      },
    },
    (request) => withdrawPersonConsent(db, requirePerson(request), request.body.scope),
  );
  app.put(
    '/api/person/language',
    {
      schema: {
        tags,
        summary: 'The person’s language, kept on their record',
        body: PersonLanguageBody,
        response: noContent,
      },
    },
    async (request, reply) => {
      await setPersonLanguage(db, requirePerson(request), request.body.locale);
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/api/person/cases/:caseId/requests',
    {
      schema: {
        tags,
        summary:
          'The person’s requests for correction or erasure on a case, and how each was handled',
        params: PersonCaseParams,
        response: { 200: PersonRequestList },
      },
    },
    (request) => listOwnRequests(db, requirePerson(request), request.params.caseId),
  );
  app.post(
    '/api/person/cases/:caseId/requests',
    {
      schema: {
        tags,
        summary:
          'The person asks for a correction or erasure of their record; the site manager is told',
        params: PersonCaseParams,
        body: AddPersonRequestBody,
        response: { 201: PersonRequest },
      },
    },
    async (request, reply) => {
      const made = await addPersonRequest(
        db,
        config,
        requirePerson(request),
        request.params.caseId,
        request.body,
      );
      return reply.status(201).send(made);
    },
  );
  app.get(
    '/api/cases/:caseId/person-requests',
    {
      schema: {
        tags,
        summary: 'The person’s requests for correction or erasure, for those who work on the case',
        params: CaseIdParams,
        response: { 200: CasePersonRequestList },
      },
    },
    (request) => listCasePersonRequests(db, requireActor(request), request.params.caseId),
  );
  app.post(
    '/api/cases/:caseId/person-requests/:requestId/handling',
    {
      schema: {
        tags,
        summary:
          'A site manager records how a person’s request was handled: done, or refused with why',
        params: PersonRequestParams,
        body: HandlePersonRequestBody,
        response: { 200: CasePersonRequestList },
      },
    },
    (request) =>
      handlePersonRequest(
        db,
        requireActor(request),
        request.params.caseId,
        request.params.requestId,
        request.body,
      ),
  );
};
