import { createRequire } from 'node:module';
import { normaliseText } from './search-rules';

// Loaded with require on the first word the directory does not know, not imported: 600k
// words (8 MB of JSON) cost nothing to a process that never corrects a word.
const require = createRequire(import.meta.url);
let hashes: Float64Array | undefined;

/**
 * Whether the word (normalised: lower case, no accents) is an English or French word. A
 * word of either language is never corrected into another one, even when no listing holds it.
 */
export function isDictionaryWord(word: string): boolean {
  hashes ??= load();
  return sortedIncludes(hashes, hash53(word));
}

/**
 * The words kept as sorted 53-bit hashes (5 MB, where a set of the strings takes 80): two
 * words share a hash about once in ten billion lookups.
 */
function load(): Float64Array {
  const lists = [
    require('an-array-of-english-words') as string[],
    require('an-array-of-french-words') as string[],
  ];
  const all = new Float64Array(lists.reduce((n, list) => n + list.length, 0));
  let next = 0;
  for (const list of lists) for (const word of list) all[next++] = hash53(normaliseText(word));
  return all.sort();
}

function sortedIncludes(sorted: Float64Array, value: number): boolean {
  let low = 0;
  let high = sorted.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const found = sorted[middle] ?? Number.NaN;
    if (found === value) return true;
    if (found < value) low = middle + 1;
    else high = middle - 1;
  }
  return false;
}

/** cyrb53: a fast 53-bit string hash. */
function hash53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
