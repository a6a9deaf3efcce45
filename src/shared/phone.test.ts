import { describe, expect, it } from 'vitest';
import { isMobileNumber, normalisePhone, storedFormsOf } from './phone';

describe('normalisePhone', () => {
  it.each([
    ['(514) 555-0123', '+15145550123'],
    ['1 514 555 0123', '+15145550123'],
    ['+1 514-555-0123', '+15145550123'],
    ['06 12 34 56 78', '+33612345678'],
    ['06.12.34.56.78', '+33612345678'],
    ['+33 6 12 34 56 78', '+33612345678'],
    ['+33 (0)6 12 34 56 78', '+33612345678'],
    ['0033612345678', '+33612345678'],
    ['+44 7911 123456', '+447911123456'],
  ])('reads %s as %s', (input, expected) => {
    expect(normalisePhone(input)).toBe(expected);
  });

  it.each(['', 'call me', '555-0123', '(114) 555-0123', '+1 514 155 0123', '+33 0 12', '12345'])(
    'refuses %s',
    (input) => {
      expect(normalisePhone(input)).toBeNull();
    },
  );
});

describe('isMobileNumber', () => {
  it('knows French mobiles and takes North American numbers as able to receive texts', () => {
    expect(isMobileNumber('+33612345678')).toBe(true);
    expect(isMobileNumber('+33712345678')).toBe(true);
    expect(isMobileNumber('+33145678901')).toBe(false);
    expect(isMobileNumber('+15145550123')).toBe(true);
  });
});

describe('storedFormsOf', () => {
  it('names the national and international forms a record may hold', () => {
    expect(storedFormsOf('+33612345678')).toEqual(
      expect.arrayContaining(['+33612345678', '0612345678', '0033612345678']),
    );
    expect(storedFormsOf('+15145550123')).toEqual(
      expect.arrayContaining(['+15145550123', '15145550123', '5145550123']),
    );
  });
});
