import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  AddCaseNoteBody,
  Agenda,
  AgendaQuery,
  Appointment,
  AppointmentList,
  CaseNote,
  CaseNoteList,
  ChangeAppointmentStatusBody,
  CreateAppointmentBody,
  EditCaseNoteBody,
  UpdateAppointmentBody,
} from '../../../shared/contracts/case-records';
import { IdParams } from '../../../shared/contracts/common';
import { CaseIdParams } from '../../../shared/contracts/plans';
import { requireActor } from '../../platform/actor';
import type { AppContext } from '../../platform/context';
import {
  addCaseNote,
  changeAppointmentStatus,
  createAppointment,
  editCaseNote,
  getAgenda,
  listAppointments,
  listCaseNotes,
  updateAppointment,
} from './case-records-service';

export const caseRecordRoutes: FastifyPluginAsyncZod<AppContext> = async (app, { db, config }) => {
  const tags = ['case records'];
  app.get(
    '/api/cases/:caseId/notes',
    {
      schema: {
        tags,
        summary: 'The notes of a case, newest first',
        params: CaseIdParams,
        response: { 200: CaseNoteList },
      },
    },
    (request) => listCaseNotes(db, requireActor(request), request.params.caseId),
  );
  app.post(
    '/api/cases/:caseId/notes',
    {
      schema: {
        tags,
        summary: 'Add a note, or a note that amends an earlier one',
        params: CaseIdParams,
        body: AddCaseNoteBody,
        response: { 201: CaseNote },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await addCaseNote(db, requireActor(request), request.params.caseId, request.body)),
  );
  app.patch(
    '/api/case-notes/:id',
    {
      schema: {
        tags,
        summary: 'Change a note: its author only, within 15 minutes of writing it',
        params: IdParams,
        body: EditCaseNoteBody,
        response: { 200: CaseNote },
      },
    },
    (request) => editCaseNote(db, requireActor(request), request.params.id, request.body),
  );
  app.get(
    '/api/cases/:caseId/appointments',
    {
      schema: {
        tags,
        summary: 'The appointments of a case, soonest first',
        params: CaseIdParams,
        response: { 200: AppointmentList },
      },
    },
    (request) => listAppointments(db, requireActor(request), request.params.caseId),
  );
  app.post(
    '/api/cases/:caseId/appointments',
    {
      schema: {
        tags,
        summary: 'Plan an appointment with the person; optionally email them an invitation',
        params: CaseIdParams,
        body: CreateAppointmentBody,
        response: { 201: Appointment },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await createAppointment(
            db,
            config,
            requireActor(request),
            request.params.caseId,
            request.body,
          ),
        ),
  );
  app.put(
    '/api/appointments/:id',
    {
      schema: {
        tags,
        summary: 'Reschedule or change a planned appointment; an invited person gets the update',
        params: IdParams,
        body: UpdateAppointmentBody,
        response: { 200: Appointment },
      },
    },
    (request) =>
      updateAppointment(db, config, requireActor(request), request.params.id, request.body),
  );
  app.post(
    '/api/appointments/:id/status',
    {
      schema: {
        tags,
        summary: 'Mark an appointment held (recorded as a contact), missed or cancelled',
        params: IdParams,
        body: ChangeAppointmentStatusBody,
        response: { 200: Appointment },
      },
    },
    (request) =>
      changeAppointmentStatus(db, config, requireActor(request), request.params.id, request.body),
  );
  app.get(
    '/api/agenda',
    {
      schema: {
        tags,
        summary: "The caller's appointments of a day or a week, cut in their site's time zone",
        querystring: AgendaQuery,
        response: { 200: Agenda },
      },
    },
    (request) => getAgenda(db, requireActor(request), request.query),
  );
};
