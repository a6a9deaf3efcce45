import type { Organisation } from '../../../shared/contracts/organisations';
import type { Site } from '../../../shared/contracts/sites';
import { isInstrumentId } from '../../../shared/instruments';
import { followUpMonths, type FollowUpMonth } from '../../../shared/pathway';
import type { OrganisationRow, SiteRow } from './organisations-queries';

function isFollowUpMonth(value: number): value is FollowUpMonth {
  return (followUpMonths as readonly number[]).includes(value);
}

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
    ssoRequired: row.ssoRequired,
    maxContactAttempts: row.maxContactAttempts,
    waitingThresholdDays: row.waitingThresholdDays,
    acceptsSelfReferrals: row.acceptsSelfReferrals,
    measurementSchedule: {
      followUpMonths: row.measurementFollowUpMonths.filter(isFollowUpMonth),
      instruments: row.measurementInstruments.filter(isInstrumentId),
      remindPeople: row.remindPeopleOfMeasurements,
    },
    timeZone: row.timeZone,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
