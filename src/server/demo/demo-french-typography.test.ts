import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { frenchTypographyFaults } from '../../shared/french-typography';

/*
 * The demo programme's French is what a visitor reads first: the same typography as the
 * locale files (a narrow no-break space before : ; ? ! and inside « »). Its words live in
 * code (notes, goals, contexts) and in the demo directory's listings.
 */

const demoFolder = path.dirname(new URL(import.meta.url).pathname);
const directoryFile = path.join(demoFolder, '../features/directory/data/demo-directory.json');

/** Words that only French prose uses this often (two of them), or a French accent or elision. */
const frenchWords =
  /\b(le|la|les|des|du|une|et|pour|avec|sur|dans|au|aux|sa|son|ses|pas|est|par|vous|nous|en|de)\b/giu;
const frenchLetters = /[àâçéèêëîïôûùœ]|\b[ldsjnq]u?’/iu;

function isFrench(text: string): boolean {
  const words = text.match(frenchWords)?.length ?? 0;
  return words >= 2 || frenchLetters.test(text);
}

/** Every literal text of a source file: strings and the fixed parts of templates. */
function literalsOf(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) return;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) found.push(node.text);
    else if (ts.isTemplateExpression(node)) {
      found.push(node.head.text, ...node.templateSpans.map((span) => span.literal.text));
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** A bilingual name ('Rx : Communauté / Rx: Community') is checked one language at a time. */
function frenchFaultsOf(texts: string[]): string[] {
  return texts
    .flatMap((text) => text.split(' / '))
    .filter(isFrench)
    .flatMap((text) =>
      frenchTypographyFaults(text).map((fault) => `${text.slice(0, 40)}: …${fault}`),
    );
}

function* stringsIn(value: unknown): Generator<string> {
  if (typeof value === 'string') yield value;
  else if (value !== null && typeof value === 'object') {
    for (const inner of Object.values(value)) yield* stringsIn(inner);
  }
}

describe('the demo programme’s French', () => {
  it('tells French from English', () => {
    expect(isFrench('Vit seule depuis le déménagement de sa fille')).toBe(true);
    expect(isFrench('Premier appel, intéressée par le jardinage.')).toBe(true);
    expect(isFrench('Lives alone since her daughter moved away')).toBe(false);
    expect(isFrench('Rx: Community')).toBe(false);
  });

  const files = fs
    .readdirSync(demoFolder)
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'));
  it.each(files)('puts a narrow no-break space before : ; ? ! in the French of %s', (name) => {
    expect(frenchFaultsOf(literalsOf(path.join(demoFolder, name)))).toEqual([]);
  });

  it('puts a narrow no-break space before : ; ? ! in the demo directory’s French listings', () => {
    const directory = JSON.parse(fs.readFileSync(directoryFile, 'utf8')) as {
      services: { id: string }[];
      translations: Record<string, { fr?: unknown }>;
      sourceLanguage: Record<string, string>;
    };
    const french = [
      ...directory.services
        .filter((service) => directory.sourceLanguage[service.id] === 'fr')
        .flatMap((service) => [...stringsIn(service)]),
      ...Object.values(directory.translations).flatMap((t) => [...stringsIn(t.fr)]),
    ];
    expect(frenchFaultsOf(french)).toEqual([]);
  });
});
