/**
 * The few distribution functions the outcome reports need, written out so their accuracy
 * is known: checked against R to 1e-6 by the fixtures in test/fixtures/statistics.
 * Regularized incomplete gamma and beta functions follow Numerical Recipes (3rd ed., 6.2
 * and 6.4): a series or a continued fraction by the modified Lentz method, each to
 * double precision.
 */

const EPSILON = 1e-15;
const TINY = 1e-300;
const MAX_ITERATIONS = 10_000;

// Lanczos approximation (g = 7, n = 9), accurate to about 1e-15 for positive arguments.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];

export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0] ?? 0;
  for (let i = 1; i < LANCZOS.length; i += 1) sum += (LANCZOS[i] ?? 0) / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** Upper regularized incomplete gamma Q(a, x). */
function upperGamma(a: number, x: number): number {
  if (x <= 0) return 1;
  const logPrefix = -x + a * Math.log(x) - logGamma(a);
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < MAX_ITERATIONS; n += 1) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * EPSILON) break;
    }
    return 1 - sum * Math.exp(logPrefix);
  }
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITERATIONS; i += 1) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPSILON) break;
  }
  return Math.exp(logPrefix) * h;
}

/** P(Z <= z) for a standard normal Z, accurate in both tails. */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  const tail = 0.5 * upperGamma(0.5, (z * z) / 2);
  return z < 0 ? tail : 1 - tail;
}

/** P(Z > z), computed directly so that small upper tails keep their precision. */
export function normalUpperTail(z: number): number {
  return normalCdf(-z);
}

function betaContinuedFraction(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < MAX_ITERATIONS; m += 1) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPSILON) break;
  }
  return h;
}

/** Regularized incomplete beta I_x(a, b). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const logFront =
    logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
  if (x < (a + 1) / (a + b + 2)) {
    return (Math.exp(logFront) * betaContinuedFraction(a, b, x)) / a;
  }
  return 1 - (Math.exp(logFront) * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** P(T > |t|) for Student's t with df degrees of freedom: one tail, computed directly. */
function studentTTail(t: number, df: number): number {
  return 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
}

/** P(T <= t) for Student's t with df degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  const tail = studentTTail(t, df);
  return t < 0 ? tail : 1 - tail;
}

/** Two-sided p-value of a t statistic: P(|T| >= |t|). */
export function studentTTwoSided(t: number, df: number): number {
  return Math.min(1, 2 * studentTTail(t, df));
}

/** The quantile of Student's t for a probability above one half, by bisection on the tail. */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0.5 && p < 1)) throw new RangeError('studentTQuantile takes 0.5 < p < 1');
  const tail = 1 - p;
  let low = 0;
  let high = 1;
  while (studentTTail(high, df) > tail) high *= 2;
  for (let i = 0; i < 200 && high - low > 1e-15 * high; i += 1) {
    const middle = (low + high) / 2;
    if (studentTTail(middle, df) > tail) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}

/**
 * The exact null distribution of the Wilcoxon signed-rank statistic V for n pairs without
 * ties, as counts of the 2^n sign patterns giving each V from 0 to n(n+1)/2 (R's csignrank).
 * Counts stay exact in doubles up to n = 50 (2^50 < 2^53).
 */
function signedRankCounts(n: number): number[] {
  const maxSum = (n * (n + 1)) / 2;
  const counts = new Array<number>(maxSum + 1).fill(0);
  counts[0] = 1;
  for (let rank = 1; rank <= n; rank += 1) {
    for (let sum = (rank * (rank + 1)) / 2; sum >= rank; sum -= 1) {
      counts[sum] = (counts[sum] ?? 0) + (counts[sum - rank] ?? 0);
    }
  }
  return counts;
}

/** P(V <= v) under the null for n pairs without ties, as R's psignrank(v, n). */
export function signedRankCdf(v: number, n: number): number {
  const counts = signedRankCounts(n);
  const upTo = Math.floor(v + 1e-7);
  let total = 0;
  for (let sum = 0; sum <= Math.min(upTo, counts.length - 1); sum += 1) total += counts[sum] ?? 0;
  return total / 2 ** n;
}

/** P(V >= v) under the null for n pairs without ties, summed directly for small tails. */
export function signedRankUpperTail(v: number, n: number): number {
  const counts = signedRankCounts(n);
  const from = Math.max(0, Math.ceil(v - 1e-7));
  let total = 0;
  for (let sum = from; sum < counts.length; sum += 1) total += counts[sum] ?? 0;
  return total / 2 ** n;
}
