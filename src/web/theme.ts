import { Badge, Button, createTheme, type CSSVariablesResolver } from '@mantine/core';

// Shade 8 and the overrides below keep text at WCAG AA contrast (4.5:1) on white;
// Mantine's defaults (blue 6, red 6, gray 6 for dimmed text) fall short.
export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: { light: 8, dark: 8 },
  defaultRadius: 'sm',
  focusRing: 'auto',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  components: {
    // A button never makes the page wider than a phone ("Signaler une préoccupation de
    // protection" at 360 px): it keeps to its container's width and wraps its label instead.
    Button: Button.extend({
      styles: {
        root: {
          height: 'auto',
          minHeight: 'var(--button-height)',
          maxWidth: '100%',
          paddingBlock: 4,
        },
        label: { whiteSpace: 'normal', textAlign: 'center', height: 'auto' },
      },
    }),
    // A badge never cuts a word ("SUCCE…"): Mantine's label hides its overflow, which lets a
    // narrow table column or flex row squeeze it to nothing. Ours keeps its longest word's
    // width and wraps between words when the line is too short.
    Badge: Badge.extend({
      styles: {
        root: {
          height: 'auto',
          minHeight: 'var(--badge-height)',
          maxWidth: '100%',
          flexShrink: 0,
          overflow: 'visible',
        },
        label: { whiteSpace: 'normal', overflow: 'visible', textOverflow: 'clip' },
      },
    }),
  },
});

// Light variants (badges, alerts, active links) put shade 9 text on shade 1, darkening to shade 2
// on hover: too little contrast for teal, and for blue on hover. One step lighter keeps 4.5:1.
const lighterLightVariants = Object.fromEntries(
  ['blue', 'red', 'teal', 'grape'].flatMap((color) => [
    [`--mantine-color-${color}-light`, `var(--mantine-color-${color}-0)`],
    [`--mantine-color-${color}-light-hover`, `var(--mantine-color-${color}-1)`],
  ]),
);

export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    '--mantine-color-placeholder': 'var(--mantine-color-gray-7)',
    ...lighterLightVariants,
  },
  dark: {},
});
