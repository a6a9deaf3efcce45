import enErrors from './en/errors.json';
import enWeb from './en/web.json';
import frErrors from './fr/errors.json';
import frWeb from './fr/web.json';

/** Every translated string of the product, by language then namespace. */
export const resources = {
  en: { errors: enErrors, web: enWeb },
  fr: { errors: frErrors, web: frWeb },
} as const;
