import { describe, expect, it } from 'vitest';
import { routeMatcher } from './route-paths';

const routeAt = routeMatcher(
  ['/', '/cases', '/cases/:id/:section?', '/cases/triage', '/cases/:caseId/plan/print', '*'].map(
    (path) => ({ path }),
  ),
);
const opened = (pathname: string): [string | undefined, object | undefined] => {
  const match = routeAt(pathname);
  return [match?.route.path, match?.params];
};

describe('routeMatcher', () => {
  it('prefers static segments to parameters, whatever the order of the list', () => {
    expect(opened('/cases/triage')).toEqual(['/cases/triage', {}]);
    expect(opened('/cases/0b5c')).toEqual(['/cases/:id/:section?', { id: '0b5c' }]);
    expect(opened('/cases/0b5c/plan')).toEqual([
      '/cases/:id/:section?',
      { id: '0b5c', section: 'plan' },
    ]);
    expect(opened('/cases/0b5c/plan/print')).toEqual([
      '/cases/:caseId/plan/print',
      { caseId: '0b5c' },
    ]);
  });

  it('ignores letter case and trailing slashes', () => {
    expect(opened('/CASES/')).toEqual(['/cases', {}]);
    expect(opened('/')).toEqual(['/', {}]);
  });

  it('decodes parameters, an encoded slash included', () => {
    expect(opened('/cases/a%20b%2Fc')).toEqual(['/cases/:id/:section?', { id: 'a b/c' }]);
  });

  it('leaves the rest to the catch-all, or to nothing without one', () => {
    expect(opened('/cases/0b5c/plan/print/more')).toEqual([
      '*',
      { '*': 'cases/0b5c/plan/print/more' },
    ]);
    expect(routeMatcher([{ path: '/cases' }])('/referrals')).toBeUndefined();
  });
});
