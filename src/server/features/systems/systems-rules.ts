/**
 * Pure rules of connected systems: SMART scopes (v1 and v2 grammar, normalised to v2),
 * the public keys an administrator may register, and the system account's sign-in address.
 */

/** A scope in SMART v2 form: `system/<Type|*>.<cruds>`, its permissions in that order. */
export type Scope = { resourceType: string; permissions: string };

const v2Order = 'cruds';
const v1Permissions: Record<string, string> = { read: 'rs', write: 'cud', '*': 'cruds' };
const scopePattern = /^system\/(\*|[A-Z][A-Za-z]{1,63})\.([a-z*]+)$/;

/**
 * One scope as v2, or undefined when it is not one we grant: only `system/` scopes; v1
 * `read`, `write`, `*` or v2 permissions in the order c r u d s; no `?query` suffix.
 */
export function parseScope(text: string): Scope | undefined {
  const match = scopePattern.exec(text);
  if (!match) return undefined;
  const [, resourceType = '', permissions = ''] = match;
  const v1 = v1Permissions[permissions];
  if (v1) return { resourceType, permissions: v1 };
  return isV2Permissions(permissions) ? { resourceType, permissions } : undefined;
}

function isV2Permissions(permissions: string): boolean {
  let at = -1;
  for (const letter of permissions) {
    const index = v2Order.indexOf(letter);
    if (index <= at) return false; // unknown, repeated or out of order
    at = index;
  }
  return permissions.length > 0;
}

export function formatScope(scope: Scope): string {
  return `system/${scope.resourceType}.${scope.permissions}`;
}

/** A space-separated list of scopes as v2, or the first one we do not understand. */
export function parseScopes(
  text: string,
): { ok: true; scopes: Scope[] } | { ok: false; invalid: string } {
  const scopes: Scope[] = [];
  for (const word of text.split(' ').filter(Boolean)) {
    const scope = parseScope(word);
    if (!scope) return { ok: false, invalid: word };
    scopes.push(scope);
  }
  return { ok: true, scopes: mergeScopes(scopes) };
}

/** One scope per resource type, permissions joined, in a stable order. */
export function mergeScopes(scopes: readonly Scope[]): Scope[] {
  const byType = new Map<string, Set<string>>();
  for (const scope of scopes) {
    const letters = byType.get(scope.resourceType) ?? new Set<string>();
    for (const letter of scope.permissions) letters.add(letter);
    byType.set(scope.resourceType, letters);
  }
  return [...byType.entries()]
    .map(([resourceType, letters]) => ({
      resourceType,
      permissions: [...v2Order].filter((letter) => letters.has(letter)).join(''),
    }))
    .sort((a, b) =>
      a.resourceType < b.resourceType ? -1 : a.resourceType > b.resourceType ? 1 : 0,
    );
}

/**
 * What a client gets: each requested permission it is also allowed, on the narrower of
 * the two types (`system/*.rs` asked, `system/Task.r` allowed: `system/Task.r`).
 */
export function grantScopes(requested: readonly Scope[], allowed: readonly Scope[]): Scope[] {
  const granted: Scope[] = [];
  for (const asked of requested) {
    for (const may of allowed) {
      const resourceType = narrowerType(asked.resourceType, may.resourceType);
      if (!resourceType) continue;
      const permissions = [...asked.permissions].filter((p) => may.permissions.includes(p));
      if (permissions.length) granted.push({ resourceType, permissions: permissions.join('') });
    }
  }
  return mergeScopes(granted);
}

function narrowerType(a: string, b: string): string | undefined {
  if (a === '*') return b;
  if (b === '*' || a === b) return a;
  return undefined;
}

/** Whether granted scopes allow a permission (c, r, u, d or s) on a resource type. */
export function scopesAllow(
  granted: readonly string[],
  resourceType: string,
  permission: 'c' | 'r' | 'u' | 'd' | 's',
): boolean {
  return granted.some((text) => {
    const scope = parseScope(text);
    return (
      scope !== undefined &&
      (scope.resourceType === '*' || scope.resourceType === resourceType) &&
      scope.permissions.includes(permission)
    );
  });
}

/** The signing algorithms an assertion may use (SMART Backend Services: RS384, ES384). */
export const assertionAlgorithms = ['RS384', 'ES384'] as const;

// Members of a private or symmetric key: a public key set never holds them.
const privateMembers = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

/**
 * Why a key set cannot be registered, or undefined: each key public, RSA or EC P-384,
 * for signing, with a kid of its own (an assertion names its key by kid).
 */
export function jwksProblem(keys: readonly Record<string, unknown>[]): string | undefined {
  const kids = new Set<string>();
  for (const [index, key] of keys.entries()) {
    const where = `jwks.keys.${index}`;
    if (privateMembers.some((member) => member in key)) return where;
    if (!isRsaKey(key) && !isP384Key(key)) return where;
    if (key.use !== undefined && key.use !== 'sig') return where;
    if (key.alg !== undefined && !(assertionAlgorithms as readonly unknown[]).includes(key.alg))
      return where;
    if (typeof key.kid !== 'string' || key.kid.length === 0 || kids.has(key.kid)) return where;
    kids.add(key.kid);
  }
  return undefined;
}

// 2048 bits, the least RSA key SMART and NIST accept, in base64url without padding.
const minimumRsaModulusChars = Math.ceil((2048 / 8) * (4 / 3));

function isRsaKey(key: Record<string, unknown>): boolean {
  return (
    key.kty === 'RSA' &&
    typeof key.n === 'string' &&
    key.n.length >= minimumRsaModulusChars &&
    typeof key.e === 'string'
  );
}

function isP384Key(key: Record<string, unknown>): boolean {
  return (
    key.kty === 'EC' &&
    key.crv === 'P-384' &&
    typeof key.x === 'string' &&
    typeof key.y === 'string'
  );
}

/**
 * The system account's address: in the reserved `.invalid` domain (RFC 2606), so that no
 * message could reach anyone, and unique per client as account addresses must be.
 */
export function systemAccountEmail(clientId: string): string {
  return `fhir-client-${clientId}@systems.passerelle.invalid`;
}
