import enEmails from './en/emails.json';
import enErrors from './en/errors.json';
import enPerson from './en/person.json';
import enWeb from './en/web.json';
import frEmails from './fr/emails.json';
import frErrors from './fr/errors.json';
import frPerson from './fr/person.json';
import frWeb from './fr/web.json';

/**
 * Every translated string of the product, by language then namespace (person: the person's
 * own space, its own small bundle: src/web/person).
 */
export const resources = {
  en: { emails: enEmails, errors: enErrors, web: enWeb, person: enPerson },
  fr: { emails: frEmails, errors: frErrors, web: frWeb, person: frPerson },
} as const;
