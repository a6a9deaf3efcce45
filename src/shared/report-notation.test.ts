import { describe, expect, it } from 'vitest';
import { monthName } from './report-notation';

describe('a report month in words', () => {
  it('says the month and year in the reader’s language', () => {
    expect(monthName('2026-07', 'en')).toBe('July 2026');
    expect(monthName('2026-07', 'fr')).toBe('juillet 2026');
    expect(monthName('2026-01', 'en', 'short')).toBe('Jan 2026');
    expect(monthName('2026-12', 'fr', 'short')).toMatch(/^déc\.? 2026$/);
  });

  it('leaves anything else as it is', () => {
    expect(monthName('unknown', 'en')).toBe('unknown');
  });
});
