import { describe, expect, it } from 'vitest';
import { hrefOf } from './notifications-presenter';

describe('where a notification leads', () => {
  it('takes a referrer to their referral, partner staff to the connection, others to the case', () => {
    expect(hrefOf({ kind: 'case.closed_summary', caseId: 'c1', connectionId: null })).toBe(
      '/referrals/c1',
    );
    expect(hrefOf({ kind: 'connection.sent', caseId: null, connectionId: 'k1' })).toBe(
      '/partner/connections/k1',
    );
    expect(hrefOf({ kind: 'connection.answered', caseId: 'c1', connectionId: 'k1' })).toBe(
      '/cases/c1',
    );
    expect(hrefOf({ kind: 'password.reset', caseId: null, connectionId: null })).toBeNull();
  });
});
