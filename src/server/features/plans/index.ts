export { planRoutes } from './plans-routes';
// The demo data writes its plans through the same service as the screens.
export { addPlanReview, createFollowUp, saveAssessment, savePlan } from './plans-service';
// Importing the reminders registers their recurring job with the app.
export { followUpRemindersJob, sendFollowUpReminders } from './follow-up-reminders';
// The person marks a step of their own plan done in their own space (features/person-space).
export { markStepDoneByPerson } from './person-step-done';
