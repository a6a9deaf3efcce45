import type {
  AddPersonRequestBody,
  CasePersonRequestList,
  HandlePersonRequestBody,
  PersonRequest,
  PersonRequestList,
} from '../../../shared/contracts/person-space';
import type { Config } from '../../config';
import type { Database } from '../../db/client';
import type { Actor, PersonActor } from '../../platform/actor';
import { AppError, forbidden, notFound, staleVersion } from '../../platform/errors';
import { translatorFor } from '../../platform/i18n';
import { queueEmails } from '../../platform/mail/outbox';
import { publicBaseUrl } from '../../platform/public-url';
import { caseSubject, recordAudit } from '../audit';
import { canAssignCases, requireCase, selectSiteStaff } from '../cases';
import { presentCasePersonRequest, presentPersonRequest } from './person-space-presenter';
import {
  findCaseReference,
  findPersonRequest,
  insertPersonRequest,
  selectPersonRequests,
  updatePersonRequestHandling,
} from './person-space-queries';
import {
  requireOwnCase,
  requireOwnOpenCase,
  viaPersonSession,
  whoIs,
} from './person-space-service';

/**
 * The person asks for their record to be corrected or erased: kept on the case and told to
 * every site manager of the case's site (an email that names the case and the kind of
 * request, never its words, and a notification). Audited.
 */
export async function addPersonRequest(
  db: Database,
  config: Config,
  person: PersonActor,
  caseId: string,
  input: AddPersonRequestBody,
): Promise<PersonRequest> {
  return db.transaction(async (tx) => {
    const row = await requireOwnOpenCase(tx, person, caseId);
    const request = await insertPersonRequest(tx, {
      caseId,
      personId: person.personId,
      siteId: row.siteId,
      kind: input.kind,
      body: input.body,
    });
    const reference = (await findCaseReference(tx, caseId)) ?? '';
    const managers = await selectSiteStaff(tx, 'site_manager', [row.siteId]);
    await queueEmails(
      tx,
      managers.map((manager) => {
        const t = translatorFor(manager.locale ?? person.locale);
        const values = {
          reference,
          kind: t(`emails:personSpace.kinds.${input.kind}`),
          url: `${publicBaseUrl(config)}/cases/${caseId}`,
        };
        return {
          kind: 'person.request_made',
          to: manager.email,
          subject: t('emails:personSpace.requestSubject', values),
          text: t('emails:personSpace.requestText', values),
          notify: { caseId, params: { reference, kind: input.kind } },
        };
      }),
    );
    await recordAudit(tx, whoIs(person), {
      action: 'person.request_made',
      ...caseSubject({ id: row.caseId, siteId: row.siteId }),
      details: {
        ...viaPersonSession,
        requestId: request.id,
        kind: input.kind,
        told: managers.length,
      },
    });
    return presentPersonRequest(request);
  });
}

/** The person's requests on one of their cases, with how each was handled. */
export async function listOwnRequests(
  db: Database,
  person: PersonActor,
  caseId: string,
): Promise<PersonRequestList> {
  return db.transaction(async (tx) => {
    const row = await requireOwnCase(tx, person, caseId);
    await recordAudit(tx, whoIs(person), {
      action: 'person.requests_viewed',
      ...caseSubject({ id: row.caseId, siteId: row.siteId }),
      details: viaPersonSession,
    });
    return { items: (await selectPersonRequests(tx, caseId)).map(presentPersonRequest) };
  });
}

/** The person's requests on a case, for whoever works on it; reading them is audited. */
export async function listCasePersonRequests(
  db: Database,
  actor: Actor,
  caseId: string,
): Promise<CasePersonRequestList> {
  return db.transaction(async (tx) => {
    const row = await requireCase(tx, actor, caseId);
    await recordAudit(tx, actor, { action: 'person_requests.read', ...caseSubject(row) });
    return {
      items: (await selectPersonRequests(tx, caseId)).map(presentCasePersonRequest),
      canHandle: canAssignCases(actor, row.siteId),
    };
  });
}

/**
 * A site manager of the case's site records how a request was handled: done, or refused with
 * why; the person sees it. Once handled it stays so. Audited.
 */
export async function handlePersonRequest(
  db: Database,
  actor: Actor,
  caseId: string,
  requestId: string,
  input: HandlePersonRequestBody,
): Promise<CasePersonRequestList> {
  return db.transaction(async (tx) => {
    const row = await requireCase(tx, actor, caseId);
    if (!canAssignCases(actor, row.siteId))
      throw forbidden({ subjectType: 'case', subjectId: caseId, siteId: row.siteId });
    const request = await findPersonRequest(tx, caseId, requestId);
    if (!request) throw notFound();
    if (request.status !== 'open') throw new AppError('person_request_handled');
    if (request.version !== input.version) throw staleVersion();
    const saved = await updatePersonRequestHandling(tx, {
      id: requestId,
      caseId,
      version: input.version,
      status: input.status,
      response: input.response ?? null,
      handledBy: actor.accountId,
    });
    if (!saved) throw staleVersion();
    await recordAudit(tx, actor, {
      action: 'person_request.handled',
      ...caseSubject(row),
      details: { requestId, kind: request.kind, status: input.status },
    });
    return {
      items: (await selectPersonRequests(tx, caseId)).map(presentCasePersonRequest),
      canHandle: true,
    };
  });
}
