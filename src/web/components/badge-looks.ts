/**
 * Every look a badge may take, and the only place badges get their colour: a badge spreads
 * one of these (`<Badge {...badgeLooks.info}>`) and sets no colour or variant of its own.
 * badge-looks.test.ts resolves each through the theme as Mantine does and holds its text to
 * WCAG AA contrast (4.5:1) on white and on a striped table row, and checks that every badge
 * of the app takes its look from here. The words carry the meaning; colour only repeats it.
 */
export const badgeLooks = {
  // Outline: dark text and border on whatever the badge sits on.
  alert: { variant: 'outline', color: '#a51d1d' },
  warning: { variant: 'outline', color: '#8a4b00' },
  stale: { variant: 'outline', color: '#6b4e00' },
  info: { variant: 'outline', color: '#1c4f8a' },
  success: { variant: 'outline', color: '#1e6b30' },
  quiet: { variant: 'outline', color: '#495057' },
  // Light: shade 9 text on a pale tint of the same colour (theme.ts lightens the tint).
  blue: { variant: 'light', color: 'blue' },
  red: { variant: 'light', color: 'red' },
  grape: { variant: 'light', color: 'grape' },
  teal: { variant: 'light', color: 'teal' },
  gray: { variant: 'light', color: 'gray' },
  // The default button look: text colour on the page's background, with a border.
  neutral: { variant: 'default' },
} as const;

export type BadgeLookName = keyof typeof badgeLooks;
export type BadgeLook = (typeof badgeLooks)[BadgeLookName];
