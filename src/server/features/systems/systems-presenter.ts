import type { FhirClient } from '../../../shared/contracts/systems';
import type { FhirClientRow } from './systems-queries';

export function presentClient(row: FhirClientRow): FhirClient {
  return {
    id: row.id,
    accountId: row.accountId,
    name: row.name,
    locale: row.locale,
    jwks: row.jwks,
    allowedScopes: row.allowedScopes,
    siteIds: row.siteIds,
    endpointOrigins: row.endpointOrigins,
    active: row.active,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
