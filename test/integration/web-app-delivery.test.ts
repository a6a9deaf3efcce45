import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app';
import { loadConfig } from '../../src/server/config';
import type { DatabaseHandle } from '../../src/server/db/client';
import { Client } from '../helpers/app';
import { openTestDatabase } from '../helpers/database';
import { makeAccount } from '../helpers/factories';
import { localeCookie } from '../../src/shared/locale';

// A built app as Vite leaves it: index.html, hashed assets, and a .br and .gz beside each.
const indexHtml = `<!doctype html><title>Passerelle</title>${'<!-- padding -->'.repeat(80)}`;
const script = `export const screens = ${JSON.stringify(Array.from({ length: 200 }, (_, i) => `screen ${i}`))};`;
const scriptPath = '/assets/index-B4xk2Q9a.js';
// The person's own space: a page of its own (src/web/me.html).
const personHtml = `<!doctype html><title>Mon espace</title>${'<!-- person -->'.repeat(80)}`;

let database: DatabaseHandle;
let webRoot: string;
let app: FastifyInstance;

function writeBuilt(file: string, content: string): void {
  const full = path.join(webRoot, file);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, content);
  fs.writeFileSync(`${full}.br`, brotliCompressSync(content));
  fs.writeFileSync(`${full}.gz`, gzipSync(content));
}

beforeAll(async () => {
  database = await openTestDatabase();
  webRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-web-'));
  writeBuilt('index.html', indexHtml);
  writeBuilt('me.html', personHtml);
  writeBuilt(scriptPath, script);
  app = await buildApp({
    config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: ':memory:' }),
    database,
    webRoot,
  });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await database.close();
  fs.rmSync(webRoot, { recursive: true, force: true });
});

function get(url: string, acceptEncoding?: string) {
  return app.inject({
    method: 'GET',
    url,
    headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {},
  });
}

/** A build with a manifest: the caseload screen, its parts, and each language's strings by part. */
function writeManifestBuild(root: string): void {
  const write = (file: string, content: string): void => {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), content);
  };
  write(
    'index.html',
    '<!doctype html>\n<html lang="en">\n  <head>\n    <script type="module" src="/assets/index-1.js"></script>\n  </head>\n  <body></body>\n</html>\n',
  );
  const manifest = {
    'index.html': { file: 'assets/index-1.js', imports: ['_react-1.js'] },
    '_react-1.js': { file: 'assets/react-1.js' },
    '_table-1.js': {
      file: 'assets/table-1.js',
      imports: ['_react-1.js'],
      css: ['assets/table-1.css'],
    },
    'features/cases/caseload-page.tsx': {
      file: 'assets/caseload-page-1.js',
      imports: ['index.html', '_react-1.js', '_table-1.js'],
    },
    'features/sign-in/sign-in-page.tsx': {
      file: 'assets/sign-in-page-1.js',
      imports: ['index.html'],
    },
    ...Object.fromEntries(
      ['en', 'fr'].flatMap((locale) =>
        ['frame', 'cases', 'signIn', 'reports'].map((part) => [
          `../shared/locales/web-strings/${locale}-${part}.js`,
          { file: `assets/${locale}-${part}.js` },
        ]),
      ),
    ),
  };
  write('.vite/manifest.json', JSON.stringify(manifest));
}

describe('the web app on a slow link', () => {
  it('sends hashed assets compressed as the browser asks, kept for a year', async () => {
    const brotli = await get(scriptPath, 'gzip, deflate, br, zstd');
    expect(brotli.statusCode).toBe(200);
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotli.headers['content-type']).toMatch(/javascript/);
    expect(brotli.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(brotli.headers.vary).toMatch(/accept-encoding/i);
    expect(brotliDecompressSync(brotli.rawPayload).toString()).toBe(script);

    const gzip = await get(scriptPath, 'gzip');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.rawPayload).toString()).toBe(script);

    const plain = await get(scriptPath);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(script);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('has the browser check index.html on every visit, so a release shows at once', async () => {
    for (const url of ['/', '/cases', '/cases/123/plan']) {
      const response = await get(url, 'br, gzip');
      expect(response.statusCode).toBe(200);
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.headers['content-encoding']).toBe('br');
      expect(brotliDecompressSync(response.rawPayload).toString()).toBe(indexHtml);
    }
    const etag = (await get('/')).headers.etag;
    expect(etag).toBeDefined();
    const again = await app.inject({
      method: 'GET',
      url: '/',
      headers: { 'if-none-match': String(etag) },
    });
    expect(again.statusCode).toBe(304);
  });

  it('sends the person’s own space its own page, no staff app, checked on every visit', async () => {
    for (const url of ['/me', '/me/sign-in']) {
      const response = await get(url, 'br, gzip');
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.headers['content-encoding']).toBe('br');
      expect(brotliDecompressSync(response.rawPayload).toString()).toBe(personHtml);
    }
  });

  it('answers machines’ addresses it does not know with 404, never the app’s page', async () => {
    // A scraper or FHIR client given a 200 page would take it for an answer.
    for (const url of ['/metrics', '/hsds/nothing-here', '/fhir/R4/Nothing', '/api/nothing']) {
      const response = await get(url);
      expect(`${url} ${response.statusCode}`).toBe(`${url} 404`);
      expect(response.headers['content-type'], url).not.toMatch(/text\/html/);
    }
  });

  it('does not serve the compressed copies as files of their own', async () => {
    expect((await get(`${scriptPath}.br`)).headers['content-type']).toMatch(/text\/html/);
  });

  it('compresses large API answers when asked, and they stay private', async () => {
    const administrator = await makeAccount(database.db, [{ role: 'administrator' }]);
    for (let i = 0; i < 8; i += 1) await makeAccount(database.db, [{ role: 'evaluator' }]);
    const client = new Client(app);
    await client.signIn(administrator.email, administrator.password);

    const plain = await client.request('GET', '/api/accounts');
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.rawPayload.length).toBeGreaterThan(1024);

    const compressed = await client.request('GET', '/api/accounts', undefined, {
      'accept-encoding': 'gzip, deflate, br',
    });
    expect(compressed.headers['content-encoding']).toBe('br');
    expect(compressed.headers.vary).toMatch(/accept-encoding/i);
    expect(compressed.headers['cache-control']).toBe('no-store');
    expect(compressed.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);
    expect(JSON.parse(brotliDecompressSync(compressed.rawPayload).toString())).toEqual(
      plain.json(),
    );

    const gzip = await client.request('GET', '/api/accounts', undefined, {
      'accept-encoding': 'gzip',
    });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(gzip.rawPayload).toString())).toEqual(plain.json());
  });
});

describe("the web app's page asks for the opened screen's files at once", () => {
  let built: string;
  let pages: FastifyInstance;

  beforeAll(async () => {
    built = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-web-'));
    writeManifestBuild(built);
    pages = await buildApp({
      config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: ':memory:' }),
      database,
      webRoot: built,
    });
    await pages.ready();
  });
  afterAll(async () => {
    await pages.close();
    fs.rmSync(built, { recursive: true, force: true });
  });

  const open = (url: string, headers: Record<string, string> = {}) =>
    pages.inject({ method: 'GET', url, headers });
  const preloads = (html: string): string[] =>
    [...html.matchAll(/<link rel="(?:modulepreload|preload)"[^>]*href="([^"]+)"/g)].map(
      (match) => match[1] ?? '',
    );

  it("names the screen's code, its styles, the frame's and the screen's strings in the browser's language and the session", async () => {
    const page = await open('/cases?sort=name', { 'accept-language': 'fr-CA,fr;q=0.9,en;q=0.8' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.body).toContain('<html lang="fr"');
    expect(preloads(page.body)).toEqual([
      '/assets/fr-frame.js',
      '/assets/fr-cases.js',
      '/assets/caseload-page-1.js',
      '/assets/table-1.js',
      '/assets/table-1.css',
      '/api/auth/session',
    ]);
  });

  it('follows the language chosen on the device over the browsers', async () => {
    const page = await open('/sign-in', {
      'accept-language': 'fr',
      cookie: `${localeCookie}=en`,
    });
    expect(page.body).toContain('<html lang="en"');
    expect(preloads(page.body)).toEqual([
      '/assets/en-frame.js',
      '/assets/en-signIn.js',
      '/assets/sign-in-page-1.js',
      '/api/auth/session',
    ]);
  });

  it("has a signed-in browser fetch the screen's data with its code, and nobody else", async () => {
    const signedOut = await open('/cases?sort=name&stage=planned');
    expect(preloads(signedOut.body)).not.toContain('/api/notifications?limit=1');
    expect(signedOut.body).not.toContain('/api/cases/caseload');

    const signedIn = await open('/cases?sort=name&stage=planned&junk=1', {
      cookie: 'passerelle-session=whatever',
    });
    expect(preloads(signedIn.body)).toEqual(
      expect.arrayContaining([
        '/api/notifications?limit=1',
        '/api/cases/caseload?assignee=me&amp;sort=name&amp;stage=planned',
      ]),
    );
    // The same page for a public screen: no data of anyone's.
    const signIn = await open('/sign-in', { cookie: 'passerelle-session=whatever' });
    expect(signIn.body).not.toContain('/api/notifications');
  });

  it('answers 304 to a browser holding the same page, and 200 when the page differs', async () => {
    const first = await open('/cases');
    const again = await open('/cases', { 'if-none-match': String(first.headers.etag) });
    expect(again.statusCode).toBe(304);
    const french = await open('/cases', {
      'if-none-match': String(first.headers.etag),
      cookie: `${localeCookie}=fr`,
    });
    expect(french.statusCode).toBe(200);
  });
});
