import {
  type ConsentCoverage,
  coversReferrerUpdates,
  coversSharingWithPartners,
} from '../../../shared/consent';
import type { ListingDetail } from '../../../shared/contracts/listing-detail';
import { addressInWords } from '../../../shared/listing-words';
import type {
  CasePersonRequest,
  PersonActivity,
  PersonConsents,
  PersonNote,
  PersonPlan,
  PersonRequest,
} from '../../../shared/contracts/person-space';
import { type StepOwner, stepOwners } from '../../../shared/pathway';
import type {
  PersonActivityRow,
  PersonNoteRow,
  PersonPlanRow,
  PersonRequestRow,
  PersonSaidRow,
} from './person-space-queries';

/**
 * What the person sees of their case: their goals and steps, the site, and their link
 * worker's name and email. Nothing else of the row goes over the wire.
 */
export function presentPersonPlan(
  row: PersonPlanRow,
  notes: PersonNoteRow[],
  canChange: boolean,
): PersonPlan {
  const { linkWorkerName, linkWorkerEmail, linkWorkerActive } = row;
  return {
    caseId: row.caseId,
    siteName: row.siteName,
    organisationName: row.organisationName,
    linkWorker:
      linkWorkerName && linkWorkerEmail && linkWorkerActive
        ? { name: linkWorkerName, email: linkWorkerEmail }
        : null,
    agreedOn: row.agreedOn,
    goals: (row.goals ?? []).map((goal) => ({
      id: goal.id,
      text: goal.text,
      steps: goal.steps.map((step) => ({
        id: step.id,
        text: step.text,
        owner: isStepOwner(step.owner) ? step.owner : 'other',
        dueOn: step.dueOn,
        done: step.doneAt !== null,
      })),
    })),
    notes: notes.map(presentPersonNote),
    canChange,
  };
}

export function presentPersonNote(row: PersonNoteRow): PersonNote {
  return { id: row.id, body: row.body, createdAt: row.createdAt.toISOString() };
}

function isStepOwner(owner: string): owner is StepOwner {
  return (stepOwners as readonly string[]).includes(owner);
}

/** An activity as the person may see it: what the partner and the directory say, and what they said. */
export function presentPersonActivity(
  row: PersonActivityRow,
  listing: ListingDetail | null,
  said: PersonSaidRow[],
  canSay: boolean,
): PersonActivity {
  return {
    id: row.id,
    activity: listing?.name ?? row.activity,
    organisationName: listing?.organizationName ?? row.organisationName,
    description: listing?.description ?? null,
    status: row.status,
    startsOn: row.startsOn,
    partnerMessage: row.partnerMessage,
    places: (listing?.places ?? []).map((place) => ({
      name: place.name,
      address: addressInWords(place.address) || null,
    })),
    schedules: (listing?.schedules ?? []).map((s) => ({
      byday: s.byday,
      opensAt: s.opensAt,
      closesAt: s.closesAt,
      description: s.description,
    })),
    costs: listing?.costs ?? [],
    feesDescription: listing?.feesDescription ?? null,
    contact: {
      phones: (listing?.phones ?? []).map((phone) => phone.number),
      email: listing ? listing.email : row.partnerEmail,
      url: listing?.url ?? null,
    },
    said: said.map((s) => ({ said: s.said, reason: s.reason, at: s.at.toISOString() })),
    canSay,
  };
}

export function presentPersonRequest(row: PersonRequestRow): PersonRequest {
  return {
    id: row.id,
    kind: row.kind,
    body: row.body,
    status: row.status,
    response: row.response,
    createdAt: row.createdAt.toISOString(),
    handledAt: row.handledAt ? row.handledAt.toISOString() : null,
  };
}

export function presentCasePersonRequest(row: PersonRequestRow): CasePersonRequest {
  return { ...presentPersonRequest(row), version: row.version, handledByName: row.handledByName };
}

export function presentPersonConsents(consents: ConsentCoverage[]): PersonConsents {
  const latest = (dates: (Date | null)[]): string | null => {
    const times = dates.flatMap((d) => (d ? [d.getTime()] : []));
    return times.length > 0 ? new Date(Math.max(...times)).toISOString() : null;
  };
  return {
    referrerUpdates: {
      given: consents.some(coversReferrerUpdates),
      withdrawnAt: latest(consents.map((c) => c.referrerUpdatesWithdrawnAt)),
    },
    partnerSharing: {
      given: consents.some(coversSharingWithPartners),
      withdrawnAt: latest(consents.map((c) => c.partnerSharingWithdrawnAt)),
    },
  };
}
