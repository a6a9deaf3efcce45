import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParams } from '../../../shared/contracts/common';
import { CaseIdParams } from '../../../shared/contracts/plans';
import {
  ActivitySearchProfile,
  CreateVocabularyBody,
  DirectorySearchQuery,
  DirectorySearchResult,
  UpdateVocabularyBody,
  VocabularyEntry,
  VocabularyList,
} from '../../../shared/contracts/search';
import { requireActor } from '../../platform/actor';
import type { AppContext } from '../../platform/context';
import {
  createVocabularyEntry,
  listVocabulary,
  removeVocabularyEntry,
  searchDirectory,
  updateVocabularyEntry,
} from './search-service';
import { noContent } from '../../platform/validation';
import { getActivitySearchProfile } from './search-person-service';

export const searchRoutes: FastifyPluginAsyncZod<AppContext> = async (app, { db, config }) => {
  const tags = ['search'];
  app.get(
    '/api/directory/search',
    {
      schema: {
        tags,
        summary: 'Search the directory in French or English, with filters',
        description:
          'Words with or without accents, small typos, singular or plural, across languages through the vocabulary. Each hit says why it matched.',
        querystring: DirectorySearchQuery,
        response: { 200: DirectorySearchResult },
      },
    },
    (request) =>
      searchDirectory(
        db,
        requireActor(request),
        request.query,
        request.locale,
        config.directory.staleAfterDays,
      ),
  );
  app.get(
    '/api/cases/:caseId/activity-search',
    {
      schema: {
        tags,
        summary: 'What a directory search for the case’s person starts from',
        description:
          'Their postal code and language, the categories their needs point to and their interests, read from the case, so that no personal detail travels in the address of the search.',
        params: CaseIdParams,
        response: { 200: ActivitySearchProfile },
      },
    },
    (request) => getActivitySearchProfile(db, requireActor(request), request.params.caseId),
  );
  app.get(
    '/api/search/vocabulary',
    { schema: { tags, summary: 'List the search vocabulary', response: { 200: VocabularyList } } },
    (request) => listVocabulary(db, requireActor(request)),
  );
  app.post(
    '/api/search/vocabulary',
    {
      schema: {
        tags,
        summary: 'Add a vocabulary entry',
        body: CreateVocabularyBody,
        response: { 201: VocabularyEntry },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createVocabularyEntry(db, requireActor(request), request.body)),
  );
  app.patch(
    '/api/search/vocabulary/:id',
    {
      schema: {
        tags,
        summary: 'Change a vocabulary entry',
        params: IdParams,
        body: UpdateVocabularyBody,
        response: { 200: VocabularyEntry },
      },
    },
    (request) => updateVocabularyEntry(db, requireActor(request), request.params.id, request.body),
  );
  app.delete(
    '/api/search/vocabulary/:id',
    {
      schema: { tags, summary: 'Remove a vocabulary entry', params: IdParams, response: noContent },
    },
    async (request, reply) => {
      await removeVocabularyEntry(db, requireActor(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
};
