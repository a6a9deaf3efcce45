import type { PersonNote, PersonPlan } from '../../../shared/contracts/person-space';
import { type StepOwner, stepOwners } from '../../../shared/pathway';
import type { PersonNoteRow, PersonPlanRow } from './person-space-queries';

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
