import { describe, expect, it } from 'vitest';
import type { ReferrerSummary } from '../../../shared/contracts/referrals';
import { presentReferral } from './referrals-presenter';
import type { ReferralRow } from './referrals-queries';

const summary: ReferrerSummary = {
  closedAt: '2026-10-01T12:00:00.000Z',
  closureReason: 'goals_met',
  offered: [{ organisationName: 'Jardins', activity: 'Garden', status: 'ongoing' }],
  takenUp: [{ organisationName: 'Jardins', activity: 'Garden', status: 'ongoing' }],
  outcomes: [],
};

function row(values: Partial<ReferralRow>): ReferralRow {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    reference: 'P-7K3QX9',
    siteId: '00000000-0000-4000-8000-000000000002',
    siteName: 'Queen Street',
    source: 'clinician',
    givenName: 'Camille',
    familyName: 'Tremblay',
    reasons: ['loneliness_isolation'],
    reasonOther: null,
    urgency: 'routine',
    status: 'discharged',
    assignedTo: null,
    referredAt: new Date('2026-09-01T12:00:00Z'),
    closedAt: new Date('2026-10-01T12:00:00Z'),
    referrerSummary: summary,
    referrerAccountId: null,
    ...values,
  };
}

describe('the summary back to the referrer', () => {
  it('is shown once the case is closed and consent covers updates', () => {
    expect(presentReferral(row({}), [], true)).toMatchObject({ summary, summaryWithheld: null });
  });

  it('is withheld without consent, even when written', () => {
    expect(presentReferral(row({}), [], false)).toMatchObject({
      summary: null,
      summaryWithheld: 'no_consent',
    });
  });

  it('waits for the case to close', () => {
    expect(presentReferral(row({ status: 'active', closedAt: null }), [], true)).toMatchObject({
      summary: null,
      summaryWithheld: 'not_closed',
    });
  });

  it('is withheld rather than shown half right when its shape is wrong', () => {
    const referral = presentReferral(row({ referrerSummary: { offered: 'a garden' } }), [], true);
    expect(referral).toMatchObject({ summary: null, summaryWithheld: 'not_written' });
  });
});
