import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

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

export default defineConfig({
  root: webRoot,
  plugins: [react(), precompress()],
  build: {
    outDir,
    emptyOutDir: true,
    sourcemap: true,
    // The server reads it to have the browser fetch the opened screen's files at once.
    manifest: true,
    rolldownOptions: {
      output: {
        // Libraries change less often than the app: separate files stay cached across releases.
        // Only what every screen runs is grouped; the rest (leaflet, zod, qrcode...) goes with
        // the screens that use it, or a group would put it in the first download.
        codeSplitting: {
          groups: [
            {
              name: 'react',
              test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/,
            },
            // Popovers and menus only: on its own, no screen without one waits for it.
            // (its small helpers apart: the table's scroll area needs one of them).
            { name: 'floating-ui-utils', test: /node_modules[\\/]@floating-ui[\\/]utils[\\/]/ },
            { name: 'floating-ui', test: /node_modules[\\/]@floating-ui[\\/]/ },
            {
              name: 'vendor',
              test: /node_modules[\\/](@tanstack|i18next|react-i18next|use-sync-external-store)[\\/]/,
            },
          ],
        },
      },
    },
  },
  // In development the API runs separately (npm run dev:server); same-origin cookies need the proxy.
  server: { proxy: { '/api': { target: apiTarget, changeOrigin: false } } },
});
