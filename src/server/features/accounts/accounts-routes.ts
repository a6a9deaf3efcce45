import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  Account,
  AccountList,
  AccountListQuery,
  CreateAccountBody,
  GrantInput,
  GrantParams,
  SetPasswordBody,
  UpdateAccountBody,
} from '../../../shared/contracts/accounts';
import { IdParams } from '../../../shared/contracts/common';
import { requireActor } from '../../platform/actor';
import type { AppContext } from '../../platform/context';
import {
  addGrant,
  createAccount,
  getAccount,
  listAccounts,
  removeGrant,
  setAccountPassword,
  updateAccountDetails,
} from './accounts-service';
import { noContent } from '../../platform/validation';

export const accountRoutes: FastifyPluginAsyncZod<AppContext> = async (app, { db }) => {
  const tags = ['accounts'];
  app.get(
    '/api/accounts',
    {
      schema: {
        tags,
        summary: 'List accounts',
        querystring: AccountListQuery,
        response: { 200: AccountList },
      },
    },
    (request) => listAccounts(db, requireActor(request), request.query),
  );
  app.get(
    '/api/accounts/:id',
    { schema: { tags, summary: 'Read one account', params: IdParams, response: { 200: Account } } },
    (request) => getAccount(db, requireActor(request), request.params.id),
  );
  app.post(
    '/api/accounts',
    {
      schema: {
        tags,
        summary: 'Create an account with its roles',
        body: CreateAccountBody,
        response: { 201: Account },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createAccount(db, requireActor(request), request.body)),
  );
  app.patch(
    '/api/accounts/:id',
    {
      schema: {
        tags,
        summary: 'Change an account',
        params: IdParams,
        body: UpdateAccountBody,
        response: { 200: Account },
      },
    },
    (request) => updateAccountDetails(db, requireActor(request), request.params.id, request.body),
  );
  app.post(
    '/api/accounts/:id/password',
    {
      schema: {
        tags,
        summary: 'Set a new password (also lifts a lockout)',
        params: IdParams,
        body: SetPasswordBody,
        response: noContent,
      },
    },
    async (request, reply) => {
      await setAccountPassword(db, requireActor(request), request.params.id, request.body);
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/api/accounts/:id/grants',
    {
      schema: {
        tags,
        summary: 'Grant a role',
        params: IdParams,
        body: GrantInput,
        response: { 201: Account },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await addGrant(db, requireActor(request), request.params.id, request.body)),
  );
  app.delete(
    '/api/accounts/:id/grants/:grantId',
    { schema: { tags, summary: 'Revoke a role', params: GrantParams, response: { 200: Account } } },
    (request) => removeGrant(db, requireActor(request), request.params.id, request.params.grantId),
  );
};
