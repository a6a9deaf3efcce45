import { matchRoutes, Outlet, type RouteObject, useLocation, useRoutes } from 'react-router';
import { type ComponentType, lazy, type ReactElement, Suspense, useEffect } from 'react';
import { RequirePermission, SignedInRoute } from './components/route-guards';
import { RouteErrorBoundary } from './components/route-error';
import { FullPageLoader } from './components/page-loader';
import { loadStrings, switchLocale } from './i18n';
import { useSessionQuery } from './session';
import { type Screen, screens } from '../shared/screens';

/** Follows the language saved on the account whenever a session brings one. */
function Root(): ReactElement {
  const { data: session } = useSessionQuery();
  const savedLocale = session?.account.locale;
  useEffect(() => {
    if (savedLocale) void switchLocale(savedLocale);
  }, [savedLocale]);
  return (
    <Suspense fallback={<FullPageLoader />}>
      <Outlet />
    </Suspense>
  );
}

type PageModule = Record<string, ComponentType>;

/** Each page's code is fetched the first time its screen is visited, not with the app. */
const pageModules = import.meta.glob<PageModule>('./features/**/*-page.tsx');

function loaderOf(screen: Screen): () => Promise<PageModule> {
  const load = pageModules[`./${screen.page}.tsx`];
  if (!load) throw new Error(`No page module ${screen.page} for ${screen.path}`);
  return load;
}

/** What to fetch as soon as the app starts, by route: the screen the address opens. */
const preloads = new Map<RouteObject, () => Promise<unknown>>();

function screenRoute(screen: Screen): RouteObject {
  const loadCode = loaderOf(screen);
  // The screen shows once its code and its strings are both here: never a key for a word.
  const load = (): Promise<PageModule> =>
    Promise.all([loadCode(), loadStrings(screen.strings)]).then(([module]) => module);
  const Page = lazy<ComponentType>(async () => {
    const component = (await load())[screen.component];
    if (!component) throw new Error(`${screen.page} exports no ${screen.component}`);
    return { default: component };
  });
  const { access } = screen;
  const element =
    access === 'public' || access === 'signedIn' ? (
      <Page />
    ) : (
      <RequirePermission permission={access}>
        <Page />
      </RequirePermission>
    );
  const made: RouteObject =
    screen.path === '/' ? { index: true, element } : { path: screen.path, element };
  preloads.set(made, load);
  return made;
}

const publicScreens = screens.filter((screen) => screen.access === 'public');
const routes: RouteObject[] = [
  {
    element: <Root />,
    children: [
      ...publicScreens.filter((screen) => screen.path !== '*').map(screenRoute),
      {
        element: <SignedInRoute />,
        children: screens.filter((screen) => screen.access !== 'public').map(screenRoute),
      },
      ...publicScreens.filter((screen) => screen.path === '*').map(screenRoute),
    ],
  },
];

// The opened screen's code and strings download beside the session check instead of after it
// (the server's page already asked for them: this finds them in the browser's cache).
for (const match of matchRoutes(routes, window.location) ?? []) void preloads.get(match.route)?.();

/** The screens, by address; a crashing screen shows an apology instead of a blank page. */
export function AppRoutes(): ReactElement {
  const { pathname } = useLocation();
  return <RouteErrorBoundary location={pathname}>{useRoutes(routes)}</RouteErrorBoundary>;
}
