import { type LookupAddress, lookup as dnsLookup } from 'node:dns';
import { lookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { BlockList, type LookupFunction, isIP } from 'node:net';

/*
 * Where a Subscription may send its notifications, and the sending (DESIGN.md §6). A system
 * names the address, so it must not reach inside our network (SSRF): https only, names
 * resolved and every address checked before connecting, and checked again at each
 * connection by the socket's own lookup (a name that changes its answer is refused then).
 */

/**
 * Addresses no notification goes to: private, shared, link-local, reserved, multicast. One
 * list per family: a BlockList also checks an IPv4 address against IPv6 rules (as IPv4-mapped),
 * which the mapped range below would then refuse whole.
 */
const refusedV4 = new BlockList();
const refusedV6 = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  refusedV4.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 96], // unspecified and IPv4-compatible
  ['::ffff:0:0', 96], // IPv4-mapped: would reach any IPv4 address
  ['64:ff9b::', 96], // NAT64
  ['100::', 64],
  ['2001::', 23],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  refusedV6.addSubnet(network, prefix, 'ipv6');
}
const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

type AddressKind = 'public' | 'loopback' | 'private';

function kindOf(address: string): AddressKind {
  const family = isIP(address);
  if (family === 0) return 'private';
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (loopback.check(address, type)) return 'loopback';
  return (family === 4 ? refusedV4 : refusedV6).check(address, type) ? 'private' : 'public';
}

function allowed(address: string, allowLoopback: boolean): boolean {
  const kind = kindOf(address);
  return kind === 'public' || (kind === 'loopback' && allowLoopback);
}

/** Why an endpoint is refused, as the key of its message. */
export type EndpointProblem =
  'endpoint_invalid' | 'endpoint_not_https' | 'endpoint_unresolved' | 'endpoint_private';

/** The host of a URL as an address or a name (IPv6 without its brackets). */
function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/**
 * Checks an endpoint before it is stored: an absolute https URL without credentials (http
 * only to a loopback address, when `allowLoopback`), whose host resolves to addresses we may
 * reach, all of them.
 */
export async function endpointProblem(
  text: string,
  allowLoopback: boolean,
): Promise<EndpointProblem | undefined> {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'endpoint_invalid';
  }
  if (url.username || url.password || url.hash || !['https:', 'http:'].includes(url.protocol)) {
    return 'endpoint_invalid';
  }
  const host = hostOf(url);
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
    } catch {
      return 'endpoint_unresolved';
    }
  }
  if (addresses.length === 0) return 'endpoint_unresolved';
  if (!addresses.every((address) => allowed(address, allowLoopback))) return 'endpoint_private';
  const onLoopback = addresses.every((address) => kindOf(address) === 'loopback');
  if (url.protocol === 'http:' && !(allowLoopback && onLoopback)) return 'endpoint_not_https';
  return undefined;
}

/** The socket's lookup: the name's addresses, refused whole when one is not allowed. */
function guardedLookup(allowLoopback: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, found: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      if (found.length === 0 || !found.every((a) => allowed(a.address, allowLoopback))) {
        const refusal = Object.assign(new Error('address refused'), { code: 'EADDRREFUSED' });
        return callback(refusal, '', 0);
      }
      if (options.all) {
        // The all-addresses form of the callback (what happy eyeballs asks for).
        (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, found);
        return;
      }
      const [first] = found;
      callback(null, first?.address ?? '', first?.family ?? 4);
    });
  };
}

export type Sent = { ok: true } | { ok: false; error: string };

/**
 * Sends a notification (POST, or PUT of a resource): at most `timeoutMs` from connecting to the end of the answer, no
 * redirect followed, the answer's body read and dropped (only its status counts). The error
 * kept is a code (`HTTP 503`, `ECONNREFUSED`, `ETIMEDOUT`), never the receiver's words.
 */
export function sendNotification(
  endpoint: string,
  request: {
    method: 'POST' | 'PUT';
    body: string | undefined;
    headers: Record<string, string>;
    timeoutMs: number;
    allowLoopback: boolean;
  },
): Promise<Sent> {
  const url = new URL(endpoint);
  const host = hostOf(url);
  if (isIP(host) && !allowed(host, request.allowLoopback)) {
    return Promise.resolve({ ok: false, error: 'EADDRREFUSED' });
  }
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const settle = (sent: Sent): void => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve(sent);
    };
    const outgoing = client.request(
      url,
      {
        method: request.method,
        headers: {
          ...request.headers,
          ...(request.body === undefined
            ? { 'content-length': '0' }
            : {
                'content-type': 'application/fhir+json; charset=utf-8',
                'content-length': String(Buffer.byteLength(request.body)),
              }),
        },
        lookup: guardedLookup(request.allowLoopback),
      },
      (response) => {
        response.resume();
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          settle(
            status >= 200 && status < 300 ? { ok: true } : { ok: false, error: `HTTP ${status}` },
          );
        });
        response.on('error', () => settle({ ok: false, error: 'ECONNRESET' }));
      },
    );
    const deadline = setTimeout(() => {
      outgoing.destroy();
      settle({ ok: false, error: 'ETIMEDOUT' });
    }, request.timeoutMs);
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      settle({ ok: false, error: typeof error.code === 'string' ? error.code : 'ERROR' });
    });
    outgoing.end(request.body);
  });
}
