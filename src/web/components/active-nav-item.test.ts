import { describe, expect, it } from 'vitest';
import { activeItem } from './active-nav-item';

const items = [
  { to: '/', label: 'Home' },
  { to: '/referrals/new', label: 'New referral' },
  { to: '/referrals', label: 'My referrals' },
  { to: '/cases/triage', label: 'Triage' },
  { to: '/cases', label: 'Caseload' },
  { to: '/admin/directory/changes', label: 'Listing changes' },
];

describe('the highlighted navigation item', () => {
  it('is only the most specific item the page is under', () => {
    expect(activeItem(items, '/cases/triage')).toBe('/cases/triage');
    expect(activeItem(items, '/referrals/new')).toBe('/referrals/new');
  });

  it('is the broader item on pages that belong to it', () => {
    expect(activeItem(items, '/cases')).toBe('/cases');
    expect(activeItem(items, '/cases/0b6e6b8e-2f3c-4a51-9d7a-8d4f0c2a1b3e')).toBe('/cases');
    expect(activeItem(items, '/referrals/0b6e6b8e-2f3c-4a51-9d7a-8d4f0c2a1b3e')).toBe('/referrals');
  });

  it('is home only on the home page, and nothing on a page no item leads to', () => {
    expect(activeItem(items, '/')).toBe('/');
    expect(activeItem(items, '/account')).toBeUndefined();
    expect(activeItem(items, '/casesfoo')).toBeUndefined();
  });
});
