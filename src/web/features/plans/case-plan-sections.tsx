import type { ReactElement } from 'react';
import { AssessmentSection } from './assessment-section';
import { FollowUpsSection } from './follow-ups-section';
import { PlanSection } from './plan-section';

/** The case screen's assessment, action plan and follow-up sections, in pathway order. */
export function CasePlanSections({ caseId }: { caseId: string }): ReactElement {
  return (
    <>
      <AssessmentSection caseId={caseId} />
      <PlanSection caseId={caseId} />
      <FollowUpsSection caseId={caseId} />
    </>
  );
}
