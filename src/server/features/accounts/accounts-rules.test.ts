import { describe, expect, it } from 'vitest';
import { roles } from '../../../shared/roles';
import { grantScopeProblem, minutesUntil, normaliseEmail } from './accounts-rules';

const siteId = '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b';

describe('grantScopeProblem', () => {
  const expected = {
    referrer: 'site',
    link_worker: 'site',
    partner_staff: 'site',
    site_manager: 'site',
    evaluator: 'programme',
    administrator: 'programme',
  } as const;

  it('covers every role', () => {
    expect(Object.keys(expected).sort()).toEqual([...roles].sort());
  });

  it.each(roles)('asks %s for the right scope', (role) => {
    if (expected[role] === 'site') {
      expect(grantScopeProblem(role, siteId)).toBeUndefined();
      expect(grantScopeProblem(role, null)).toBe('site_required_for_role');
    } else {
      expect(grantScopeProblem(role, null)).toBeUndefined();
      expect(grantScopeProblem(role, siteId)).toBe('site_not_allowed_for_role');
    }
  });
});

describe('minutesUntil', () => {
  const now = new Date('2025-06-11T10:00:00Z');
  const later = (ms: number): Date => new Date(now.getTime() + ms);

  it('counts whole minutes, rounding up so a wait is never understated', () => {
    expect(minutesUntil(later(15 * 60_000), now)).toBe(15);
    expect(minutesUntil(later(14 * 60_000 + 1_000), now)).toBe(15);
    expect(minutesUntil(later(60_001), now)).toBe(2);
  });

  it('says at least one minute, even for a lock just ending or already over', () => {
    expect(minutesUntil(later(1_000), now)).toBe(1);
    expect(minutesUntil(now, now)).toBe(1);
    expect(minutesUntil(later(-5 * 60_000), now)).toBe(1);
  });
});

describe('normaliseEmail', () => {
  it('ignores case and surrounding spaces', () => {
    expect(normaliseEmail('  Ann.Other@Example.ORG ')).toBe('ann.other@example.org');
  });
});
