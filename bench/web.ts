/**
 * The web app's first load on a slow rural link: `npm run bench -- web`.
 *
 * Builds the app into a scratch folder and reports what each page's first download weighs
 * (the entry's JavaScript and CSS, gzipped and as sent), then serves it with the demo
 * programme on a scratch database (WEB_BENCH_ENGINE: server, the default, or embedded) and
 * drives Debian's Chromium at 400 kbit/s and 400 ms round trip (CDP network emulation),
 * signed in as the demo link worker, over the caseload, a case, the directory and the
 * referral form: a first visit with a cold cache, then a repeat visit, in seconds until the
 * screen's content shows and bytes moved. Twice: from the app itself (HTTP/1.1, six
 * connections) and through a TLS front speaking HTTP/2, as production serves it.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from '@playwright/test';
import { build } from 'vite';
import { buildApp } from '../src/server/app';
import { loadConfig } from '../src/server/config';
import { demoAccounts, demoPassword, seedDemo } from '../src/server/demo';
import { type Engine, openEngine } from './support';
import { startTlsFront, type TlsFront } from './tls-front';
import { printComposition } from './web-composition';

/** WEB_BENCH_VERBOSE=1 lists each request: when it started and ended, its bytes. */
const verbose = Boolean(process.env.WEB_BENCH_VERBOSE);
const kbitPerSecond = 400;
const roundTripMs = 400;
/** Before this work a first visit took over 30 s: room for slower screens and machines. */
const timeout = 180_000;
const repoRoot = fileURLToPath(new URL('..', import.meta.url));

type Screen = { name: string; path: string; ready: (page: Page) => Promise<void> };

/** Sizes in KB of the files index.html loads before any screen: what every first visit pays. */
function entrySizes(webRoot: string): { js: number; css: number; files: string[] } {
  const html = readFileSync(path.join(webRoot, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map(
    (match) => match[1] ?? '',
  );
  const gzipped = (file: string): number =>
    gzipSync(readFileSync(path.join(webRoot, file)), { level: 9 }).length;
  const sum = (ext: string): number =>
    files.filter((file) => file.endsWith(ext)).reduce((total, file) => total + gzipped(file), 0);
  return { js: sum('.js') / 1024, css: sum('.css') / 1024, files };
}

type Visit = {
  seconds: number;
  bytes: number;
  jsBytes: number;
  cssBytes: number;
  /** The app's scripts the visit fetched (paths under the web root), before the screen showed. */
  scripts: string[];
};

/**
 * The issue's measure of a screen's JavaScript: the files it fetched, each gzipped (level 9,
 * as the build precompresses them), without the HTTP headers the bytes moved also count.
 */
function gzippedScripts(webRoot: string, scripts: readonly string[]): number {
  return scripts.reduce(
    (total, file) => total + gzipSync(readFileSync(path.join(webRoot, file)), { level: 9 }).length,
    0,
  );
}

/** Opens `url` and waits for the screen's content, counting every byte the network moved. */
async function visit(page: Page, url: string, screen: Screen): Promise<Visit> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: roundTripMs,
    downloadThroughput: (kbitPerSecond * 1000) / 8,
    uploadThroughput: (kbitPerSecond * 1000) / 8,
  });
  const types = new Map<string, string>();
  const urls = new Map<string, { url: string; at: number }>();
  cdp.on('Network.requestWillBeSent', (event) =>
    urls.set(event.requestId, { url: event.request.url, at: performance.now() }),
  );
  const totals = { bytes: 0, jsBytes: 0, cssBytes: 0 };
  const scripts: string[] = [];
  const started = performance.now();
  cdp.on('Network.responseReceived', (event) => types.set(event.requestId, event.type));
  cdp.on('Network.loadingFinished', (event) => {
    totals.bytes += event.encodedDataLength;
    const request = urls.get(event.requestId);
    if (verbose && request) {
      const offset = (at: number): string => ((at - started) / 1000).toFixed(2);
      console.log(
        `  ${offset(request.at)}–${offset(performance.now())} s ${String(event.encodedDataLength).padStart(7)} B ${request.url.replace(/^https?:\/\/[^/]+/, '')}`,
      );
    }
    const type = types.get(event.requestId);
    if (type === 'Script') {
      totals.jsBytes += event.encodedDataLength;
      const asset = /^https?:\/\/[^/]+\/(assets\/[^?#]+\.js)/.exec(request?.url ?? '')?.[1];
      if (asset) scripts.push(asset);
    }
    if (type === 'Stylesheet') totals.cssBytes += event.encodedDataLength;
  });
  await page.goto(url, { waitUntil: 'commit' });
  await screen.ready(page);
  const seconds = (performance.now() - started) / 1000;
  await cdp.detach();
  return { seconds, ...totals, scripts };
}

const linkWorker = demoAccounts.find((account) => account.role === 'link_worker');

async function signIn(base: string): Promise<string> {
  if (!linkWorker) throw new Error('The demo has no link worker');
  const response = await fetch(`${base}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ email: linkWorker.email, password: demoPassword }),
  });
  if (!response.ok) throw new Error(`Sign-in failed: ${response.status}`);
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return cookie;
}

async function firstCaseId(base: string, cookie: string): Promise<string> {
  const response = await fetch(`${base}/api/cases/caseload`, { headers: { cookie } });
  const body = (await response.json()) as { items?: { id: string }[] };
  const id = body.items?.[0]?.id;
  if (!id) throw new Error('The demo link worker has no case');
  return id;
}

const noLoader = async (page: Page): Promise<void> => {
  await page.locator('main .mantine-Loader-root').first().waitFor({ state: 'detached', timeout });
};

function screens(caseId: string): Screen[] {
  return [
    {
      name: 'caseload',
      path: '/cases',
      ready: async (page) => {
        await page.locator('main table tbody tr').first().waitFor({ timeout });
      },
    },
    {
      name: 'case',
      path: `/cases/${caseId}`,
      ready: async (page) => {
        await page.getByRole('tab').first().waitFor({ timeout });
        await noLoader(page);
      },
    },
    {
      name: 'directory',
      path: '/directory',
      ready: async (page) => {
        await page.locator('main form').first().waitFor({ timeout });
        await noLoader(page);
      },
    },
    {
      name: 'referral',
      path: '/cases/agency-referral',
      ready: async (page) => {
        await page.locator('main form').first().waitFor({ timeout });
        await noLoader(page);
      },
    },
  ];
}

async function driveScreens(
  browser: Browser,
  base: string,
  cookie: string,
  caseId: string,
  protocol: string,
  webRoot: string,
): Promise<void> {
  const [name, value] = cookie.split('=');
  console.log(
    `\n${protocol}: Chromium at ${kbitPerSecond} kbit/s, ${roundTripMs} ms round trip, demo link worker signed in`,
  );
  console.log(
    'screen      first visit          repeat visit         first-visit JS / CSS moved   JS gzipped',
  );
  for (const screen of screens(caseId)) {
    // The link worker's browser speaks their language, as it would.
    const context = await browser.newContext({ locale: `${linkWorker?.locale ?? 'en'}-CA` });
    await context.addCookies([{ name: name ?? '', value: value ?? '', url: base }]);
    const page = await context.newPage();
    const first = await visit(page, `${base}${screen.path}`, screen);
    const repeat = await visit(page, `${base}${screen.path}`, screen);
    const kb = (bytes: number): string => `${(bytes / 1024).toFixed(0)} KB`;
    console.log(
      `${screen.name.padEnd(11)} ${`${first.seconds.toFixed(1)} s ${kb(first.bytes)}`.padEnd(20)} ` +
        `${`${repeat.seconds.toFixed(1)} s ${kb(repeat.bytes)}`.padEnd(20)} ` +
        `${`${kb(first.jsBytes)} / ${kb(first.cssBytes)}`.padEnd(24)} ` +
        `${(gzippedScripts(webRoot, first.scripts) / 1024).toFixed(1)} KB`,
    );
    await context.close();
  }
}

export async function runWebBench(): Promise<void> {
  const webRoot = mkdtempSync(path.join(tmpdir(), 'passerelle-web-bench-'));
  const engine: Engine = process.env.WEB_BENCH_ENGINE === 'embedded' ? 'embedded' : 'server';
  const database = await openEngine(engine);
  let browser: Browser | undefined;
  let front: TlsFront | undefined;
  try {
    await build({
      configFile: path.join(repoRoot, 'vite.config.ts'),
      logLevel: 'warn',
      build: { outDir: webRoot, emptyOutDir: true },
    });
    const entry = entrySizes(webRoot);
    console.log(`\nweb: first download of every page (gzipped), ${entry.files.length} files`);
    console.log(`  JavaScript ${entry.js.toFixed(1)} KB, CSS ${entry.css.toFixed(1)} KB`);
    console.log('  made of (KB raw, the largest sources of each file):');
    printComposition(webRoot, entry.files);

    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      MAP_TILE_URL: 'off',
      SIGN_IN_RATE_PER_MINUTE: '1000',
    });
    await seedDemo(database.handle.db, config);
    const app = await buildApp({ config, database: database.handle, webRoot });
    await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
      const cookie = await signIn(base);
      const caseId = await firstCaseId(base, cookie);
      front = await startTlsFront((app.server.address() as AddressInfo).port);
      browser = await chromium.launch({
        executablePath: '/usr/bin/chromium',
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          // The TLS front's certificate is made for this run.
          '--ignore-certificate-errors',
        ],
      });
      await driveScreens(browser, base, cookie, caseId, 'HTTP/1.1, the app itself', webRoot);
      await driveScreens(
        browser,
        front.base,
        cookie,
        caseId,
        'HTTP/2 over TLS, as in production',
        webRoot,
      );
    } finally {
      await browser?.close();
      await front?.close();
      await app.close();
    }
  } finally {
    await browser?.close();
    await database.drop();
    rmSync(webRoot, { recursive: true, force: true });
  }
}
