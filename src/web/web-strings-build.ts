// The build's part of the web app's strings (vite.config.ts): web.json, the one file
// translators edit, made into a module per language for the frame and one per namespace
// (shared/web-strings.ts), and a check that no screen can show a key instead of its words.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Plugin, Rolldown } from 'vite';
import { type Locale, locales } from '../shared/locale';
import { screenNamespaces, screens } from '../shared/screens';
import { frameStrings, webStringsModule, type WebStringsPart } from '../shared/web-strings';

/** What i18n.ts imports: for each language and part, the function fetching its module. */
const indexId = 'virtual:web-strings';
const resolvedIndexId = `\0${indexId}`;

/** The strings at these key paths of a language's table, as a table of their own. */
export function pickStrings(table: Record<string, unknown>, paths: readonly string[]): object {
  const picked: Record<string, unknown> = {};
  for (const keyPath of paths) {
    const parts = keyPath.split('.');
    let from: unknown = table;
    let into = picked;
    parts.forEach((part, index) => {
      from =
        typeof from === 'object' && from !== null
          ? (from as Record<string, unknown>)[part]
          : undefined;
      if (from === undefined) throw new Error(`web.json has no ${keyPath}`);
      if (index === parts.length - 1) into[part] = from;
      else into = (into[part] ??= {}) as Record<string, unknown>;
    });
  }
  return picked;
}

/** Whether a key (or the start of one a template completes, ending in a dot) is among `paths`. */
function covered(key: string, paths: readonly string[]): boolean {
  return paths.some((keyPath) => key === keyPath || key.startsWith(`${keyPath}.`));
}

export function webStringsByPart(options: { srcDir: string; webRoot: string }): Plugin {
  const { srcDir, webRoot } = options;
  const webJson = (locale: Locale): string =>
    path.join(srcDir, 'shared', 'locales', locale, 'web.json');
  const readTable = (locale: Locale): Record<string, unknown> =>
    JSON.parse(readFileSync(webJson(locale), 'utf8')) as Record<string, unknown>;
  const namespaces = Object.keys(readTable('en'));
  // Only the parts someone asks for: each is an import in the app's first file.
  const parts: WebStringsPart[] = ['frame', ...new Set(screens.flatMap(screenNamespaces))];
  const modules = new Map<string, { locale: Locale; part: WebStringsPart }>(
    locales.flatMap((locale) =>
      parts.map((part) => [path.join(srcDir, webStringsModule(locale, part)), { locale, part }]),
    ),
  );
  // A string literal starting with a namespace and a dot: a key, or the start of one.
  const keyPattern = new RegExp(`["'\`]((?:${namespaces.join('|')})\\.[\\w.]*)`, 'g');

  return {
    name: 'passerelle-web-strings',
    enforce: 'pre',
    resolveId(source) {
      if (source === indexId) return resolvedIndexId;
      return modules.has(source) ? source : null;
    },
    load(id) {
      if (id === resolvedIndexId) {
        const byLocale = locales.map((locale) => {
          const loaders = parts.map(
            (part) =>
              `${JSON.stringify(part)}: () => import(${JSON.stringify(path.join(srcDir, webStringsModule(locale, part)))})`,
          );
          return `${JSON.stringify(locale)}: {${loaders.join(',\n')}}`;
        });
        return { code: `export default {${byLocale.join(',\n')}};\n`, moduleType: 'js' };
      }
      const target = modules.get(id);
      if (!target) return null;
      this.addWatchFile(webJson(target.locale));
      const table = readTable(target.locale);
      const strings =
        target.part === 'frame'
          ? pickStrings(table, frameStrings)
          : { [target.part]: table[target.part] };
      return {
        code: `export default JSON.parse(${JSON.stringify(JSON.stringify(strings))});\n`,
        moduleType: 'js',
      };
    },
    generateBundle(_options, bundle) {
      const problems = missingStrings(this, bundle);
      if (problems.length > 0) {
        this.error(
          `Strings a screen would show as keys (add the namespace to the screen in src/shared/screens.ts, or to frameStrings):\n${problems.join('\n')}`,
        );
      }
    },
  };

  /**
   * Each key the built code of the frame or of a screen holds that the strings it waits for
   * do not: the frame's modules are what main.tsx reaches without opening a screen; a
   * screen's, what its page module reaches, dialogs and tabs loaded later included.
   */
  function missingStrings(
    context: { getModuleInfo: (id: string) => Rolldown.ModuleInfo | null },
    bundle: Rolldown.OutputBundle,
  ): string[] {
    const code = new Map<string, string>();
    for (const output of Object.values(bundle)) {
      if (output.type !== 'chunk') continue;
      for (const [id, rendered] of Object.entries(output.modules)) {
        // Only the web app's modules name keys (shared ones hold codes like `account.created`).
        if (rendered.code && id.startsWith(webRoot)) code.set(id, rendered.code);
      }
    }
    const pageOf = (screen: { page: string }): string => path.join(webRoot, `${screen.page}.tsx`);
    const pages = new Set(screens.map(pageOf));
    const reach = (start: string, skip: (id: string) => boolean): Set<string> => {
      const seen = new Set<string>();
      const visit = (id: string): void => {
        if (seen.has(id) || skip(id)) return;
        seen.add(id);
        const info = context.getModuleInfo(id);
        for (const next of [
          ...(info?.importedIds ?? []),
          ...(info?.dynamicallyImportedIds ?? []),
        ]) {
          // A feature's index re-exports its screens; only what a module takes runs.
          if (!(featureIndex.test(id) && pages.has(next))) visit(next);
        }
      };
      visit(start);
      return seen;
    };
    const problems: string[] = [];
    const check = (name: string, reached: Set<string>, paths: readonly string[]): void => {
      const missing = new Map<string, string>();
      for (const id of reached) {
        for (const match of (code.get(id) ?? '').matchAll(keyPattern)) {
          const key = match[1] ?? '';
          if (!covered(key, paths) && !missing.has(key.split('.')[0] ?? '')) {
            missing.set(key.split('.')[0] ?? '', `${key} in ${path.relative(srcDir, id)}`);
          }
        }
      }
      for (const [namespace, example] of missing) {
        problems.push(`  ${name}: ${namespace} (${example})`);
      }
    };
    const frame = reach(path.join(webRoot, 'main.tsx'), (id) => pages.has(id));
    check('frame', frame, frameStrings);
    const moduleOf = (part: { module: string }): string => path.join(webRoot, `${part.module}.tsx`);
    for (const screen of screens) {
      const parts = screen.parts ?? [];
      const later = new Set(parts.map(moduleOf));
      const reached = reach(pageOf(screen), (id) => frame.has(id) || later.has(id));
      check(screen.path, reached, [...frameStrings, ...screen.strings]);
      // A piece shows once its own namespaces are here too, beside the screen's.
      for (const part of parts) {
        if (!context.getModuleInfo(moduleOf(part))) {
          problems.push(`  ${screen.path}: no module ${part.module}`);
          continue;
        }
        check(
          `${screen.path} (${part.module})`,
          reach(moduleOf(part), (id) => frame.has(id)),
          [...frameStrings, ...screen.strings, ...part.strings],
        );
      }
    }
    return [...new Set(problems)];
  }
}

const featureIndex = /[\\/]src[\\/]web[\\/]features[\\/][^\\/]+[\\/]index\.ts$/;
