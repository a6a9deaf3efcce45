import { describe, expect, it } from 'vitest';
import { endpointProblem, sendNotification } from './fhir-endpoint';

describe('where a subscription may send (SSRF guard)', () => {
  it('takes an https address that reaches a public host', async () => {
    expect(await endpointProblem('https://8.8.8.8/fhir', false)).toBeUndefined();
    expect(await endpointProblem('https://[2606:4700:4700::1111]/fhir', false)).toBeUndefined();
  });

  it('refuses private, local, link-local and mapped addresses', async () => {
    for (const address of [
      'https://10.0.0.1/',
      'https://100.64.0.1/',
      'https://127.0.0.1/',
      'https://169.254.169.254/',
      'https://172.31.255.255/',
      'https://192.168.0.1/',
      'https://0.0.0.0/',
      'https://224.0.0.1/',
      'https://[::1]/',
      'https://[::]/',
      'https://[fc00::1]/',
      'https://[fe80::1]/',
      'https://[::ffff:8.8.8.8]/',
      'https://[64:ff9b::a00:1]/',
    ]) {
      expect(await endpointProblem(address, false), address).toBe('endpoint_private');
    }
  });

  it('takes loopback, over http too, only when allowed', async () => {
    expect(await endpointProblem('http://127.0.0.1:8080/hook', true)).toBeUndefined();
    expect(await endpointProblem('http://[::1]:8080/hook', true)).toBeUndefined();
    expect(await endpointProblem('http://127.0.0.1:8080/hook', false)).toBe('endpoint_private');
    // Still not a private network address.
    expect(await endpointProblem('https://10.0.0.1/', true)).toBe('endpoint_private');
  });

  it('refuses what is not an https address without credentials', async () => {
    expect(await endpointProblem('http://8.8.8.8/', false)).toBe('endpoint_not_https');
    expect(await endpointProblem('ftp://8.8.8.8/', false)).toBe('endpoint_invalid');
    expect(await endpointProblem('https://user:secret@8.8.8.8/', false)).toBe('endpoint_invalid');
    expect(await endpointProblem('not a url', false)).toBe('endpoint_invalid');
    expect(await endpointProblem('https://no-such-host.invalid/', false)).toBe(
      'endpoint_unresolved',
    );
  });

  it('does not connect to a refused address even if it was stored', async () => {
    const sent = await sendNotification('https://169.254.169.254/latest', {
      method: 'POST',
      body: undefined,
      headers: {},
      timeoutMs: 1_000,
      allowLoopback: true,
    });
    expect(sent).toEqual({ ok: false, error: 'EADDRREFUSED' });
  });
});
