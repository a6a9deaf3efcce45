import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPassword, seedDemo } from '../../src/server/demo';
import { reportsRefreshJob } from '../../src/server/features/reports';
import type { GapMap } from '../../src/shared/contracts/gap-map';
import { Client, startTestApp, type TestApp } from '../helpers/app';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
  if (!(await seedDemo(t.database.db, t.config))) throw new Error('the demo was not seeded');
  await t.runJob(reportsRefreshJob);
}, 120_000);
afterAll(() => t.close());

describe('the demo programme’s gap map', () => {
  it('shows Vanier’s money and food needs unmet, for want of any practical support near it', async () => {
    const evaluator = new Client(t.app);
    expect((await evaluator.signIn('evaluator@passerelle.example', demoPassword)).statusCode).toBe(
      200,
    );
    // The Vanier people were referred 20 days ago: the year of that day.
    const year = new Date(Date.now() - 20 * 86_400_000).getUTCFullYear();
    for (const distance of ['10', '50']) {
      const response = await evaluator.get(
        `/api/reports/gap-map?period=${year}&scope=programme&distance=${distance}`,
      );
      expect(response.statusCode, response.body).toBe(200);
      const map = response.json<GapMap>();
      const vanier = map.gaps.filter((gap) => gap.area === 'K1L');
      expect(vanier.map((gap) => gap.need).toSorted()).toEqual(['food', 'money']);
      for (const gap of vanier) expect(gap).toMatchObject({ why: 'no_service', demand: 10 });
      expect(map.areas.find((area) => area.key === 'K1L')?.position).not.toBeNull();
    }
  });
});
