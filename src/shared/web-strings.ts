import type enWeb from './locales/en/web.json';
import type { Locale } from './locale';

/*
 * The web app's strings (locales/<locale>/web.json, the one file translators edit) reach the
 * browser in parts made by the build (src/web/web-strings-build.ts): the frame's, then one
 * per namespace, so that a screen fetches its own strings and not every screen's (all of a
 * language was 32 KB gzipped on every first visit). Each screen names its namespaces
 * (screens.ts); the router waits for them before showing it, and the server's page has the
 * browser fetch them with the screen's code (web-app-page.ts).
 */

/** A top-level key of web.json: one part of the strings. */
export type WebNamespace = keyof typeof enWeb;

/** A part of the strings the build makes: the frame's, or a namespace. */
export type WebStringsPart = 'frame' | WebNamespace;

/**
 * What the frame shows around every screen (header, navigation, menus, loading and error
 * states) and the labels most screens show (labels.ts), as namespaces or keys within one:
 * the navigation names a single key of several screens' namespaces. The build refuses a frame
 * that uses a string outside these.
 */
export const frameStrings: readonly string[] = [
  'app',
  'common',
  'forbidden',
  'language',
  'nav',
  'notifications',
  'organisationKinds',
  'roles',
  'routeError',
  'userMenu',
  'caseRecords.nav',
  'cases.nav',
  'connections.partner.navLabel',
  'listings.nav',
  'personRecord.anonymisedName',
  'referrals.nav',
  'reports.nav',
];

/**
 * The module the build makes for one part in one language (resolved by the build's plugin,
 * named so in Vite's manifest, which the server reads).
 */
export function webStringsModule(locale: Locale, part: WebStringsPart): string {
  return `shared/locales/web-strings/${locale}-${part}.js`;
}

/** Adds one part's strings to a language's table, namespaces shared between parts merged. */
export function mergeStrings(table: Record<string, unknown>, part: object): void {
  for (const [key, value] of Object.entries(part)) {
    if (!isTable(value)) {
      table[key] = value;
      continue;
    }
    const held = table[key];
    const into = isTable(held) ? held : {};
    table[key] = into;
    mergeStrings(into, value);
  }
}

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
