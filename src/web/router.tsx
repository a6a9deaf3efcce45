import {
  type ComponentType,
  lazy,
  type ReactElement,
  type ReactNode,
  Suspense,
  useEffect,
} from 'react';
import { RequirePermission, SignedInRoute } from './components/route-guards';
import { RouteErrorBoundary } from './components/route-error';
import { FullPageLoader } from './components/page-loader';
import { loadStrings, switchLocale } from './i18n';
import { RouteParams, useLocation } from './navigation';
import { useSessionQuery } from './session';
import { routeMatcher } from '../shared/route-paths';
import { type Screen, screens } from '../shared/screens';

/** Follows the language saved on the account whenever a session brings one. */
function Root({ children }: { children: ReactNode }): ReactElement {
  const { data: session } = useSessionQuery();
  const savedLocale = session?.account.locale;
  useEffect(() => {
    if (savedLocale) void switchLocale(savedLocale);
  }, [savedLocale]);
  return <Suspense fallback={<FullPageLoader />}>{children}</Suspense>;
}

type PageModule = Record<string, ComponentType>;

/** Each page's code is fetched the first time its screen is visited, not with the app. */
const pageModules = import.meta.glob<PageModule>('./features/**/*-page.tsx');

function loaderOf(screen: Screen): () => Promise<PageModule> {
  const load = pageModules[`./${screen.page}.tsx`];
  if (!load) throw new Error(`No page module ${screen.page} for ${screen.path}`);
  return load;
}

type ScreenRoute = { path: string; element: ReactElement; load: () => Promise<unknown> };

function screenRoute(screen: Screen): ScreenRoute {
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
  const page =
    access === 'public' || access === 'signedIn' ? (
      <Page />
    ) : (
      <RequirePermission permission={access}>
        <Page />
      </RequirePermission>
    );
  // Every screen but the public ones inside the signed-in frame.
  const element = access === 'public' ? page : <SignedInRoute>{page}</SignedInRoute>;
  return { path: screen.path, element, load };
}

const routeAt = routeMatcher(screens.map(screenRoute));

// The opened screen's code and strings download beside the session check instead of after it
// (the server's page already asked for them: this finds them in the browser's cache).
void routeAt(window.location.pathname)?.route.load();

/** The screens, by address; a crashing screen shows an apology instead of a blank page. */
export function AppRoutes(): ReactElement {
  const { pathname } = useLocation();
  const match = routeAt(pathname);
  return (
    <RouteErrorBoundary location={pathname}>
      <Root>{match && <RouteParams params={match.params}>{match.route.element}</RouteParams>}</Root>
    </RouteErrorBoundary>
  );
}
