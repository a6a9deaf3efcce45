import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirectorySearchResult } from '../../src/shared/contracts/search';
import { Client, startTestApp, type TestApp, signedInClient } from '../helpers/app';
import { makeAccount, makeSite } from '../helpers/factories';
import { formatJudgedRun, runJudgedQueries, seedJudgedDirectory } from '../helpers/search';

let t: TestApp;
let linkWorker: Client;

beforeAll(async () => {
  t = await startTestApp();
  await seedJudgedDirectory(t.database.db);
  const site = await makeSite(t.database.db);
  const account = await makeAccount(t.database.db, [{ role: 'link_worker', siteId: site.id }]);
  linkWorker = await signedInClient(t.app, account);
}, 120_000);
afterAll(() => t.close());

describe('the judged query set', () => {
  it('puts an exactly right listing in the top 3 for most queries of every group', async () => {
    const run = await runJudgedQueries(async (url) => {
      const response = await linkWorker.get(url);
      expect(response.statusCode, response.body).toBe(200);
      return response.json<DirectorySearchResult>().items.map((i) => i.id);
    });
    console.info(`judged set:\n${formatJudgedRun(run)}\nmissed: ${run.missed.join('; ')}`);
    const rate = (group: string): number =>
      run.groups.find((g) => g.group === group)?.passRate ?? 0;
    expect(rate('all')).toBeGreaterThanOrEqual(0.93);
    for (const group of ['same-language', 'cross-language', 'typo']) {
      expect(rate(group), group).toBeGreaterThanOrEqual(0.9);
    }
    expect(rate('natural')).toBeGreaterThanOrEqual(0.85);
  });
});
