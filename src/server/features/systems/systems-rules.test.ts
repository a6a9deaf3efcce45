import { describe, expect, it } from 'vitest';
import {
  formatScope,
  grantScopes,
  jwksProblem,
  parseScope,
  parseScopes,
  scopesAllow,
} from './systems-rules';

const v2 = (text: string) => {
  const scope = parseScope(text);
  return scope ? formatScope(scope) : undefined;
};

describe('scope grammar', () => {
  it('reads SMART v1 scopes as v2', () => {
    expect(v2('system/Task.read')).toBe('system/Task.rs');
    expect(v2('system/Task.write')).toBe('system/Task.cud');
    expect(v2('system/Task.*')).toBe('system/Task.cruds');
    expect(v2('system/*.read')).toBe('system/*.rs');
  });

  it('reads v2 permissions only in the order c r u d s, each once', () => {
    expect(v2('system/ServiceRequest.c')).toBe('system/ServiceRequest.c');
    expect(v2('system/Task.rs')).toBe('system/Task.rs');
    expect(v2('system/Task.cruds')).toBe('system/Task.cruds');
    expect(v2('system/Task.sr')).toBeUndefined();
    expect(v2('system/Task.rr')).toBeUndefined();
    expect(v2('system/Task.x')).toBeUndefined();
  });

  it('refuses what is not a system scope, or a query-narrowed one', () => {
    for (const text of [
      'patient/Task.read',
      'user/Task.rs',
      'system/Task.rs?status=requested',
      'system/task.rs',
      'system/Task',
      'openid',
      'system/.rs',
    ]) {
      expect(parseScope(text), text).toBeUndefined();
    }
  });

  it('reads a space-separated list into one v2 scope per type', () => {
    expect(parseScopes('system/Task.read  system/Task.c system/Patient.s')).toEqual({
      ok: true,
      scopes: [
        { resourceType: 'Patient', permissions: 's' },
        { resourceType: 'Task', permissions: 'crs' },
      ],
    });
    expect(parseScopes('system/Task.rs launch')).toEqual({ ok: false, invalid: 'launch' });
  });
});

describe('granted scopes', () => {
  const scopes = (text: string) => {
    const parsed = parseScopes(text);
    if (!parsed.ok) throw new Error(parsed.invalid);
    return parsed.scopes;
  };
  const grant = (requested: string, allowed: string) =>
    grantScopes(scopes(requested), scopes(allowed)).map(formatScope);

  it('are the requested permissions the client is also allowed', () => {
    expect(
      grant('system/Task.rs system/ServiceRequest.c', 'system/Task.r system/ServiceRequest.cr'),
    ).toEqual(['system/ServiceRequest.c', 'system/Task.r']);
    expect(grant('system/Patient.rs', 'system/Task.rs')).toEqual([]);
  });

  it('take the narrower type of a wildcard and a named type', () => {
    expect(grant('system/*.read', 'system/Task.cruds system/Patient.r')).toEqual([
      'system/Patient.r',
      'system/Task.rs',
    ]);
    expect(grant('system/Task.write', 'system/*.c')).toEqual(['system/Task.c']);
    expect(grant('system/*.rs', 'system/*.r')).toEqual(['system/*.r']);
  });

  it('allow a permission through the type or the wildcard', () => {
    expect(scopesAllow(['system/Task.rs'], 'Task', 'r')).toBe(true);
    expect(scopesAllow(['system/Task.rs'], 'Task', 'c')).toBe(false);
    expect(scopesAllow(['system/Task.rs'], 'Patient', 'r')).toBe(false);
    expect(scopesAllow(['system/*.c'], 'ServiceRequest', 'c')).toBe(true);
  });
});

describe('registered keys', () => {
  const rsa = { kty: 'RSA', kid: 'one', n: 'A'.repeat(342), e: 'AQAB' };
  it('takes public RSA and P-384 keys with a kid each', () => {
    expect(
      jwksProblem([rsa, { kty: 'EC', crv: 'P-384', kid: 'two', x: 'a', y: 'b' }]),
    ).toBeUndefined();
  });
  it('refuses private parts, symmetric keys, other curves and missing or repeated kids', () => {
    expect(jwksProblem([{ ...rsa, d: 'secret' }])).toBe('jwks.keys.0');
    expect(jwksProblem([{ kty: 'oct', kid: 'k', k: 'secret' }])).toBe('jwks.keys.0');
    expect(jwksProblem([{ kty: 'EC', crv: 'P-256', kid: 'k', x: 'a', y: 'b' }])).toBe(
      'jwks.keys.0',
    );
    expect(jwksProblem([{ kty: 'RSA', n: 'A'.repeat(342), e: 'AQAB' }])).toBe('jwks.keys.0');
    expect(jwksProblem([{ ...rsa, n: 'A'.repeat(170) }])).toBe('jwks.keys.0');
    expect(jwksProblem([rsa, rsa])).toBe('jwks.keys.1');
    expect(jwksProblem([{ ...rsa, alg: 'HS256' }])).toBe('jwks.keys.0');
    expect(jwksProblem([{ ...rsa, use: 'enc' }])).toBe('jwks.keys.0');
  });
});
