export { CasePlanSections } from './case-plan-sections';
export { PlanPrintPage } from './plan-print-page';
