import enEmails from './en/emails.json';
import enErrors from './en/errors.json';
import enPerson from './en/person.json';
import enRecord from './en/record.json';
import enWeb from './en/web.json';
import frEmails from './fr/emails.json';
import frErrors from './fr/errors.json';
import frPerson from './fr/person.json';
import frRecord from './fr/record.json';
import frWeb from './fr/web.json';

/**
 * Every translated string of the product, by language then namespace (person: the person's
 * own space, its own small bundle: src/web/person; record: the person's full record as a
 * page, made by the server, features/person-record).
 */
export const resources = {
  en: { emails: enEmails, errors: enErrors, web: enWeb, person: enPerson, record: enRecord },
  fr: { emails: frEmails, errors: frErrors, web: frWeb, person: frPerson, record: frRecord },
} as const;
