import { randomInt } from 'node:crypto';

// Crockford's base32 without I, L, O, U: nothing to misread over the phone.
const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A short reference people can read aloud, such as P-7K3QX9; unique by database index. */
export function newCaseReference(): string {
  let code = '';
  for (let i = 0; i < 6; i += 1) code += alphabet[randomInt(alphabet.length)];
  return `P-${code}`;
}
