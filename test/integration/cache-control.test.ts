import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cases } from '../../src/server/db/schema';
import type { MeasurementLink } from '../../src/shared/contracts/outcomes';
import { Client } from '../helpers/app';
import { type Cast, startCast } from '../helpers/cast';
import { makeCase } from '../helpers/factories';

let cast: Cast;
let caseId: string;
let token: string;

beforeAll(async () => {
  cast = await startCast();
  const made = await makeCase(cast.t.database.db, cast.homeSiteId, {
    referrerAccountId: cast.referrer.id,
  });
  caseId = made.id;
  await cast.t.database.db
    .update(cases)
    .set({ status: 'active', assignedTo: cast.linkWorker.id, acceptedAt: new Date() })
    .where(eq(cases.id, caseId));
  const link = await cast.linkWorker.client.post(`/api/cases/${caseId}/measurement-links`, {
    instrumentIds: ['ucla3'],
    timepoint: 'baseline',
    sendByEmail: false,
  });
  expect(link.statusCode).toBe(201);
  token = link.json<MeasurementLink>().url.split('/questionnaire/')[1] ?? '';
});
afterAll(() => cast.close());

type Caller = 'linkWorker' | 'referrer' | 'administrator' | 'partner' | 'otherSite' | 'anyone';

function client(caller: Caller): Client {
  if (caller === 'linkWorker') return cast.linkWorker.client;
  if (caller === 'referrer') return cast.referrer.client;
  if (caller === 'administrator') return cast.others.administrator;
  if (caller === 'partner') return cast.others.partner;
  if (caller === 'otherSite') return cast.others.otherSiteLinkWorker;
  return new Client(cast.t.app);
}

describe('responses that can carry personal data are never stored by a cache', () => {
  it.each<[string, Caller, () => string]>([
    ['a case', 'linkWorker', () => `/api/cases/${caseId}`],
    ['the caseload', 'linkWorker', () => '/api/cases/caseload'],
    ['the triage queue', 'linkWorker', () => '/api/cases/triage'],
    ['a plan', 'linkWorker', () => `/api/cases/${caseId}/plan`],
    ['a plan to print', 'linkWorker', () => `/api/cases/${caseId}/plan/print-view`],
    ['measurements', 'linkWorker', () => `/api/cases/${caseId}/measurements`],
    ['connections', 'linkWorker', () => `/api/cases/${caseId}/connections`],
    ['duplicates', 'linkWorker', () => `/api/cases/${caseId}/duplicate`],
    ["the referrer's referrals", 'referrer', () => '/api/referrals/mine'],
    ["a partner's connections", 'partner', () => '/api/partner/connections'],
    ['the audit trail', 'administrator', () => '/api/audit-events'],
    ['accounts', 'administrator', () => '/api/accounts'],
    ['the research export', 'administrator', () => '/api/reports/export.csv'],
    ['my account', 'linkWorker', () => '/api/me'],
    ['the session', 'linkWorker', () => '/api/auth/session'],
    ['a refusal', 'otherSite', () => `/api/cases/${caseId}`],
    ['a questionnaire link', 'anyone', () => `/api/questionnaires/${token}`],
    ['a partner link', 'anyone', () => `/api/links/${token}`],
  ])('%s (%s)', async (_name, caller, url) => {
    const response = await client(caller).get(url());
    expect(response.statusCode).toBeLessThan(500);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers.pragma).toBe('no-cache');
  });

  it('a sign-in, whose answer holds the CSRF token', async () => {
    const response = await client('anyone').post('/api/auth/sign-in', {
      email: cast.linkWorker.email,
      password: 'not the password',
    });
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it.each(['/api/public/sites', '/api/client-settings', '/hsds/services'])(
    'while %s, public and the same for everyone, may be cached',
    async (url) => {
      const response = await client('anyone').get(url);
      expect(response.statusCode).toBe(200);
      expect(response.headers['cache-control']).toBeUndefined();
    },
  );
});
