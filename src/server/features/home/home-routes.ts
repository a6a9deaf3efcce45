import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { HomeView } from '../../../shared/contracts/home';
import { requireActor } from '../../platform/actor';
import type { AppContext } from '../../platform/context';
import { readHome } from './home-service';

export const homeRoutes: FastifyPluginAsyncZod<AppContext> = async (app, { db, config }) => {
  app.get(
    '/api/home',
    {
      schema: {
        tags: ['home'],
        summary:
          "The day's work of each role the caller holds, as counts linking to where it is done",
        response: { 200: HomeView },
      },
    },
    (request) => readHome(db, config, requireActor(request)),
  );
};
