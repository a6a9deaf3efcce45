import { describe, expect, it } from 'vitest';
import { pickStrings } from './web-strings-build';
import { resources } from '../shared/locales';
import { translatorOver } from '../shared/translator';
import { frameStrings, mergeStrings } from '../shared/web-strings';

describe("the web app's strings in parts", () => {
  it.each(['en', 'fr'] as const)(
    'give back all of web.json in %s, whichever part arrives first',
    (locale) => {
      const web: Record<string, unknown> = resources[locale].web;
      const namespaces: object[] = Object.keys(web).map((namespace) => ({
        [namespace]: web[namespace],
      }));
      const frame = pickStrings(web, frameStrings);
      for (const order of [
        [frame, ...namespaces],
        [...namespaces.reverse(), frame],
      ]) {
        const table = {};
        for (const part of order) mergeStrings(table, part);
        expect(table).toEqual(web);
      }
    },
  );

  it("keep the frame's keys of a namespace when that namespace arrives, and the reverse", () => {
    const { web } = resources.fr;
    const table = {};
    mergeStrings(table, pickStrings(web, frameStrings));
    const t = translatorOver(table, 'fr');
    expect(t('cases.nav.caseload')).toBe(web.cases.nav.caseload);
    expect(t('cases.caseload.title')).toBe('cases.caseload.title');
    mergeStrings(table, { cases: web.cases });
    expect(t('cases.caseload.title')).toBe(web.cases.caseload.title);
    expect(t('common.save')).toBe(web.common.save);
  });
});
