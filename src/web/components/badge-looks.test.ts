import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DEFAULT_THEME,
  defaultCssVariablesResolver,
  mergeMantineTheme,
  toRgba,
} from '@mantine/core';
import { describe, expect, it } from 'vitest';
import { cssVariablesResolver, theme as appTheme } from '../theme';
import { badgeLooks } from './badge-looks';

const theme = mergeMantineTheme(DEFAULT_THEME, appTheme);

/** The light colour scheme's CSS variables, as MantineProvider writes them, ours last. */
const variables: Record<string, string> = (() => {
  const mantine = defaultCssVariablesResolver(theme);
  const ours = cssVariablesResolver(theme);
  return { ...mantine.variables, ...mantine.light, ...ours.variables, ...ours.light };
})();

function resolve(value: string): string {
  const reference = /^var\((--[\w-]+)\)$/.exec(value.trim());
  if (!reference?.[1]) return value;
  const next = variables[reference[1]];
  if (next === undefined) throw new Error(`no CSS variable ${reference[1]}`);
  return resolve(next);
}

type Rgb = { r: number; g: number; b: number };

/** A colour as it shows over `under`: transparency composited as the browser does. */
function over(value: string, under: Rgb): Rgb {
  const resolved = resolve(value);
  if (resolved === 'transparent') return under;
  const { r, g, b, a } = toRgba(resolved);
  const mix = (top: number, bottom: number): number => top * a + bottom * (1 - a);
  return { r: mix(r, under.r), g: mix(g, under.g), b: mix(b, under.b) };
}

/** WCAG 2 relative luminance and contrast ratio. */
function luminance({ r, g, b }: Rgb): number {
  const channel = (value: number): number => {
    const c = value / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

function contrast(a: Rgb, b: Rgb): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

// What badges sit on: the page (white) and a striped table row.
const surfaces = {
  page: over(variables['--mantine-color-body'] ?? '#fff', { r: 255, g: 255, b: 255 }),
  stripedRow: over('var(--mantine-color-gray-0)', { r: 255, g: 255, b: 255 }),
};

describe('badge looks', () => {
  for (const [name, look] of Object.entries(badgeLooks)) {
    it(`${name}: text keeps 4.5:1 against the badge on every surface`, () => {
      // As Badge asks it: without a colour of its own, the primary colour.
      const resolved = theme.variantColorResolver({
        color: 'color' in look ? look.color : theme.primaryColor,
        theme,
        variant: look.variant,
      });
      for (const [surface, under] of Object.entries(surfaces)) {
        const background = over(resolved.background ?? 'transparent', under);
        const text = over(resolved.color ?? 'var(--mantine-color-text)', background);
        expect(
          contrast(text, background),
          `${name} on ${surface}: ${resolve(resolved.color ?? '')} on ${resolve(resolved.background ?? '')}`,
        ).toBeGreaterThanOrEqual(4.5);
      }
    });
  }

  it('the connection status look of old, blue 9 light, is caught: its text is its background', () => {
    const resolved = theme.variantColorResolver({ color: 'blue.9', theme, variant: 'light' });
    const background = over(resolved.background ?? '', surfaces.page);
    expect(contrast(over(resolved.color ?? '', background), background)).toBeLessThan(1.1);
  });

  it('every badge of the web app takes its colour and variant from badgeLooks', () => {
    const webRoot = fileURLToPath(new URL('..', import.meta.url));
    const files = (readdirSync(webRoot, { recursive: true }) as string[])
      .filter((file) => file.endsWith('.tsx'))
      .map((file) => join(webRoot, file));
    const offenders: string[] = [];
    let badges = 0;
    for (const file of files) {
      const source = readFileSync(file, 'utf8');
      for (const match of source.matchAll(/<Badge\b[\s\S]*?(?:<\/Badge>|\/>)/g)) {
        badges += 1;
        const tag = match[0];
        if (/\s(color|variant)=/.test(tag) || !/\{\.\.\./.test(tag)) {
          offenders.push(`${relative(webRoot, file)}: ${tag.split('\n')[0] ?? ''}`);
        }
      }
    }
    expect(badges).toBeGreaterThan(10);
    expect(offenders).toEqual([]);
  });
});
