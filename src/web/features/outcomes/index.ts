export { CaseOutcomesSection } from './case-outcomes-section';
export { QuestionnaireRoute } from './questionnaire-page';
export { MeasurementScheduleFields } from './measurement-schedule-fields';
