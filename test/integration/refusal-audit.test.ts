import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cases } from '../../src/server/db/schema';
import type { AuditEvent, AuditEventList } from '../../src/shared/contracts/audit';
import type { SessionView } from '../../src/shared/contracts/auth';
import type { FollowUp } from '../../src/shared/contracts/plans';
import { Client } from '../helpers/app';
import { type Cast, startCast } from '../helpers/cast';
import { makeCase } from '../helpers/factories';

let cast: Cast;
let caseId: string;
let siteId: string;

beforeAll(async () => {
  cast = await startCast();
  siteId = cast.homeSiteId;
  caseId = (await makeCase(cast.t.database.db, siteId, { referrerAccountId: cast.referrer.id })).id;
  await cast.t.database.db
    .update(cases)
    .set({ status: 'active', assignedTo: cast.linkWorker.id, acceptedAt: new Date() })
    .where(eq(cases.id, caseId));
});
afterAll(() => cast.close());

/** The denied events about one subject, as the audit screen lists them. */
async function refusalsOf(subjectId: string): Promise<AuditEvent[]> {
  const response = await cast.others.administrator.get(
    `/api/audit-events?outcome=denied&subjectId=${subjectId}`,
  );
  expect(response.statusCode).toBe(200);
  return response.json<AuditEventList>().items;
}

async function accountIdOf(client: Client): Promise<string> {
  return (await client.get('/api/auth/session')).json<SessionView>().account.id;
}

describe('a refused attempt on a person’s record leaves one denied event', () => {
  it('a read of another site’s case: who, what, from where', async () => {
    const intruder = cast.others.otherSiteLinkWorker;
    const response = await intruder.get(`/api/cases/${caseId}`);
    expect(response.statusCode).toBe(404);
    const events = await refusalsOf(caseId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actorId: await accountIdOf(intruder),
      actorName: expect.any(String),
      action: 'access.denied',
      outcome: 'denied',
      subjectType: 'case',
      subjectId: caseId,
      siteId,
      ip: '127.0.0.1',
      userAgent: expect.any(String),
      details: { attempted: 'GET /api/cases/:id', refusal: 'not_found' },
    });
  });

  it('a write to another site’s case, whose transaction failed, is still recorded', async () => {
    const other = (await makeCase(cast.t.database.db, siteId)).id;
    const response = await cast.others.otherSiteLinkWorker.post(`/api/cases/${other}/contacts`, {
      channel: 'phone',
      outcome: 'no_answer',
      occurredAt: new Date().toISOString(),
    });
    expect(response.statusCode).toBe(404);
    const events = await refusalsOf(other);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actorId: await accountIdOf(cast.others.otherSiteLinkWorker),
      subjectType: 'case',
      subjectId: other,
      ip: '127.0.0.1',
      details: { attempted: 'POST /api/cases/:id/contacts' },
    });
  });

  it.each<[string, () => Client, (id: string) => string]>([
    ['an evaluator reading a plan', () => cast.others.evaluator, (id) => `/api/cases/${id}/plan`],
    [
      'a partner reading measurements',
      () => cast.others.partner,
      (id) => `/api/cases/${id}/measurements`,
    ],
    ['the referrer working on the case', () => cast.referrer.client, (id) => `/api/cases/${id}`],
  ])('%s', async (_name, who, url) => {
    const id = (await makeCase(cast.t.database.db, siteId, { referrerAccountId: cast.referrer.id }))
      .id;
    const response = await who().get(url(id));
    expect([403, 404]).toContain(response.statusCode);
    expect(await refusalsOf(id)).toEqual([
      expect.objectContaining({ actorId: await accountIdOf(who()), subjectType: 'case' }),
    ]);
  });

  it('another referrer’s referral', async () => {
    const id = (await makeCase(cast.t.database.db, siteId)).id;
    expect((await cast.referrer.client.get(`/api/referrals/${id}`)).statusCode).toBe(404);
    expect(await refusalsOf(id)).toEqual([
      expect.objectContaining({ subjectType: 'case', details: expect.any(Object) }),
    ]);
  });

  it('a follow-up of another site', async () => {
    const created = await cast.linkWorker.client.post(`/api/cases/${caseId}/follow-ups`, {
      kind: 'call',
      dueOn: new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10),
    });
    expect(created.statusCode).toBe(201);
    const followUp = created.json<FollowUp>();
    const response = await cast.others.otherSiteLinkWorker.patch(`/api/follow-ups/${followUp.id}`, {
      done: true,
      version: followUp.version,
    });
    expect(response.statusCode).toBe(404);
    expect(await refusalsOf(caseId)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          details: expect.objectContaining({ attempted: 'PATCH /api/follow-ups/:id' }),
        }),
      ]),
    );
  });

  it('a connection never sent to the partner', async () => {
    const id = randomUUID();
    expect((await cast.others.partner.get(`/api/partner/connections/${id}`)).statusCode).toBe(404);
    expect(await refusalsOf(id)).toEqual([
      expect.objectContaining({ subjectType: 'connection', subjectId: id }),
    ]);
  });

  it('a forged or spent emailed link, from someone without an account', async () => {
    const anyone = new Client(cast.t.app);
    const linkRefusals = async (): Promise<AuditEvent[]> =>
      (
        await cast.others.administrator.get(
          '/api/audit-events?outcome=denied&action=access.denied&subjectType=action_link',
        )
      ).json<AuditEventList>().items;
    const before = (await linkRefusals()).length;
    const forged = `${'A'.repeat(43)}.${'B'.repeat(43)}`;
    expect((await anyone.get(`/api/questionnaires/${forged}`)).statusCode).toBe(404);
    expect((await anyone.post(`/api/links/${forged}`, {})).statusCode).toBe(404);
    const all = await linkRefusals();
    expect(all).toHaveLength(before + 2);
    const fresh = all.slice(0, 2);
    for (const event of fresh) {
      expect(event).toMatchObject({ actorId: null, ip: '127.0.0.1', subjectType: 'action_link' });
      // The token itself is a secret: the audit keeps the route, never the address.
      expect(JSON.stringify(event)).not.toContain(forged.slice(0, 43));
    }
  });
});

describe('what is not a refusal of a person’s record', () => {
  it('leaves no denied event: one’s own case, read and written', async () => {
    const before = (await refusalsOf(caseId)).length;
    expect((await cast.linkWorker.client.get(`/api/cases/${caseId}`)).statusCode).toBe(200);
    expect((await cast.linkWorker.client.get(`/api/cases/${caseId}/plan`)).statusCode).toBe(200);
    expect(await refusalsOf(caseId)).toHaveLength(before);
  });
});
