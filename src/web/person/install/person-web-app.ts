// The build's part of the person's space as an installable web app (vite.config.ts): its
// icons, its manifest and its service worker with the list of the shell's files, all written
// beside the built pages (the server sends them as static files, `no-cache`).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { minifySync, type Plugin, type Rolldown, transformWithOxc } from 'vite';
import { iconPng, type IconPurpose } from './app-icon';
import { type ManifestIcon, personWebAppManifest } from './web-app-manifest';
import type { PersonShell } from './service-worker';

/** At the root, so that its scope may be /me without a Service-Worker-Allowed header. */
export const serviceWorkerFile = 'me-sw.js';
export const manifestFile = 'me.webmanifest';

const icons: { size: number; purpose: IconPurpose }[] = [
  { size: 192, purpose: 'any' },
  { size: 512, purpose: 'any' },
  { size: 192, purpose: 'maskable' },
  { size: 512, purpose: 'maskable' },
];

/**
 * The files of the /me page's entry and of everything it may load later (the other language's
 * strings, the questionnaire form, sign-in by code), with their CSS: what it needs offline.
 */
export function shellFilesOf(bundle: Rolldown.OutputBundle, entryName: string): string[] {
  const chunks = new Map<string, Rolldown.OutputChunk>();
  for (const output of Object.values(bundle)) {
    if (output.type === 'chunk') chunks.set(output.fileName, output);
  }
  const entry = [...chunks.values()].find((chunk) => chunk.isEntry && chunk.name === entryName);
  if (!entry) throw new Error(`No entry named ${entryName} in the build`);
  const files = new Set<string>();
  const visit = (chunk: Rolldown.OutputChunk): void => {
    if (files.has(chunk.fileName)) return;
    files.add(chunk.fileName);
    for (const css of chunk.viteMetadata?.importedCss ?? []) files.add(css);
    for (const name of [...chunk.imports, ...chunk.dynamicImports]) {
      const next = chunks.get(name);
      if (next) visit(next);
    }
  };
  visit(entry);
  return [...files].map((file) => `/${file}`).sort();
}

/** The worker's script: its TypeScript as a classic script, started with the shell's list. */
async function serviceWorkerScript(source: string, shell: PersonShell): Promise<string> {
  const { code } = await transformWithOxc(source, 'service-worker.ts', { lang: 'ts' });
  const body = code.replace(/^export /gm, '');
  if (/^\s*(import|export)\b/m.test(body)) throw new Error('The service worker must not import');
  const script = `(() => {\n${body}\nstartPersonServiceWorker(self, ${JSON.stringify(shell)});\n})();\n`;
  const minified = minifySync(serviceWorkerFile, script, { compress: true, mangle: true });
  if (minified.errors.length > 0) throw new Error(minified.errors[0]?.message);
  return minified.code;
}

export function personWebApp(options: { entryName: string; page: string }): Plugin {
  const workerSource = new URL('./service-worker.ts', import.meta.url);
  return {
    name: 'passerelle-person-web-app',
    apply: 'build',
    // After the pages are written into the bundle: the shell's version covers the page too.
    enforce: 'post',
    async generateBundle(_options, bundle) {
      const manifestIcons: ManifestIcon[] = icons.map(({ size, purpose }) => {
        const name = `me-icon-${purpose}-${size}.png`;
        const reference = this.emitFile({ type: 'asset', name, source: iconPng(size, purpose) });
        return {
          src: `/${this.getFileName(reference)}`,
          sizes: `${size}x${size}`,
          type: 'image/png',
          purpose,
        };
      });
      this.emitFile({
        type: 'asset',
        fileName: manifestFile,
        source: `${JSON.stringify(personWebAppManifest(manifestIcons), null, 2)}\n`,
      });

      const files = shellFilesOf(bundle, options.entryName);
      const page = bundle[options.page];
      if (page?.type !== 'asset') throw new Error(`No page ${options.page} in the build`);
      const version = createHash('sha256')
        .update(JSON.stringify(files))
        .update(page.source)
        .digest('hex')
        .slice(0, 16);
      this.emitFile({
        type: 'asset',
        fileName: serviceWorkerFile,
        source: await serviceWorkerScript(readFileSync(workerSource, 'utf8'), { version, files }),
      });
    },
  };
}
