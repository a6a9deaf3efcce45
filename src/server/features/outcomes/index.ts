export { outcomeRoutes } from './outcomes-routes';
// The home counts the questionnaires due by the reminders' own rule.
export { dueMeasurements, scheduleOf } from './outcomes-rules';
// The demo data records its measurements through the same service as the screens.
export { recordMeasurement } from './measurements-service';
// Importing the reminders registers their recurring job with the app.
export { measurementRemindersJob, sendMeasurementReminders } from './measurement-reminders';
// The person's own space asks and stores the questionnaires due with the same machinery.
export { answerDueQuestionnaire, readPersonQuestionnaires } from './person-questionnaires';
