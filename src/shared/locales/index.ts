import enEmails from './en/emails.json';
import enErrors from './en/errors.json';
import enPerson from './en/person.json';
import enPersonOutcomes from './en/person-outcomes.json';
import enRecord from './en/record.json';
import enWeb from './en/web.json';
import frEmails from './fr/emails.json';
import frErrors from './fr/errors.json';
import frPerson from './fr/person.json';
import frPersonOutcomes from './fr/person-outcomes.json';
import frRecord from './fr/record.json';
import frWeb from './fr/web.json';

/**
 * Every translated string of the product, by language then namespace (person: the person's
 * own space, its own small bundle: src/web/person; record: the person's full record as a
 * page, made by the server, features/person-record; person-outcomes: the person's questionnaires
 * and scores, loaded by their space only when opened).
 */
export const resources = {
  en: {
    emails: enEmails,
    errors: enErrors,
    web: enWeb,
    person: enPerson,
    'person-outcomes': enPersonOutcomes,
    record: enRecord,
  },
  fr: {
    emails: frEmails,
    errors: frErrors,
    web: frWeb,
    person: frPerson,
    'person-outcomes': frPersonOutcomes,
    record: frRecord,
  },
} as const;
