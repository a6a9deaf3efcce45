import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { personWebApp } from './src/web/person/install/person-web-app';
import { webStringsByPart } from './src/web/web-strings-build';

const srcDir = fileURLToPath(new URL('./src', import.meta.url));
const webRoot = fileURLToPath(new URL('./src/web', import.meta.url));
const outDir = fileURLToPath(new URL('./dist/web', import.meta.url));
const apiTarget = process.env.PASSERELLE_API_URL ?? 'http://127.0.0.1:3000';

/** What is worth compressing: text a browser fetches (source maps only with the devtools open). */
const compressible = /\.(js|mjs|css|html|json|svg|txt|webmanifest)$/;

/**
 * Writes a .br and a .gz beside each text file of the build, at the highest levels: made once
 * here, the server sends them as they are (no compression work per request).
 */
function precompress(): Plugin {
  return {
    name: 'passerelle-precompress',
    apply: 'build',
    writeBundle(options) {
      const dir = options.dir ?? outDir;
      for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
        if (!entry.isFile() || !compressible.test(entry.name)) continue;
        const file = path.join(entry.parentPath, entry.name);
        const content = readFileSync(file);
        // Below one packet's worth, the headers cost more than compression saves.
        if (content.length < 1024) continue;
        writeFileSync(
          `${file}.br`,
          brotliCompressSync(content, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
              [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
            },
          }),
        );
        writeFileSync(`${file}.gz`, gzipSync(content, { level: 9 }));
      }
    },
  };
}

const scrollArea = /@mantine[\\/]core[\\/]esm[\\/]components[\\/]ScrollArea[\\/]ScrollArea\.mjs$/;

/**
 * Mantine's ScrollArea, in every Table, takes one small hook (useMergeRefs) from floating-ui:
 * its whole popover engine, 14 KB, came with every screen with a table. The same hook made
 * of @mantine/hooks (src/web/merge-refs.ts) stands in for it there, and only there.
 */
function scrollAreaWithoutPopovers(): Plugin {
  return {
    name: 'passerelle-scroll-area-refs',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source !== '@floating-ui/react' || !importer || !scrollArea.test(importer)) return null;
      return path.join(webRoot, 'merge-refs.ts');
    },
  };
}

const mantineStylesModule = /@mantine[\\/]core[\\/]esm[\\/].*[\\/]([A-Za-z]+)\.module\.mjs$/;

/**
 * Each Mantine component brings its own styles: its class names module imports the matching
 * file of @mantine/core/styles (one for one, same name). A screen's CSS then holds the
 * components it uses, not all of Mantine's (250 KB, a sixth of a first visit's bytes).
 */
function mantineStylesByComponent(): Plugin {
  return {
    name: 'passerelle-mantine-styles',
    enforce: 'pre',
    transform(code, id) {
      const name = mantineStylesModule.exec(id)?.[1];
      if (!name) return null;
      return { code: `import '@mantine/core/styles/${name}.css';\n${code}`, map: null };
    },
  };
}

/** Mantine's fields: most staff screens have some, and each was a file of its own. */
const mantineFields =
  /@mantine[\\/]core[\\/]esm[\\/](components[\\/](Input|InputBase|TextInput|NativeSelect|Combobox)|utils[\\/](InlineInput|InputsGroupFieldset))[\\/]/;

/**
 * Mantine's checkboxes and its growing text area: forms that open on asking, not every
 * screen with a field (the case's overview shows a select only).
 */
const mantineCheckboxes = /@mantine[\\/]core[\\/]esm[\\/]components[\\/]Checkbox/;
const mantineTextareas = /@mantine[\\/]core[\\/]esm[\\/]components[\\/]Textarea[\\/]/;

/** Mantine's tables and their scroll area: lists have them, a record's screen mostly not. */
const mantineTables = /@mantine[\\/]core[\\/]esm[\\/]components[\\/](Table|ScrollArea)[\\/]/;

/**
 * The staff app's own modules, grouped into its shared files. The person's space (/me), its
 * page, its strings and the shared code it runs (schedules, costs and lists in words) are left out: in a
 * group, they would bring the staff app's files to /me.
 */
const staffAppModule =
  /src[\\/](web[\\/](?!person[\\/]|me\.html$)|shared[\\/](?!locales[\\/]([a-z]+[\\/]person(-outcomes)?\.json|web-strings[\\/])|(schedule-words|schedule-hours|listing-words|typography|translator)\.ts))/;
const personSharedModule =
  /src[\\/]shared[\\/](schedule-words|schedule-hours|listing-words|typography|translator)\.ts$|vite[\\/]preload-helper/;

const contractModule = /src[\\/]shared[\\/]contracts[\\/]/;

const featureIndex = /[\\/]src[\\/]web[\\/]features[\\/][^\\/]+[\\/]index\.ts$/;

/**
 * A web feature's index.ts only re-exports: said so, a screen that takes one section of a
 * feature through it no longer brings the feature's other screens (the case screen came with
 * the directory, agenda, referral and partner pages, a third of its code).
 */
function featureIndexesOnlyReexport(): Plugin {
  return {
    name: 'passerelle-feature-indexes',
    transform(code, id) {
      return featureIndex.test(id) ? { code, map: null, moduleSideEffects: false } : null;
    },
  };
}

export default defineConfig({
  root: webRoot,
  plugins: [
    react(),
    // The person's space installable and readable offline: its manifest, icons, service worker.
    personWebApp({ entryName: 'me', page: 'me.html' }),
    // The staff app's strings by part: the frame's, then each screen's own namespaces.
    webStringsByPart({ srcDir, webRoot }),
    precompress(),
    scrollAreaWithoutPopovers(),
    mantineStylesByComponent(),
    featureIndexesOnlyReexport(),
  ],
  build: {
    // Every browser the app supports preloads modules itself; the polyfill, a module of both
    // pages, would tie the person's page (/me) to the staff app's first file.
    modulePreload: { polyfill: false },
    outDir,
    emptyOutDir: true,
    sourcemap: true,
    // The server reads it to have the browser fetch the opened screen's files at once.
    manifest: true,
    rolldownOptions: {
      // The staff app, and the person's own space (/me): its own page and small bundle.
      input: {
        main: path.join(webRoot, 'index.html'),
        me: path.join(webRoot, 'me.html'),
      },
      output: {
        // Libraries change less often than the app: separate files stay cached across releases.
        // What every screen runs is grouped, and so are pieces most staff screens share (each
        // file a request, its headers a kilobyte on HTTP/1.1); the rest (leaflet, zod,
        // qrcode...) goes with the screens that use it, or a group would put it in the first
        // download.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            // Popovers and menus only: on its own, no screen without one waits for it.
            // (its small helpers apart: the table's scroll area needs one of them).
            { name: 'floating-ui-utils', test: /node_modules[\\/]@floating-ui[\\/]utils[\\/]/ },
            { name: 'floating-ui', test: /node_modules[\\/]@floating-ui[\\/]/ },
            {
              name: 'vendor',
              test: /node_modules[\\/](@tanstack|i18next|react-i18next|use-sync-external-store)[\\/]/,
            },
            // What of Mantine and of the app the frame itself runs ($initial), in the entry's
            // files: left to itself, the bundler cut them into a file per set of screens
            // sharing a piece. Then, apart from them, Mantine's internals screens share, its
            // fields and tables, and the app's modules eight screens or more use (the
            // caseload's first visit: 11 files of code instead of 29).
            { name: 'mantine', test: /node_modules[\\/]@mantine[\\/]/, tags: ['$initial'] },
            // The few shared modules both pages run (schedules, costs, lists in words, and
            // Vite's helper for a screen loaded when opened): in a file of their own, or the
            // staff app's entry would hold them and /me load it.
            { name: 'words', test: personSharedModule },
            { name: 'shell', test: staffAppModule, tags: ['$initial'] },
            {
              name: 'mantine-core',
              test: /node_modules[\\/]@mantine[\\/](core[\\/]esm[\\/]core|hooks)[\\/]/,
            },
            { name: 'mantine-fields', test: mantineFields },
            { name: 'mantine-checkboxes', test: mantineCheckboxes },
            { name: 'mantine-textareas', test: mantineTextareas },
            { name: 'mantine-tables', test: mantineTables },
            // zod stays with the screens that validate something, and so do the contracts
            // written with it: in the shared file, they would bring it to every screen.
            { name: 'schemas', test: /node_modules[\\/]zod[\\/]/ },
            {
              name: 'app-common',
              test: (id) => staffAppModule.test(id) && !contractModule.test(id),
              minShareCount: 8,
            },
          ],
        },
      },
    },
  },
  // In development the API runs separately (npm run dev:server); same-origin cookies need the proxy.
  server: { proxy: { '/api': { target: apiTarget, changeOrigin: false } } },
});
