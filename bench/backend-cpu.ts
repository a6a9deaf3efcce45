/**
 * CPU time spent by PostgreSQL backends, read from /proc: a figure that holds when other work
 * shares the machine, where requests per second do not. Backends are found by the
 * application_name their pool gave them; only a server on this machine can be read.
 */
import { readFile } from 'node:fs/promises';
import type pg from 'pg';

/** Linux's clock ticks per second for /proc/<pid>/stat (USER_HZ, 100 on every common kernel). */
const ticksPerSecond = 100;

/** CPU milliseconds (user and system) of the backends named `applicationName`, or null. */
export async function backendCpuMs(
  client: Pick<pg.Pool, 'query'>,
  applicationName: string,
): Promise<number | null> {
  const { rows } = await client.query<{ pid: number }>(
    'select pid from pg_stat_activity where application_name = $1',
    [applicationName],
  );
  let ticks = 0;
  for (const { pid } of rows) {
    const used = await processTicks(pid);
    if (used === null) return null;
    ticks += used;
  }
  return (ticks * 1000) / ticksPerSecond;
}

async function processTicks(pid: number): Promise<number | null> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

/** This process's CPU milliseconds (user and system) since it started. */
export function ownCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}
