import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { countAppliedMigrations, countShippedMigrations, type Database } from '../db/client';

const Ready = z.object({
  status: z.enum(['ready', 'not_ready']),
  migrations: z.object({ applied: z.int(), shipped: z.int() }),
});

/** /healthz: the process answers. /readyz: the database answers and every migration is applied. */
export const healthRoutes: FastifyPluginAsyncZod<{ db: Database }> = async (app, { db }) => {
  const shipped = countShippedMigrations();
  app.get(
    '/healthz',
    { schema: { tags: ['health'], response: { 200: z.object({ status: z.literal('ok') }) } } },
    () => ({ status: 'ok' as const }),
  );
  app.get(
    '/readyz',
    { schema: { tags: ['health'], response: { 200: Ready, 503: Ready } } },
    async (_request, reply) => {
      const applied = await countAppliedMigrations(db).catch(() => -1);
      const ready = applied === shipped;
      return reply
        .status(ready ? 200 : 503)
        .send({ status: ready ? 'ready' : 'not_ready', migrations: { applied, shipped } });
    },
  );
};
