import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  defaultLocale,
  isLocale,
  type Locale,
  localeCookie,
  negotiateLocale,
} from '../../shared/locale';
import { type PathMatch, routeMatcher } from '../../shared/route-paths';
import { type Screen, screens, unreadCountApiPath } from '../../shared/screens';
import { webStringsModule } from '../../shared/web-strings';

/** What Vite's build manifest says of one file (build.manifest in vite.config.ts). */
type ManifestChunk = { file: string; imports?: string[]; css?: string[] };
type Manifest = Record<string, ManifestChunk>;

type Page = { html: string; etag: string };

/** The session answers every screen, signed in or not: the browser asks for it with the code. */
const sessionPreload =
  '<link rel="preload" as="fetch" crossorigin="anonymous" href="/api/auth/session">';

/**
 * The web app's page (index.html) for one address. The app's own code is named in it by the
 * build; this adds what the opened screen needs, so that on a slow link the browser fetches it
 * all at once instead of in three rounds (the app, then its strings, the screen's code and the
 * session, then the screen's data): the screen's code, the frame's and the screen's strings in
 * the visitor's language (shared/web-strings.ts) and the session. Without a build manifest, index.html is sent as it is.
 */
export class WebAppPages {
  private readonly pages = new Map<string, Page>();
  private readonly screenAt = routeMatcher(
    screens.map((screen) => ({ path: screen.path, screen })),
  );
  private index = '';
  private manifest: Manifest | undefined;
  private builtAt = -1;

  constructor(
    private readonly webRoot: string,
    private readonly sessionCookie: string,
  ) {}

  /** Reads the build again when it changed (a new build names new files), else keeps it. */
  private refresh(): void {
    const indexFile = path.join(this.webRoot, 'index.html');
    const builtAt = fs.statSync(indexFile).mtimeMs;
    if (builtAt === this.builtAt) return;
    const manifestFile = path.join(this.webRoot, '.vite', 'manifest.json');
    this.index = fs.readFileSync(indexFile, 'utf8');
    this.manifest = fs.existsSync(manifestFile)
      ? (JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Manifest)
      : undefined;
    this.pages.clear();
    this.builtAt = builtAt;
  }

  /** Sends the page for the request's address, or 304 when the browser holds it already. */
  send(request: FastifyRequest, reply: FastifyReply): FastifyReply {
    this.refresh();
    const match = this.screenAt(new URL(request.url, 'http://page').pathname);
    const base = this.page(match?.route.screen, pageLocale(request));
    const signedIn = request.cookies[this.sessionCookie] !== undefined;
    const page = signedIn && match && this.manifest ? withData(base, match, request.url) : base;
    reply
      .header('cache-control', 'no-cache')
      .header('etag', page.etag)
      .header('vary', 'accept-encoding, accept-language, cookie')
      .type('text/html; charset=utf-8');
    if (request.headers['if-none-match'] === page.etag) return reply.code(304).send();
    return reply.send(page.html);
  }

  private page(screen: Screen | undefined, locale: Locale): Page {
    const key = `${screen?.path ?? ''} ${locale}`;
    let page = this.pages.get(key);
    if (!page) {
      const html = this.manifest ? this.withPreloads(this.manifest, screen, locale) : this.index;
      page = { html, etag: etagOf(html) };
      this.pages.set(key, page);
    }
    return page;
  }

  private withPreloads(manifest: Manifest, screen: Screen | undefined, locale: Locale): string {
    const inEntry = filesOf(manifest, ['index.html']);
    const strings = ['frame' as const, ...(screen?.strings ?? [])];
    const wanted = filesOf(manifest, [
      ...strings.map((part) => `../${webStringsModule(locale, part)}`),
      ...(screen ? [`${screen.page}.tsx`] : []),
    ]);
    const links = [...wanted]
      .filter((file) => !inEntry.has(file))
      .map((file) =>
        file.endsWith('.css')
          ? `<link rel="preload" as="style" crossorigin href="/${file}">`
          : `<link rel="modulepreload" crossorigin href="/${file}">`,
      );
    return this.index
      .replace(/<html lang="[^"]*"/, `<html lang="${locale}"`)
      .replace('</head>', `    ${[...links, sessionPreload].join('\n    ')}\n  </head>`);
  }
}

type ScreenMatch = PathMatch<{ screen: Screen }>;

function etagOf(html: string): string {
  return `W/"${createHash('sha256').update(html).digest('base64url').slice(0, 27)}"`;
}

/**
 * For a signed-in visitor, the API answers the screen reads first, fetched with its code rather
 * than after it: its data and the notification bell's count. One who may not read them is
 * refused, as the screen itself would be.
 */
function withData(page: Page, match: ScreenMatch, url: string): Page {
  const { screen } = match.route;
  if (screen.access === 'public') return page;
  const address = { params: match.params, search: new URL(url, 'http://page').searchParams };
  const links = [unreadCountApiPath, ...(screen.data?.(address) ?? [])].map(
    (href) => `<link rel="preload" as="fetch" crossorigin="anonymous" href="${escapeHtml(href)}">`,
  );
  const html = page.html.replace('</head>', `  ${links.join('\n    ')}\n  </head>`);
  return { html, etag: etagOf(html) };
}

function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');
}

/** The files a module needs before it runs: its own, its static imports', and their CSS. */
function filesOf(manifest: Manifest, keys: readonly string[]): Set<string> {
  const files = new Set<string>();
  const seen = new Set<string>();
  const visit = (key: string): void => {
    const chunk = manifest[key];
    if (!chunk || seen.has(key)) return;
    seen.add(key);
    files.add(chunk.file);
    for (const css of chunk.css ?? []) files.add(css);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  keys.forEach(visit);
  return files;
}

/**
 * The language the app will start in, as the app chooses it (i18n.ts): the one chosen on this
 * device (mirrored in a cookie), else the browser's.
 */
function pageLocale(request: FastifyRequest): Locale {
  const chosen = request.cookies[localeCookie];
  if (isLocale(chosen)) return chosen;
  return negotiateLocale(request.headers['accept-language']) ?? defaultLocale;
}
