import type { ListingDetail } from '../../../shared/contracts/listing-detail';
import type {
  PersonActivity,
  PersonActivityList,
  PersonSaysBody,
} from '../../../shared/contracts/person-space';
import type { Config } from '../../config';
import type { Database } from '../../db/client';
import type { PersonActor } from '../../platform/actor';
import { AppError } from '../../platform/errors';
import { caseSubject, recordAudit } from '../audit';
import { isClosed } from '../cases';
import { recordPersonSays } from '../connections';
import { listingDetail } from '../directory';
import { presentPersonActivity } from './person-space-presenter';
import { selectPersonActivities, selectPersonSaid } from './person-space-queries';
import {
  requireOwnCase,
  requireOwnOpenCase,
  viaPersonSession,
  whoIs,
} from './person-space-service';

/** The case's activities with where, when, what they cost and whom to contact. */
async function activitiesOf(
  db: Database,
  config: Config,
  person: PersonActor,
  caseId: string,
  canSay: boolean,
): Promise<PersonActivity[]> {
  const rows = await selectPersonActivities(db, caseId);
  const said = await selectPersonSaid(
    db,
    rows.map((row) => row.id),
  );
  const listings = new Map<string, ListingDetail>();
  for (const serviceId of new Set(rows.flatMap((row) => (row.serviceId ? [row.serviceId] : [])))) {
    // A listing withdrawn from the directory since leaves what the connection itself says.
    const listing = await listingDetail(
      db,
      serviceId,
      person.locale,
      config.directory.staleAfterDays,
    ).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'not_found') return null;
      throw error;
    });
    if (listing) listings.set(serviceId, listing);
  }
  return rows.map((row) =>
    presentPersonActivity(
      row,
      row.serviceId ? (listings.get(row.serviceId) ?? null) : null,
      said.filter((s) => s.connectionId === row.id),
      canSay,
    ),
  );
}

/** The person's activities on one of their cases; audited. */
export async function listPersonActivities(
  db: Database,
  config: Config,
  person: PersonActor,
  caseId: string,
): Promise<PersonActivityList> {
  return db.transaction(async (tx) => {
    const row = await requireOwnCase(tx, person, caseId);
    await recordAudit(tx, whoIs(person), {
      action: 'person.activities_viewed',
      ...caseSubject({ id: row.caseId, siteId: row.siteId }),
      details: viaPersonSession,
    });
    return {
      items: await activitiesOf(tx, config, person, caseId, !isClosed(row.status)),
    };
  });
}

/**
 * The person says "I went", "I stopped" (why) or "I'd like something else" of one of their
 * activities: recorded on the connection and told to the link worker
 * (connections/person-says-service.ts), audited on the case, in one transaction.
 */
export async function sayOfActivity(
  db: Database,
  config: Config,
  person: PersonActor,
  caseId: string,
  connectionId: string,
  input: PersonSaysBody,
): Promise<PersonActivityList> {
  return db.transaction(async (tx) => {
    const row = await requireOwnOpenCase(tx, person, caseId);
    const moved = await recordPersonSays(tx, config, {
      caseId,
      connectionId,
      said: input.said,
      reason: input.reason ?? null,
    });
    await recordAudit(tx, whoIs(person), {
      action: 'person.activity_said',
      ...caseSubject({ id: row.caseId, siteId: row.siteId }),
      details: { ...viaPersonSession, connectionId, said: input.said, ...moved },
    });
    return { items: await activitiesOf(tx, config, person, caseId, true) };
  });
}
