import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('the stall watchdog', () => {
  it('ends a process whose event loop stopped, and says why', () => {
    const started = Date.now();
    const fixture = 'test/fixtures/stalled-process.ts';
    const run = spawnSync(process.execPath, ['--import', 'tsx', fixture, '1000'], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.signal).toBe('SIGKILL');
    expect(run.stderr).toContain('Passerelle stopped answering for 1 s');
    expect(run.stdout).not.toContain('did not end the process');
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
