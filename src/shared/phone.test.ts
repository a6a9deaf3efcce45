import { describe, expect, it } from 'vitest';
import { formatPhone, isMobileNumber, normalisePhone, storedFormsOf } from './phone';

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
    ['1-514-555-0123', '+15145550123'],
    ['514.555.0123', '+15145550123'],
    ['+1 (514) 555-0123', '+15145550123'],
    ['001 514 555 0123', '+15145550123'],
    ['0033 6 12 34 56 78', '+33612345678'],
    ['01-23-45-67-89', '+33123456789'],
    ['  (613)555-0142  ', '+16135550142'],
  ])('reads %s as %s', (input, expected) => {
    expect(normalisePhone(input)).toBe(expected);
  });

  it.each([
    '',
    'call me',
    '555-0123',
    '(114) 555-0123',
    '+1 514 155 0123',
    '+33 0 12',
    '12345',
    '1-800-FLOWERS',
    '06 12 34 56',
    '514-555-01234',
    '514 555 0123 ext. 4',
    '+1 514 555 0123 / 06 12 34 56 78',
    '++1 514 555 0123',
  ])('refuses %s', (input) => {
    expect(normalisePhone(input)).toBeNull();
  });
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

describe('formatPhone', () => {
  it('writes North American numbers as each language does', () => {
    expect(formatPhone('+15145550123', 'en')).toBe('514-555-0123');
    expect(formatPhone('+15145550123', 'fr')).toBe('514 555-0123');
  });

  it('writes French numbers in pairs after +33, and others in E.164', () => {
    expect(formatPhone('+33612345678', 'fr')).toBe('+33 6 12 34 56 78');
    expect(formatPhone('+33612345678', 'en')).toBe('+33 6 12 34 56 78');
    expect(formatPhone('+447911123456', 'en')).toBe('+447911123456');
  });

  it('reads a number kept as it was typed, and shows one that does not read as it was', () => {
    expect(formatPhone('(613) 555-0142', 'en')).toBe('613-555-0142');
    expect(formatPhone('555-0142', 'en')).toBe('555-0142');
  });
});
