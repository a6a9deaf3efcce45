export { AssessmentSection } from './assessment-section';
export { CasePlanSections } from './case-plan-sections';
export { FollowUpsSection } from './follow-ups-section';
export { PlanPrintPage } from './plan-print-page';
export { PlanSection } from './plan-section';
