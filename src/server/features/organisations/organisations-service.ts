import type {
  CreateOrganisationBody,
  Organisation,
  OrganisationList,
  UpdateOrganisationBody,
} from '../../../shared/contracts/organisations';
import type {
  CreateSiteBody,
  Site,
  SiteList,
  UpdateSiteBody,
} from '../../../shared/contracts/sites';
import type { Database } from '../../db/client';
import type { Actor } from '../../platform/actor';
import { AppError, forbidden, notFound, staleVersion } from '../../platform/errors';
import { recordAudit } from '../audit';
import { canManageOrganisations, partnerSiteIds, visibleSiteIds } from './organisations-policy';
import { presentOrganisation, presentSite } from './organisations-presenter';
import {
  type SiteRow,
  findOrganisation,
  findSite,
  insertOrganisation,
  insertSite,
  selectOrganisations,
  selectSites,
  updateOrganisationAtVersion,
  updateSiteAtVersion,
  selectOrganisationIdsOfSites,
} from './organisations-queries';

function authorize(actor: Actor): void {
  if (!canManageOrganisations(actor)) throw forbidden();
}

export async function listOrganisations(db: Database, actor: Actor): Promise<OrganisationList> {
  authorize(actor);
  return { items: (await selectOrganisations(db)).map(presentOrganisation) };
}

export async function createOrganisation(
  db: Database,
  actor: Actor,
  input: CreateOrganisationBody,
): Promise<Organisation> {
  authorize(actor);
  return db.transaction(async (tx) => {
    const row = await insertOrganisation(tx, input);
    await recordAudit(tx, actor, {
      action: 'organisation.created',
      subjectType: 'organisation',
      subjectId: row.id,
      details: { kind: row.kind },
    });
    return presentOrganisation(row);
  });
}

export async function updateOrganisation(
  db: Database,
  actor: Actor,
  id: string,
  input: UpdateOrganisationBody,
): Promise<Organisation> {
  authorize(actor);
  const { version, ...patch } = input;
  return db.transaction(async (tx) => {
    if (!(await findOrganisation(tx, id))) throw notFound();
    const row = await updateOrganisationAtVersion(tx, id, version, patch);
    if (!row) throw staleVersion();
    await recordAudit(tx, actor, {
      action: 'organisation.updated',
      subjectType: 'organisation',
      subjectId: id,
      details: { fields: Object.keys(patch) },
    });
    return presentOrganisation(row);
  });
}

export async function listSites(db: Database, actor: Actor): Promise<SiteList> {
  return { items: (await selectSites(db, visibleSiteIds(actor))).map(presentSite) };
}

export async function createSite(db: Database, actor: Actor, input: CreateSiteBody): Promise<Site> {
  authorize(actor);
  return db.transaction(async (tx) => {
    if (!(await findOrganisation(tx, input.organisationId))) {
      throw new AppError('not_found', { field: 'organisationId' });
    }
    const id = await insertSite(tx, input);
    await recordAudit(tx, actor, {
      action: 'site.created',
      subjectType: 'site',
      subjectId: id,
      siteId: id,
    });
    return presentSite(await loadSite(tx, id));
  });
}

export async function updateSite(
  db: Database,
  actor: Actor,
  id: string,
  input: UpdateSiteBody,
): Promise<Site> {
  authorize(actor);
  const { version, measurementSchedule, ...rest } = input;
  // The schedule is one object in the contract and three plain columns in the table.
  const patch = measurementSchedule
    ? {
        ...rest,
        measurementFollowUpMonths: [...measurementSchedule.followUpMonths],
        measurementInstruments: measurementSchedule.instruments,
        remindPeopleOfMeasurements: measurementSchedule.remindPeople,
      }
    : rest;
  return db.transaction(async (tx) => {
    await loadSite(tx, id);
    if (!(await updateSiteAtVersion(tx, id, version, patch))) throw staleVersion();
    await recordAudit(tx, actor, {
      action: 'site.updated',
      subjectType: 'site',
      subjectId: id,
      siteId: id,
      details: { fields: Object.keys(patch) },
    });
    return presentSite(await loadSite(tx, id));
  });
}

async function loadSite(db: Database, id: string): Promise<SiteRow> {
  const row = await findSite(db, id);
  if (!row) throw notFound();
  return row;
}

/** The community partner organisations an account works for as partner staff. */
export function partnerOrganisationIds(db: Database, actor: Actor): Promise<string[]> {
  return selectOrganisationIdsOfSites(db, partnerSiteIds(actor));
}
