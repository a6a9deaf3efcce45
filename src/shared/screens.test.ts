import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { routeMatcher } from './route-paths';
import { partStrings, screenNamespaces, screens } from './screens';

const webRoot = new URL('../web/', import.meta.url);

describe('the screens list', () => {
  it('names, for every screen, a page module that exports its component', () => {
    for (const screen of screens) {
      const source = fs.readFileSync(new URL(`${screen.page}.tsx`, webRoot), 'utf8');
      expect(source, screen.path).toMatch(new RegExp(`export function ${screen.component}\\b`));
    }
  });

  it('opens each address on the screen a person expects', () => {
    const screenAt = routeMatcher(screens.map((screen) => ({ path: screen.path, screen })));
    const opened = (pathname: string): string | undefined =>
      screenAt(pathname)?.route.screen.component;
    expect(opened('/cases')).toBe('CaseloadPage');
    expect(opened('/cases/triage')).toBe('TriagePage');
    expect(opened('/cases/0b5c/plan')).toBe('CasePage');
    expect(opened('/cases/0b5c/plan/print')).toBe('PlanPrintPage');
    expect(opened('/')).toBe('HomePage');
    expect(opened('/no/such/page')).toBe('NotFoundRoute');
  });

  it("has the case screen's first reads fetched with its code: the overview's sections on the overview only", () => {
    const screenAt = routeMatcher(screens.map((screen) => ({ path: screen.path, screen })));
    const firstReads = (pathname: string): string[] => {
      const match = screenAt(pathname);
      return (
        match?.route.screen.data?.({ params: match.params, search: new URLSearchParams() }) ?? []
      );
    };
    expect(firstReads('/cases/0b5c')).toEqual([
      '/api/cases/0b5c',
      '/api/cases/0b5c/documents',
      '/api/cases/0b5c/person-requests',
      '/api/cases/0b5c/person-record/actions',
    ]);
    expect(firstReads('/cases/0b5c/plan')).toEqual(['/api/cases/0b5c']);
  });

  it("has each case tab wait for its own words, and the overview for none of the tabs'", () => {
    const caseScreen = screens.find((screen) => screen.component === 'CasePage');
    for (const part of caseScreen?.parts ?? []) {
      expect(fs.existsSync(new URL(`${part.module}.tsx`, webRoot)), part.module).toBe(true);
    }
    expect(partStrings('features/cases/case-tab-outcomes')).toEqual(['outcomes']);
    expect(caseScreen?.strings).not.toContain('outcomes');
    expect(caseScreen && screenNamespaces(caseScreen)).toEqual(
      expect.arrayContaining(['cases', 'outcomes', 'plans', 'connections']),
    );
    expect(() => partStrings('features/cases/no-such-tab')).toThrow(/no-such-tab/);
  });
});
