// The person's space's service worker (/me-sw.js, scope /me), written by the build
// (person-web-app.ts) with the list of the shell's files: the space opens without a network
// once loaded, showing the person's plan and activities as last read. It keeps nothing else
// of the API, and forgets the person's data when they sign out, sign in anew or their
// session has ended, so nothing of them stays on a shared phone.
//
// A classic script, not a module: the build drops `export` and calls startPersonServiceWorker.

type ExtendableEvent = Event & { waitUntil(promise: Promise<unknown>): void };
type FetchEvent = ExtendableEvent & {
  request: Request;
  respondWith(response: Promise<Response>): void;
};
/** What of ServiceWorkerGlobalScope this worker uses (the DOM library the app's types use has none of it). */
export type WorkerScope = {
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  location: { origin: string };
};

/** The shell: the page at /me and the hashed files it may load (both languages' strings too). */
export type PersonShell = { version: string; files: string[] };

export const shellCachePrefix = 'passerelle-me-shell-';
export const dataCache = 'passerelle-me-data';
/** On a copy given from the cache: when it was read from the server (ISO 8601). */
export const savedAtHeader = 'x-passerelle-saved-at';

const caseData = /^\/api\/person\/cases\/[0-9a-f-]{36}\/(plan|activities)$/;
const sessionPath = '/api/person/session';

/** Where the person's answer to a read is kept: their session, a case's plan or activities. */
export function dataKeyOfRead(path: string): string | null {
  return path === sessionPath || caseData.test(path) ? path : null;
}

/** A change whose answer is the read's new value: a step marked done, what they said of an activity. */
export function dataKeyOfChange(path: string): string | null {
  const step = /^(\/api\/person\/cases\/[0-9a-f-]{36}\/plan)\/steps\/[0-9a-f-]{36}\/done$/.exec(
    path,
  );
  if (step) return step[1] ?? null;
  const said = /^(\/api\/person\/cases\/[0-9a-f-]{36}\/activities)\/[0-9a-f-]{36}\/said$/.exec(
    path,
  );
  return said?.[1] ?? null;
}

/** Whose data it is may change: sign-in (by link or code) and sign-out. */
export function changesWhoIsSignedIn(path: string): boolean {
  return path === '/api/person/sign-out' || path.startsWith('/api/person/sign-in');
}

export function startPersonServiceWorker(worker: WorkerScope, shell: PersonShell): void {
  const shellCache = `${shellCachePrefix}${shell.version}`;
  const shellFiles = new Set(shell.files);
  // Raised at each forgetting: an answer read before it is not kept after it.
  let generation = 0;

  const forget = async (): Promise<void> => {
    generation += 1;
    await caches.delete(dataCache);
  };

  const keep = async (key: string, response: Response, readIn: number): Promise<void> => {
    if (!response.ok || readIn !== generation) return;
    const headers = new Headers(response.headers);
    headers.set(savedAtHeader, new Date().toISOString());
    const copy = new Response(await response.arrayBuffer(), { status: response.status, headers });
    if (readIn === generation) await (await caches.open(dataCache)).put(key, copy);
  };

  /** The server's answer, kept; without a network, the last one kept. */
  const networkFirst = async (request: Request, key: string): Promise<Response> => {
    const readIn = generation;
    try {
      const response = await fetch(request);
      if (response.status === 401) await forget();
      else await keep(key, response.clone(), readIn);
      return response;
    } catch (error) {
      const saved = await caches.match(key, { cacheName: dataCache, ignoreVary: true });
      if (saved) return saved;
      throw error;
    }
  };

  const change = async (request: Request, key: string | null): Promise<Response> => {
    const readIn = generation;
    const response = await fetch(request);
    if (response.status === 401) await forget();
    else if (key) await keep(key, response.clone(), readIn);
    return response;
  };

  worker.addEventListener('install', (event) => {
    event.waitUntil(
      caches
        .open(shellCache)
        .then((cache) => cache.addAll(['/me', ...shellFiles]))
        .then(() => worker.skipWaiting()),
    );
  });

  worker.addEventListener('activate', (event) => {
    event.waitUntil(
      caches
        .keys()
        .then((names) =>
          Promise.all(
            names
              .filter((name) => name.startsWith(shellCachePrefix) && name !== shellCache)
              .map((name) => caches.delete(name)),
          ),
        )
        .then(() => worker.clients.claim()),
    );
  });

  worker.addEventListener('fetch', (event) => {
    const { request } = event;
    const url = new URL(request.url);
    if (url.origin !== worker.location.origin) return;
    const path = url.pathname;
    if (request.method === 'GET') {
      if (request.mode === 'navigate') {
        // The scope is a prefix: /measurements is the staff app's, left alone.
        if (path !== '/me' && !path.startsWith('/me/')) return;
        event.respondWith(
          fetch(request).catch(async (error: unknown) => {
            const page = await caches.match('/me', { cacheName: shellCache });
            if (page) return page;
            throw error;
          }),
        );
        return;
      }
      if (shellFiles.has(path)) {
        event.respondWith(
          caches.match(path, { cacheName: shellCache }).then((saved) => saved ?? fetch(request)),
        );
        return;
      }
      const key = dataKeyOfRead(path);
      if (key) event.respondWith(networkFirst(request, key));
      return;
    }
    if (request.method !== 'POST') return;
    if (changesWhoIsSignedIn(path)) {
      // Forgotten before the server answers: signing out without a network forgets too.
      event.respondWith(forget().then(() => fetch(request)));
      return;
    }
    const key = dataKeyOfChange(path);
    if (key || path.startsWith('/api/person/')) event.respondWith(change(request, key));
  });
}
