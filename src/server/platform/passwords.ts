import { hash, verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';

// OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane. Argon2id is the library's default algorithm.
const options = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// Made at load rather than on first use, so that the first unknown email costs no more
// than the next ones; of a random password, so that nothing ever matches it.
const decoyHash = hashPassword(randomBytes(32).toString('base64url'));

/** Spends the same time as a real check, so unknown emails cannot be told apart by timing. */
export async function verifyAgainstDecoy(password: string): Promise<false> {
  await verifyPassword(await decoyHash, password);
  return false;
}
