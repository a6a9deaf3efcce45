import {
  type ComponentPropsWithRef,
  createContext,
  type MouseEvent,
  type ReactElement,
  type ReactNode,
  startTransition,
  useContext,
  useEffect,
  useLayoutEffect,
  useMemo,
  useState,
} from 'react';
import type { PathParams } from '../shared/route-paths';

/**
 * The app's moves between screens in the browser's history: links, redirects, the address's
 * query as state, and a path's parameters. What React Router gave the app, in the few words it
 * used (its bundle was 13 KB gzipped on every screen).
 */

/** Where the app is: the address, and what the move here carried (a message to show, say). */
export type AppLocation = {
  pathname: string;
  search: string;
  hash: string;
  state: unknown;
  /** 'default' for the page the browser opened; each move in the app makes a new one. */
  key: string;
};

/** An address in the app: a path, or a part of one (only a new query, the same path). */
export type To = string | { pathname?: string; search?: string; hash?: string };

export type NavigateOptions = { replace?: boolean; state?: unknown };

/** What the app keeps in each history entry (named as React Router did: older entries read). */
type EntryState = { usr?: unknown; key?: string };

function readLocation(): AppLocation {
  const { pathname, search, hash } = window.location;
  const entry = (window.history.state ?? null) as EntryState | null;
  return { pathname, search, hash, state: entry?.usr ?? null, key: entry?.key ?? 'default' };
}

const listeners = new Set<() => void>();

function parsePath(to: string): { pathname: string; search: string; hash: string } {
  const hashAt = to.indexOf('#');
  const hash = hashAt < 0 ? '' : to.slice(hashAt);
  const rest = hashAt < 0 ? to : to.slice(0, hashAt);
  const searchAt = rest.indexOf('?');
  return {
    pathname: searchAt < 0 ? rest : rest.slice(0, searchAt),
    search: searchAt < 0 ? '' : rest.slice(searchAt),
    hash,
  };
}

/** The address `to` leads to from `from`: a part of one keeps the path, nothing else. */
export function hrefOf(to: To, from: Pick<AppLocation, 'pathname'>): string {
  const target = typeof to === 'string' ? parsePath(to) : to;
  const pathname = target.pathname || from.pathname;
  return pathname + withMark('?', target.search) + withMark('#', target.hash);
}

/** `?a=1` of `a=1` or `?a=1`; nothing of nothing, or of the mark alone. */
function withMark(mark: string, part = ''): string {
  if (part === '' || part === mark) return '';
  return part.startsWith(mark) ? part : mark + part;
}

function go(href: string, { replace = false, state = null }: NavigateOptions = {}): void {
  const entry: EntryState = { usr: state, key: Math.random().toString(36).slice(2, 10) };
  if (replace) window.history.replaceState(entry, '', href);
  else window.history.pushState(entry, '', href);
  for (const listener of listeners) listener();
}

const LocationContext = createContext<AppLocation | null>(null);

/**
 * Follows the browser's address. A move renders as a transition: the screen on show stays
 * until the next one's code has come, instead of a loader in its place.
 */
export function Router({ children }: { children: ReactNode }): ReactElement {
  const [location, setLocation] = useState(readLocation);
  useLayoutEffect(() => {
    const update = (): void => startTransition(() => setLocation(readLocation()));
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return <LocationContext value={location}>{children}</LocationContext>;
}

export function useLocation(): AppLocation {
  const location = useContext(LocationContext);
  if (!location) throw new Error('useLocation outside the Router');
  return location;
}

export type NavigateFunction = (to: To | number, options?: NavigateOptions) => void;

/** Moves to an address, or through the history by a number of steps (-1: back). */
export function useNavigate(): NavigateFunction {
  const { pathname } = useLocation();
  return useMemo<NavigateFunction>(
    () => (to, options) => {
      if (typeof to === 'number') window.history.go(to);
      else go(hrefOf(to, { pathname }), options);
    },
    [pathname],
  );
}

/** Redirects once shown: to another address, in place of this one when `replace`. */
export function Navigate({ to, replace, state }: { to: To } & NavigateOptions): null {
  const navigate = useNavigate();
  useEffect(() => navigate(to, { replace, state }), [navigate, to, replace, state]);
  return null;
}

type SearchParamsInit = URLSearchParams | string | Record<string, string | readonly string[]>;

function searchParamsOf(init: SearchParamsInit): URLSearchParams {
  if (typeof init === 'string' || init instanceof URLSearchParams) return new URLSearchParams(init);
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(init)) {
    for (const one of typeof value === 'string' ? [value] : value) params.append(name, one);
  }
  return params;
}

/**
 * The address's query, and a way to change it (a new history entry unless `replace`). The
 * same object until the query changes, so it can be an effect's dependency.
 */
export function useSearchParams(): [
  URLSearchParams,
  (init: SearchParamsInit, options?: NavigateOptions) => void,
] {
  const { search } = useLocation();
  const navigate = useNavigate();
  const params = useMemo(() => new URLSearchParams(search), [search]);
  const setParams = useMemo(
    () =>
      (init: SearchParamsInit, options?: NavigateOptions): void =>
        navigate(`?${searchParamsOf(init).toString()}`, options),
    [navigate],
  );
  return [params, setParams];
}

const ParamsContext = createContext<Readonly<PathParams>>({});

/** The opened screen's path parameters, for its page (router.tsx). */
export function RouteParams({
  params,
  children,
}: {
  params: PathParams;
  children: ReactNode;
}): ReactElement {
  return <ParamsContext value={params}>{children}</ParamsContext>;
}

export function useParams(): Readonly<PathParams> {
  return useContext(ParamsContext);
}

export type LinkProps = Omit<ComponentPropsWithRef<'a'>, 'href'> & { to: To } & NavigateOptions;

/**
 * A link within the app: a plain click moves without reloading the page (to the address on
 * show, it replaces it rather than add an entry); a click meant for a new tab or window is
 * left to the browser.
 */
export function Link({ to, replace, state, onClick, target, ...props }: LinkProps): ReactElement {
  const location = useLocation();
  const navigate = useNavigate();
  const href = hrefOf(to, location);
  const follow = (event: MouseEvent<HTMLAnchorElement>): void => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || (target && target !== '_self')) return;
    if (event.metaKey || event.altKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    const here = location.pathname + location.search + location.hash;
    navigate(href, { replace: replace ?? here === href, state });
  };
  return <a {...props} href={href} target={target} onClick={follow} />;
}
