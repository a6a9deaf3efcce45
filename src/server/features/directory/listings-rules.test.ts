import { describe, expect, it } from 'vitest';
import { bilingualText, buildProposal, diffChange, isPossiblyStale } from './listings-rules';

const day = 24 * 60 * 60 * 1000;
const now = new Date('2026-11-24T12:00:00Z');
const daysAgo = (n: number): Date => new Date(now.getTime() - n * day);

describe('isPossiblyStale', () => {
  it('counts from the last confirmation, else the last change, else the creation', () => {
    const dates = { lastConfirmedAt: null, lastModified: null, createdAt: daysAgo(10) };
    expect(isPossiblyStale(dates, now, 180)).toBe(false);
    expect(isPossiblyStale({ ...dates, createdAt: daysAgo(181) }, now, 180)).toBe(true);
    expect(isPossiblyStale({ ...dates, lastModified: daysAgo(200) }, now, 180)).toBe(true);
    expect(
      isPossiblyStale(
        { ...dates, lastModified: daysAgo(200), lastConfirmedAt: daysAgo(3) },
        now,
        180,
      ),
    ).toBe(false);
    expect(isPossiblyStale({ ...dates, lastConfirmedAt: daysAgo(31) }, now, 30)).toBe(true);
  });
});

describe('bilingualText', () => {
  it('takes the HSDS text for the listing’s own language when no translation holds it', () => {
    expect(
      bilingualText({
        name: 'Atelier',
        description: null,
        sourceLanguage: 'fr',
        translations: { en: { name: 'Workshop', description: 'Weekly' } },
      }),
    ).toEqual({
      fr: { name: 'Atelier', description: '' },
      en: { name: 'Workshop', description: 'Weekly' },
    });
  });
});

describe('buildProposal', () => {
  const context = { sourceLanguage: 'fr' as const, newId: 'new-id', now: now.toISOString() };

  it('keeps what the form does not touch and writes the name in the listing’s language', () => {
    const proposal = buildProposal(
      {
        entityType: 'service',
        serviceId: 's1',
        text: { fr: { name: 'Nom' }, en: { name: 'Name', description: 'About' } },
        status: 'active',
      },
      { id: 's1', name: 'Ancien', url: 'https://example.org', email: 'old@example.org' },
      context,
    );
    expect(proposal.record).toEqual({
      id: 's1',
      name: 'Nom',
      url: 'https://example.org',
      status: 'active',
      last_modified: now.toISOString(),
    });
    expect(proposal.translations).toEqual({
      fr: { name: 'Nom' },
      en: { name: 'Name', description: 'About' },
    });
  });

  it('stores a location’s change as its address, new when it has none', () => {
    const proposal = buildProposal(
      {
        entityType: 'location',
        serviceId: 's1',
        locationId: 'l1',
        address: {
          address1: '1 Main St',
          city: 'Cornwall',
          stateProvince: 'ON',
          postalCode: 'K6J 1A1',
          country: 'ca',
        },
      },
      undefined,
      context,
    );
    expect(proposal).toMatchObject({
      storedAs: 'address',
      entityId: 'l1',
      record: { id: 'new-id', location_id: 'l1', country: 'CA', address_type: 'physical' },
    });
  });

  it('gives a new schedule its service and a weekly frequency', () => {
    const proposal = buildProposal(
      {
        entityType: 'schedule',
        serviceId: 's1',
        byday: 'mo, we',
        opensAt: '09:00',
        closesAt: '11:00',
      },
      undefined,
      context,
    );
    expect(proposal.entityId).toBeNull();
    expect(proposal.record).toEqual({
      id: 'new-id',
      service_id: 's1',
      freq: 'WEEKLY',
      interval: 1,
      byday: 'MO,WE',
      opens_at: '09:00',
      closes_at: '11:00',
    });
  });
});

describe('diffChange', () => {
  it('lists each changed field, both languages and the referral status, without bookkeeping', () => {
    const lines = diffChange(
      {
        record: { id: 'c1', available: 6, maximum: 20, updated: 'then' },
        translations: { fr: { name: 'Atelier' } },
        referralStatus: 'open',
      },
      {
        record: { id: 'c1', available: 0, maximum: 20, updated: 'now' },
        translations: { fr: { name: 'Atelier' }, en: { name: 'Workshop' } },
        referralStatus: 'waitlist',
      },
    );
    expect(lines).toEqual([
      { field: 'available', current: '6', proposed: '0' },
      { field: 'name.en', current: null, proposed: 'Workshop' },
      { field: 'referral_status', current: 'open', proposed: 'waitlist' },
    ]);
  });
});
