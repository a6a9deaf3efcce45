import enEmails from './en/emails.json';
import enErrors from './en/errors.json';
import enWeb from './en/web.json';
import frEmails from './fr/emails.json';
import frErrors from './fr/errors.json';
import frWeb from './fr/web.json';

/** Every translated string of the product, by language then namespace. */
export const resources = {
  en: { emails: enEmails, errors: enErrors, web: enWeb },
  fr: { emails: frEmails, errors: frErrors, web: frWeb },
} as const;
