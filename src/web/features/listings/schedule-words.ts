// The words live in shared, so that an email the server writes says a schedule as the screens do.
export { scheduleDays, scheduleDaysSentence } from '../../../shared/schedule-words';
