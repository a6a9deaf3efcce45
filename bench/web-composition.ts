/**
 * What each file of a build is made of, by source: the bundle visualiser's report as text.
 * Each byte of a built file is charged to the source its source map names (a package, or a
 * file of the app), so a grown chunk says which library or module grew it.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';

/** Bytes are charged in steps of this many columns: exact enough, and fast on long lines. */
const step = 16;

/** A source's owner: the npm package it comes from, or the app's file. */
function ownerOf(source: string | null): string {
  if (!source) return '(bundler)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source);
  return pkg?.[1] ?? source.replace(/^.*?\bsrc\//, 'src/');
}

/** Raw bytes of a built file by owner, largest first. */
export function compositionOf(file: string): { owner: string; bytes: number }[] {
  const code = readFileSync(file, 'utf8');
  if (!existsSync(`${file}.map`)) return [{ owner: '(bundler)', bytes: code.length }];
  const map = new TraceMap(readFileSync(`${file}.map`, 'utf8'));
  const bytes = new Map<string, number>();
  code.split('\n').forEach((line, index) => {
    for (let column = 0; column < line.length; column += step) {
      const owner = ownerOf(originalPositionFor(map, { line: index + 1, column }).source);
      bytes.set(owner, (bytes.get(owner) ?? 0) + Math.min(step, line.length - column));
    }
  });
  return [...bytes].map(([owner, n]) => ({ owner, bytes: n })).sort((a, b) => b.bytes - a.bytes);
}

/** Prints, for each file, its gzipped size and the owners of most of its bytes. */
export function printComposition(webRoot: string, files: string[], top = 5): void {
  for (const file of files.filter((name) => name.endsWith('.js'))) {
    const full = path.join(webRoot, file);
    const gz = gzipSync(readFileSync(full), { level: 9 }).length / 1024;
    const parts = compositionOf(full);
    const raw = parts.reduce((sum, part) => sum + part.bytes, 0);
    const named = parts
      .slice(0, top)
      .map((part) => `${part.owner} ${(part.bytes / 1024).toFixed(1)}`)
      .join(', ');
    console.log(
      `  ${path.basename(file)}: ${gz.toFixed(1)} KB gz, ${(raw / 1024).toFixed(0)} KB raw: ${named}`,
    );
  }
}
