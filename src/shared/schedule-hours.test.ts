import { describe, expect, it } from 'vitest';
import { timeOfDay } from './schedule-hours';

describe('timeOfDay', () => {
  it('writes a time as each language does', () => {
    expect(timeOfDay('09:30', 'en')).toBe('09:30');
    expect(timeOfDay('09:30', 'fr')).toBe('9 h 30');
    expect(timeOfDay('10:00', 'fr')).toBe('10 h');
  });
});
