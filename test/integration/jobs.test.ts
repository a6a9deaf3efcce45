import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scheduledJobs } from '../../src/server/db/schema';
import { claimDueJob, ensureJobRow } from '../../src/server/platform/jobs-queries';
import {
  registerRecurringJob,
  runRecurringJob,
  startJobRunner,
} from '../../src/server/platform/jobs';
import { startTestApp, type TestApp } from '../helpers/app';

let t: TestApp;
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('recurring jobs', () => {
  it('runs a due job, never two runs of it at once, and stops cleanly', async () => {
    let runs = 0;
    let concurrent = 0;
    let maxConcurrent = 0;
    registerRecurringJob('test.slow', 20, async () => {
      runs += 1;
      concurrent += 1;
      maxConcurrent = Math.max(maxConcurrent, concurrent);
      await new Promise((resolve) => setTimeout(resolve, 60));
      concurrent -= 1;
    });
    const runner = startJobRunner({ db: t.database.db, config: t.config, log: silent });
    await expect.poll(() => runs, { timeout: 5_000 }).toBeGreaterThanOrEqual(2);
    await runner.stop();
    const after = runs;
    expect(concurrent).toBe(0);
    expect(maxConcurrent).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(runs).toBe(after);
    const [row] = await t.database.db
      .select()
      .from(scheduledJobs)
      .where(eq(scheduledJobs.name, 'test.slow'));
    expect(row?.runningUntil).toBeNull();
    expect(row?.lastFinishedAt).toBeInstanceOf(Date);
  });

  it('gives a due run to exactly one of two processes asking at once', async () => {
    await ensureJobRow(t.database.db, 'test.claim', 60_000);
    const claims = await Promise.all([
      claimDueJob(t.database.db, 'test.claim', 60_000, 60_000),
      claimDueJob(t.database.db, 'test.claim', 60_000, 60_000),
    ]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    // Not due again before its interval has passed.
    expect(await claimDueJob(t.database.db, 'test.claim', 60_000, 60_000)).toBe(false);
  });

  it('runs a job by name on demand', async () => {
    let ran = false;
    registerRecurringJob('test.manual', 60_000, async () => {
      ran = true;
    });
    await runRecurringJob('test.manual', t.database.db, t.config);
    expect(ran).toBe(true);
    await expect(runRecurringJob('test.unknown', t.database.db, t.config)).rejects.toThrow();
  });
});
