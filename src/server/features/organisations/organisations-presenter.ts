import type { Organisation } from '../../../shared/contracts/organisations';
import type { Site } from '../../../shared/contracts/sites';
import type { OrganisationRow, SiteRow } from './organisations-queries';

export function presentOrganisation(row: OrganisationRow): Organisation {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function presentSite(row: SiteRow): Site {
  return {
    id: row.id,
    organisationId: row.organisationId,
    organisationName: row.organisationName,
    name: row.name,
    defaultLocale: row.defaultLocale,
    twoFactorRequired: row.twoFactorRequired,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
