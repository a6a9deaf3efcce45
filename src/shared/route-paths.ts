/**
 * Addresses to screens, for the web app's router and for the server's page (web-app-page.ts)
 * alike, so that both open the same screen. A path is made of static segments, parameters
 * (`:id`, optional as `:id?`) and a final `*` for anything. Where two paths fit an address, the
 * more specific one wins, whatever their order: `/cases/triage` over `/cases/:id`, and
 * `/cases/:caseId/plan/print` over `/cases/:id/:section?` (React Router's ranking, the app's
 * router before). Letter case and trailing slashes do not matter.
 */

/** A path's parameters as the address gave them, decoded; an optional one left out is absent. */
export type PathParams = Record<string, string | undefined>;

export type PathMatch<Route> = { route: Route; params: PathParams };

type Pattern<Route> = { route: Route; score: number; regex: RegExp; names: string[] };

const paramSegment = /^:([\w-]+)(\?)?$/;

/** Finds the route an address's pathname opens, or nothing when none fits. */
export function routeMatcher<Route extends { path: string }>(
  routes: readonly Route[],
): (pathname: string) => PathMatch<Route> | undefined {
  const patterns = routes
    .flatMap((route) => withoutOptionals(route.path).map((path) => patternOf(route, path)))
    // Array sort is stable: equal scores keep the list's order.
    .sort((a, b) => b.score - a.score);
  return (pathname) => {
    const decoded = decodePathname(pathname);
    for (const { route, regex, names } of patterns) {
      const found = regex.exec(decoded);
      if (!found) continue;
      const params: PathParams = {};
      names.forEach((name, index) => {
        const value = found[index + 1] ?? (name === '*' ? '' : undefined);
        params[name] = value?.replaceAll('%2F', '/');
      });
      return { route, params };
    }
    return undefined;
  };
}

/** `/a/:b?` stands for `/a/:b` and `/a`: each is ranked on its own. */
function withoutOptionals(path: string): string[] {
  const segments = path.split('/');
  const optional = segments.findIndex((segment) => paramSegment.exec(segment)?.[2] === '?');
  if (optional < 0) return [path];
  const before = segments.slice(0, optional);
  const after = segments.slice(optional + 1).join('/');
  const tail = after ? `/${after}` : '';
  const required = segments[optional]?.slice(0, -1) ?? '';
  return [
    ...withoutOptionals([...before, required].join('/') + tail),
    ...withoutOptionals(before.join('/') + tail || '/'),
  ];
}

/**
 * How specific a path is: a static segment counts most, then a parameter, then an empty one;
 * more segments count more, and a final `*` less.
 */
function scoreOf(path: string): number {
  const segments = path.split('/');
  let score = segments.length - (segments.includes('*') ? 2 : 0);
  for (const segment of segments) {
    if (segment === '*') continue;
    score += paramSegment.test(segment) ? 3 : segment === '' ? 1 : 10;
  }
  return score;
}

function patternOf<Route>(route: Route, path: string): Pattern<Route> {
  const names: string[] = [];
  const anything = path.endsWith('*');
  const segments = path
    .replace(/\/*\*?$/, '')
    .split('/')
    .filter((segment) => segment !== '');
  let source = '^';
  for (const segment of segments) {
    const param = paramSegment.exec(segment)?.[1];
    if (param) names.push(param);
    source += param ? '\\/([^\\/]+)' : `\\/${segment.replace(/[\\.*+?^${}|()[\]]/g, '\\$&')}`;
  }
  if (anything) {
    names.push('*');
    source += segments.length === 0 ? '\\/(.*)$' : '(?:\\/(.+)|\\/*)$';
  } else source += segments.length === 0 ? '\\/+$' : '\\/*$';
  return { route, score: scoreOf(path), regex: new RegExp(source, 'i'), names };
}

/** Each segment decoded, except that an encoded slash stays one (it is not a separator). */
function decodePathname(pathname: string): string {
  try {
    return pathname
      .split('/')
      .map((segment) => decodeURIComponent(segment).replaceAll('/', '%2F'))
      .join('/');
  } catch {
    return pathname;
  }
}
