import { describe, expect, it } from 'vitest';
import { countActiveFilters, emptyFilters, readFilters, writeFilters } from './search-filters';

describe('search filters in the address bar', () => {
  it('round-trip through the query string', () => {
    const filters = {
      ...emptyFilters,
      q: 'jardinage',
      categories: ['arts' as const, 'nature' as const],
      postalCode: 'M6K',
      km: '10',
      language: 'fr' as const,
      days: ['MO' as const, 'SA' as const],
      openFrom: '09:00',
      age: '67',
      openToReferrals: true,
    };
    const params = writeFilters(filters);
    expect(params.toString()).toBe(
      'q=jardinage&category=arts%2Cnature&postalCode=M6K&km=10&language=fr&days=MO%2CSA&openFrom=09%3A00&age=67&openToReferrals=true',
    );
    expect(readFilters(params)).toEqual(filters);
    expect(countActiveFilters(filters)).toBe(7);
  });

  it('keep the intents the person removed with the words they were read from', () => {
    const filters = { ...emptyFilters, q: 'yoga gratuit', ignore: ['free' as const] };
    const params = writeFilters(filters);
    expect(params.toString()).toBe('q=yoga+gratuit&ignore=free');
    expect(readFilters(params)).toEqual(filters);
    expect(countActiveFilters(filters)).toBe(0);
    expect(readFilters(new URLSearchParams('ignore=free,nope')).ignore).toEqual(['free']);
    expect(writeFilters({ ...emptyFilters, ignore: ['free'] }).toString()).toBe('');
  });

  it('drop what the search would refuse rather than fail the whole search', () => {
    const filters = readFilters(
      new URLSearchParams('category=nature,nope&postalCode=zzz&km=5&age=300&openFrom=25:00&cost=x'),
    );
    expect(filters).toEqual({ ...emptyFilters, categories: ['nature'] });
    expect(writeFilters({ ...emptyFilters, km: '20' }).toString()).toBe('');
  });
});
