/** Random numbers from a 32-bit seed: sfc32, seeded through splitmix32. */
export type Random = {
  next(): number;
  int(below: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly [T, ...T[]]): T;
};

export function createRandom(seed: number, salt = 0): Random {
  let state = (seed ^ Math.imul(salt + 1, 0x9e3779b9)) >>> 0;
  const splitmix = (): number => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i += 1) next();
  return {
    next,
    int: (below) => Math.floor(next() * below),
    chance: (probability) => next() < probability,
    pick: (items) => items[Math.floor(next() * items.length)] ?? items[0],
  };
}

// Ids count up per kind of record, so they never collide however many services are made.
const kinds = {
  service: 1,
  organization: 2,
  location: 3,
  address: 4,
  accessibility: 5,
  serviceAtLocation: 6,
  schedule: 7,
  phone: 8,
  language: 9,
  cost: 10,
  capacity: 11,
  attribute: 12,
  unit: 13,
  organizationPhone: 14,
} as const;

/** An id of one kind of record: the n-th of that kind, a valid UUID. */
export type IdMaker = (kind: keyof typeof kinds, n: number) => string;

export function idMaker(seed: number): IdMaker {
  const prefix = createRandom(seed, 7).int(0x100000000).toString(16).padStart(8, '0');
  const heads = Object.fromEntries(
    Object.entries(kinds).map(([kind, code]) => [
      kind,
      `${prefix}-${code.toString(16).padStart(4, '0')}-4000-8000-`,
    ]),
  );
  return (kind, n) => `${heads[kind] ?? ''}${n.toString(16).padStart(12, '0')}`;
}
