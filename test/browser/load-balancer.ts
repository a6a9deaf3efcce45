import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/*
 * HAProxy (Debian's package, installed by .ci/run) in front of app processes, as a health
 * centre's IT team would run two: round robin, a health check on /readyz every 2 s, and a
 * request that met a dead process (refused, or cut with no answer) sent to the other.
 */

export type LoadBalancer = { url: string; stop(): Promise<void> };

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((closed) => server.close(closed));
  return port;
}

function haproxyBinary(): string {
  try {
    return execFileSync('sh', ['-c', 'command -v haproxy || ls /usr/sbin/haproxy'])
      .toString()
      .trim();
  } catch {
    throw new Error('HAProxy is needed for this journey: apt-get install -y haproxy');
  }
}

function configuration(port: number, backends: number[]): string {
  return [
    'defaults',
    '  mode http',
    '  timeout connect 1s',
    '  timeout client 30s',
    '  timeout server 30s',
    '  retries 3',
    '  option redispatch 1',
    '  retry-on conn-failure empty-response',
    'frontend web',
    `  bind 127.0.0.1:${port}`,
    '  default_backend apps',
    'backend apps',
    '  balance roundrobin',
    '  option httpchk GET /readyz',
    '  default-server inter 2s fall 2 rise 1',
    ...backends.map((backend, i) => `  server app${i} 127.0.0.1:${backend} check`),
    '',
  ].join('\n');
}

/** Listens on `port` (the apps' PUBLIC_URL names it) and spreads requests over `backends`. */
export async function startLoadBalancer(port: number, backends: number[]): Promise<LoadBalancer> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-lb-'));
  const file = path.join(folder, 'haproxy.cfg');
  fs.writeFileSync(file, configuration(port, backends));
  const child: ChildProcess = spawn(haproxyBinary(), ['-db', '-f', file], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntilServing(`${url}/readyz`, child);
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((ended) => child.once('exit', ended));
      fs.rmSync(folder, { recursive: true, force: true });
    },
  };
}

async function waitUntilServing(url: string, child: ChildProcess): Promise<void> {
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`HAProxy ended: ${errors}`);
    const answer = await fetch(url).catch(() => undefined);
    if (answer?.ok) return;
    await new Promise((wait) => setTimeout(wait, 100));
  }
  throw new Error(`HAProxy did not serve ${url} in time: ${errors}`);
}
