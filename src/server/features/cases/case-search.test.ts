import { describe, expect, it } from 'vitest';
import { parseCaseSearch } from './case-search';

const none = { words: [], reference: null, dateOfBirth: null, phoneDigits: null };

describe('parseCaseSearch', () => {
  it('reads a case reference with or without its dash, in any case', () => {
    expect(parseCaseSearch('P-7K3QX9')).toEqual({ ...none, reference: 'P-7K3QX9' });
    expect(parseCaseSearch(' p7k3qx9 ')).toEqual({
      ...none,
      reference: 'P-7K3QX9',
      words: ['p7k3qx9'],
    });
    expect(parseCaseSearch('Pauline')).toEqual({ ...none, words: ['Pauline'] });
  });

  it('reads a date of birth written year first or day first, and refuses an impossible one', () => {
    expect(parseCaseSearch('1951-03-08')).toEqual({ ...none, dateOfBirth: '1951-03-08' });
    expect(parseCaseSearch('8/3/1951')).toEqual({ ...none, dateOfBirth: '1951-03-08' });
    expect(parseCaseSearch('31/02/1951')).toEqual(none);
  });

  it('reads a phone number however it is spaced, from 4 digits', () => {
    expect(parseCaseSearch('(613) 555-0142')).toEqual({ ...none, phoneDigits: '6135550142' });
    expect(parseCaseSearch('0142')).toEqual({ ...none, phoneDigits: '0142' });
    expect(parseCaseSearch('01')).toEqual(none);
  });

  it('reads anything else as the words of a name', () => {
    expect(parseCaseSearch('  Hélène   Tremblay ')).toEqual({
      ...none,
      words: ['Hélène', 'Tremblay'],
    });
  });
});
