import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/client';
import { originOf } from '../../platform/actor';
import { AppError } from '../../platform/errors';
import { recordAudit } from './audit-service';

/**
 * Every refusal of access to a person's record (an AppError whose `refused` names the
 * record, set where access is decided: requireCase, the partner's connections, emailed
 * links...) becomes one denied event: who, the route attempted, the record, from where.
 * It is written on its own, after the failed request's transaction has rolled back.
 */
export function auditRefusals(app: FastifyInstance, db: Database): void {
  app.addHook('onError', async (request, _reply, error) => {
    if (!(error instanceof AppError) || !error.options.refused) return;
    const { subjectType, subjectId, siteId } = error.options.refused;
    const who = { accountId: request.actor?.accountId ?? null, origin: originOf(request) };
    await recordAudit(db, who, {
      action: 'access.denied',
      outcome: 'denied',
      subjectType,
      ...(subjectId ? { subjectId } : {}),
      siteId: siteId ?? null,
      details: {
        attempted: `${request.method} ${request.routeOptions.url ?? ''}`,
        refusal: error.code,
        // A person in their own space has no account: the trail says it was them.
        ...(request.person ? { via: 'person_session' } : {}),
      },
    }).catch((failure: unknown) =>
      request.log.error({ err: failure }, 'a refusal could not be audited'),
    );
  });
}
