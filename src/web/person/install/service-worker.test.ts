import { describe, expect, it } from 'vitest';
import { changesWhoIsSignedIn, dataKeyOfChange, dataKeyOfRead } from './service-worker';

const caseId = '0b8f5c3e-2d4a-4f6b-9a1c-7e2d3f4a5b6c';
const itemId = '9d1e2f3a-4b5c-4d6e-8f7a-1b2c3d4e5f6a';

describe('what the person space worker keeps for offline reading', () => {
  it('keeps the session, and each case’s plan and activities, nothing else', () => {
    expect(dataKeyOfRead('/api/person/session')).toBe('/api/person/session');
    expect(dataKeyOfRead(`/api/person/cases/${caseId}/plan`)).toBe(
      `/api/person/cases/${caseId}/plan`,
    );
    expect(dataKeyOfRead(`/api/person/cases/${caseId}/activities`)).toBe(
      `/api/person/cases/${caseId}/activities`,
    );
    for (const path of [
      `/api/person/cases/${caseId}/questionnaires`,
      `/api/person/cases/${caseId}/requests`,
      '/api/person/consents',
      '/api/person/record-accesses',
      '/api/person/sign-in',
      `/api/cases/${caseId}/plan`,
      '/api/auth/session',
      `/api/person/cases/${caseId}/plan/extra`,
    ])
      expect(dataKeyOfRead(path)).toBeNull();
  });

  it('takes the answer of a step marked done or of what they said as the read’s new value', () => {
    expect(dataKeyOfChange(`/api/person/cases/${caseId}/plan/steps/${itemId}/done`)).toBe(
      `/api/person/cases/${caseId}/plan`,
    );
    expect(dataKeyOfChange(`/api/person/cases/${caseId}/activities/${itemId}/said`)).toBe(
      `/api/person/cases/${caseId}/activities`,
    );
    expect(dataKeyOfChange(`/api/person/cases/${caseId}/notes`)).toBeNull();
  });

  it('forgets on sign-in by link or code and on sign-out', () => {
    expect(changesWhoIsSignedIn('/api/person/sign-in')).toBe(true);
    expect(changesWhoIsSignedIn('/api/person/sign-in/code')).toBe(true);
    expect(changesWhoIsSignedIn('/api/person/sign-out')).toBe(true);
    expect(changesWhoIsSignedIn('/api/person/sign-in-codes')).toBe(true);
    expect(changesWhoIsSignedIn(`/api/person/cases/${caseId}/notes`)).toBe(false);
  });
});
