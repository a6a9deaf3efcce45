import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionPlans, assessments, cases, connections } from '../../src/server/db/schema';
import { reportsRefreshJob } from '../../src/server/features/reports';
import type { Dashboard } from '../../src/shared/contracts/reports';
import { Client, startTestApp, type TestApp } from '../helpers/app';
import { makeAccount, makeCase, makeSite } from '../helpers/factories';

let t: TestApp;
let site: { id: string; name: string };
let manager: Client;

/**
 * Twenty referrals of one site, all reached and accepted: nine assessed and then planned,
 * ten with a plan agreed while their assessment was never marked complete (or never
 * started), one accepted only. Five of the planned ones went on to a connection, and six
 * people were discharged, some of them early.
 */
beforeAll(async () => {
  t = await startTestApp();
  const db = t.database.db;
  site = await makeSite(db);
  const at = (day: number): Date => new Date(Date.UTC(2026, 2, 2 + day));
  for (let index = 0; index < 20; index += 1) {
    const made = await makeCase(db, site.id);
    const discharged = index % 3 === 0 && index < 18;
    await db
      .update(cases)
      .set({
        referredAt: at(0),
        firstContactAt: at(1),
        acceptedAt: at(2),
        status: discharged ? 'discharged' : 'active',
        closureReason: discharged ? 'goals_met' : null,
        closedAt: discharged ? at(40) : null,
      })
      .where(eq(cases.id, made.id));
    if (index < 9) await db.insert(assessments).values({ caseId: made.id, completedAt: at(5) });
    else if (index < 14) await db.insert(assessments).values({ caseId: made.id });
    if (index < 19)
      await db.insert(actionPlans).values({ caseId: made.id, agreedOn: '2026-03-10' });
    if (index >= 10 && index < 15) {
      await db.insert(connections).values({
        caseId: made.id,
        organisationName: 'Club de marche',
        activity: 'Walking',
        status: 'accepted',
      });
    }
  }
  manager = new Client(t.app);
  const account = await makeAccount(db, [{ role: 'site_manager', siteId: site.id }]);
  expect((await manager.signIn(account.email, account.password)).statusCode).toBe(200);
  await t.runJob(reportsRefreshJob);
});
afterAll(() => t.close());

describe('the funnel', () => {
  it('never rises: each stage counts the referrals that got that far or further', async () => {
    const response = await manager.get(
      `/api/reports/dashboard?scope=site:${site.id}&period=2026-03`,
    );
    expect(response.statusCode, response.body).toBe(200);
    const { funnel, dischargeReasons } = response.json<Dashboard>();
    expect(funnel.columns).toEqual([
      'referred',
      'contacted',
      'accepted',
      'assessed',
      'planned',
      'connected',
      'attended',
    ]);
    // True counts 20, 20, 20, 19 (nine assessments completed, ten plans without one), 19, 5, 0.
    const shown = funnel.rows[0]?.cells.map((cell) => cell.value);
    expect(shown).toEqual([20, 20, 20, 20, 20, null, null]);
    const counted = shown?.filter((value) => value !== null) ?? [];
    expect(counted).toEqual(counted.toSorted((a, b) => b - a));
    // Discharges, at whatever stage, are counted apart: 6 people, hidden as fewer than 8.
    expect(dischargeReasons.grandTotal).toEqual({ value: null, suppression: 'small' });
  });
});
