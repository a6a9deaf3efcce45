/**
 * An attacker of published aggregates: it turns every figure the reports API answered into
 * what that figure proves about the true count behind it (an interval), writes down every
 * equation it knows between true counts (a table's totals and cells, the funnel and the
 * equity tables, a year and its quarters and months, a grouping and its sites, and the
 * difference of any two nested answers), then narrows every interval through those
 * equations until nothing moves. Whatever ends up pinned to one value was recovered.
 */

import { roundTo } from '../../src/shared/statistics/disclosure';
import { wilsonProportion } from '../../src/shared/statistics/proportion';

export type Interval = { lo: number; hi: number };

/**
 * How an answer says its figures are protected (contracts/reports.ts): counts rounded to
 * `roundTo` and hidden under `hiddenBelow`, outcome statistics from `pairsAtLeast` pairs,
 * with `decimals` decimals. Null for an answer that publishes exact counts.
 */
export type Protection = {
  roundTo: number;
  hiddenBelow: number;
  pairsAtLeast: number;
  decimals: number;
} | null;

type Term = { variable: number; sign: 1 | -1 };

/** What the attacker knows: an interval per true count, and equations between them. */
export class Knowledge {
  private readonly ids = new Map<string, number>();
  readonly names: string[] = [];
  readonly lo: number[] = [];
  readonly hi: number[] = [];
  private readonly relations: Term[][] = [];
  private readonly relationsOf: number[][] = [];
  /** Which equation last moved each bound (-1: a claim), to explain a recovery. */
  private readonly loBy: number[] = [];
  private readonly hiBy: number[] = [];

  get size(): { variables: number; relations: number } {
    return { variables: this.names.length, relations: this.relations.length };
  }

  variable(name: string): number {
    const known = this.ids.get(name);
    if (known !== undefined) return known;
    const id = this.names.length;
    this.ids.set(name, id);
    this.names.push(name);
    this.lo.push(0);
    this.hi.push(Number.POSITIVE_INFINITY);
    this.relationsOf.push([]);
    return id;
  }

  has(name: string): boolean {
    return this.ids.has(name);
  }

  interval(name: string): Interval | null {
    const id = this.ids.get(name);
    return id === undefined ? null : { lo: this.lo[id] ?? 0, hi: this.hi[id] ?? 0 };
  }

  claim(name: string, interval: Interval): void {
    const id = this.variable(name);
    this.lo[id] = Math.max(this.lo[id] ?? 0, Math.ceil(interval.lo));
    this.hi[id] = Math.min(this.hi[id] ?? Number.POSITIVE_INFINITY, Math.floor(interval.hi));
  }

  /** The true counts named in `plus` add up to those named in `minus`. */
  relate(plus: string[], minus: string[]): void {
    const terms: Term[] = [
      ...plus.map((name) => ({ variable: this.variable(name), sign: 1 as const })),
      ...minus.map((name) => ({ variable: this.variable(name), sign: -1 as const })),
    ];
    const index = this.relations.length;
    this.relations.push(terms);
    for (const term of terms) this.relationsOf[term.variable]?.push(index);
  }

  /**
   * Bounds propagation to a fixpoint: each equation bounds each of its terms by the others.
   * Throws when two facts contradict each other: the attacker misread an answer, or the
   * answers are not what they say they are.
   */
  propagate(maxSteps = 20_000_000): void {
    const queued = new Uint8Array(this.relations.length).fill(1);
    const queue = this.relations.map((_, index) => index);
    let steps = 0;
    while (queue.length > 0) {
      const index = queue.pop() ?? 0;
      queued[index] = 0;
      const terms = this.relations[index] ?? [];
      steps += terms.length;
      if (steps > maxSteps) throw new Error('the attacker did not settle');
      let sumMin = 0;
      let sumMax = 0;
      let infiniteMin = 0;
      let infiniteMax = 0;
      const contribution = terms.map(({ variable, sign }) => {
        const lo = this.lo[variable] ?? 0;
        const hi = this.hi[variable] ?? Number.POSITIVE_INFINITY;
        const min = sign === 1 ? lo : -hi;
        const max = sign === 1 ? hi : -lo;
        if (Number.isFinite(min)) sumMin += min;
        else infiniteMin += 1;
        if (Number.isFinite(max)) sumMax += max;
        else infiniteMax += 1;
        return { min, max };
      });
      terms.forEach(({ variable, sign }, position) => {
        const own = contribution[position] ?? { min: 0, max: 0 };
        const othersMin =
          infiniteMin - (Number.isFinite(own.min) ? 0 : 1) > 0
            ? Number.NEGATIVE_INFINITY
            : sumMin - (Number.isFinite(own.min) ? own.min : 0);
        const othersMax =
          infiniteMax - (Number.isFinite(own.max) ? 0 : 1) > 0
            ? Number.POSITIVE_INFINITY
            : sumMax - (Number.isFinite(own.max) ? own.max : 0);
        // sign * x = -(the others' sum)
        const lo = Math.ceil(sign === 1 ? -othersMax : othersMin);
        const hi = Math.floor(sign === 1 ? -othersMin : othersMax);
        const oldLo = this.lo[variable] ?? 0;
        const oldHi = this.hi[variable] ?? Number.POSITIVE_INFINITY;
        const newLo = Math.max(oldLo, lo);
        const newHi = Math.min(oldHi, hi);
        if (newLo > newHi) {
          throw new Error(
            `contradiction on ${this.names[variable] ?? variable}: [${oldLo}, ${oldHi}] and [${lo}, ${hi}]`,
          );
        }
        if (newLo !== oldLo || newHi !== oldHi) {
          if (newLo !== oldLo) this.loBy[variable] = index;
          if (newHi !== oldHi) this.hiBy[variable] = index;
          this.lo[variable] = newLo;
          this.hi[variable] = newHi;
          for (const other of this.relationsOf[variable] ?? []) {
            if (other !== index && queued[other] === 0) {
              queued[other] = 1;
              queue.push(other);
            }
          }
        }
      });
    }
  }

  /** The equations that set a variable's bounds, and theirs, a few levels deep. */
  explain(name: string, depth = 4): string[] {
    const id = this.ids.get(name);
    if (id === undefined || depth === 0) return [];
    const lines: string[] = [];
    for (const [side, by] of [
      ['lo', this.loBy[id]],
      ['hi', this.hiBy[id]],
    ] as const) {
      const terms = by === undefined ? null : this.relations[by];
      if (!terms) {
        lines.push(`${name} ${side}: claimed`);
        continue;
      }
      lines.push(
        `${name} ${side} from: ` +
          terms
            .map(
              (t) =>
                `${t.sign === 1 ? '+' : '-'}${this.names[t.variable]}[${this.lo[t.variable]},${this.hi[t.variable]}]`,
            )
            .join(' '),
      );
      for (const t of terms) {
        const other = this.names[t.variable];
        if (t.variable !== id && other) {
          lines.push(...this.explain(other, depth - 1).map((line) => `  ${line}`));
        }
      }
    }
    return lines;
  }

  /** The true counts pinned to one value between `from` and `to`. */
  pinned(from: number, to: number): { name: string; value: number }[] {
    return this.names.flatMap((name, id) => {
      const lo = this.lo[id] ?? 0;
      return lo === this.hi[id] && lo >= from && lo <= to ? [{ name, value: lo }] : [];
    });
  }
}

/** A set of people as the attacker sees it: which sites, which units of time. */
export type Population = { sites: readonly string[]; times: readonly string[] };

const keyOf = (items: readonly string[]): string => [...items].sort().join(',');
const populationIds = new Map<string, string>();
/** A short name for a population, the same for the same sites and times. */
/** Which sites and times each short population name stands for. */
export function describePopulations(): Map<string, string> {
  return new Map([...populationIds.entries()].map(([key, id]) => [id, key]));
}
export function populationKey(p: Population): string {
  const key = `${keyOf(p.sites)}@${keyOf(p.times)}`;
  let id = populationIds.get(key);
  if (!id) {
    id = `p${populationIds.size}`;
    populationIds.set(key, id);
  }
  return id;
}

/** What one published count proves about the true count. */
export function claimOf(
  count: { value: number | null; suppression: string | null },
  protection: Protection,
): Interval {
  if (protection) {
    // Hidden because another report overlaps it: any number.
    if (count.value === null && count.suppression !== 'small') return { lo: 0, hi: Infinity };
    if (count.value === null) return { lo: 0, hi: protection.hiddenBelow - 1 };
    const half = Math.floor(protection.roundTo / 2);
    return { lo: Math.max(protection.hiddenBelow, count.value - half), hi: count.value + half };
  }
  if (count.value !== null) return { lo: count.value, hi: count.value };
  // The old answers: primary under 5, secondary anything.
  return count.suppression === 'primary' ? { lo: 0, hi: 4 } : { lo: 0, hi: Infinity };
}

type Count = { value: number | null; suppression: string | null };
type Table = {
  columns: string[];
  rows: { key: string; cells: Count[]; total: Count | null }[];
  columnTotals: Count[];
  grandTotal: Count | null;
};

export type DashboardAnswer = {
  protection?: Protection;
  funnel: Table;
  timeToFirstContact: { n: Count };
  referralsBySource: Table;
  referralsByReason: Table;
  referralsBySite: Table;
  referralsByMonth: Table;
  connectionsByCategory: Table;
  connectionsByPartner: Table;
  partnerDeclines: Table;
  dischargeReasons: Table;
  caseload: Table;
  equity: { ageBand: Table; sex: Table; language: Table; area: Table };
};

export type OutcomeItem = {
  instrumentId: string;
  scale: string;
  suppressed: boolean;
  n: number | null;
  meanBefore: number | null;
  sdBefore: number | null;
  meanAfter: number | null;
  sdAfter: number | null;
  shares: { improved: Count; same: Count; worsened: Count } | null;
  attrition?: {
    baselines: Count;
    pairs: Count;
    lost: Count;
    comparison: { lostMean: number } | null;
  };
};
export type Headline = {
  instrumentId: string;
  scale: string;
  suppressed: boolean;
  n: number | null;
  share: number | null;
  ci95: [number, number] | null;
};
export type OutcomesAnswer = {
  protection?: Protection;
  items: OutcomeItem[];
  headlines?: Headline[];
};

/** One breakdown of the change (GET /api/reports/outcomes/groups). */
export type OutcomeGroupsAnswer = {
  protection?: Protection;
  dimension: string;
  groups: {
    key: string;
    cells: {
      instrumentId: string;
      scale: string;
      n: number | null;
      meanBefore: number | null;
      meanAfter: number | null;
    }[];
  }[];
};

/** The gap map's people counts (GET /api/reports/gap-map); its supply is the public directory. */
export type GapMapAnswer = {
  protection?: Protection;
  demandByReason: Table;
  demandByNeed: Table;
  endingsByReason: Table;
  endingReasons: Table;
  gaps: { area: string; kind: string; need: string; demand: number }[];
};

export type Observation = {
  population: Population;
  dashboard: DashboardAnswer;
  outcomes: OutcomesAnswer;
  /** The gap map of the same choices, when asked. */
  gapMap?: GapMapAnswer;
  /** Every breakdown of the change the API gives, when it gives them. */
  groups?: OutcomeGroupsAnswer[];
};

/** Breakdowns whose groups share out the scale's pairs (a referral gives several reasons). */
const partitions = ['age_band', 'sex', 'language', 'area', 'site'];

const furthest = [
  'referred',
  'contacted',
  'accepted',
  'assessed',
  'planned',
  'connected',
  'attended',
];

/** The tables of an observation: the dashboard's, and the gap map's when it was asked. */
function tablesOf(o: Observation): [string, Table][] {
  const d = o.dashboard;
  const gap: [string, Table][] = o.gapMap
    ? [
        ['gap_reason', o.gapMap.demandByReason],
        ['gap_need', o.gapMap.demandByNeed],
        ['gap_ending', o.gapMap.endingsByReason],
        ['gap_ending_reason', o.gapMap.endingReasons],
      ]
    : [];
  return [
    ...gap,
    ['funnel', d.funnel],
    ['source', d.referralsBySource],
    ['reason', d.referralsByReason],
    ['site', d.referralsBySite],
    ['month', d.referralsByMonth],
    ['category', d.connectionsByCategory],
    ['partner', d.connectionsByPartner],
    ['decline', d.partnerDeclines],
    ['discharge', d.dischargeReasons],
    ['caseload', d.caseload],
    ['age', d.equity.ageBand],
    ['sex', d.equity.sex],
    ['language', d.equity.language],
    ['area', d.equity.area],
  ];
}

/** Rows whose key means nothing outside their own answer: per-answer pseudonyms, folded rows. */
const localKey = (key: string): boolean => /^link_worker_\d+$/.test(key) || key === 'others';

export type Attack = {
  knowledge: Knowledge;
  /** Figures read, equations written. */
  figures: number;
  /** Small groups whose scores were pinned by the outcome statistics. */
  scoreRecoveries: string[];
};

/**
 * Everything one caller could read, attacked: counts through every equation, then the
 * outcome statistics of every two nested answers.
 */
export function attack(observations: Observation[]): Attack {
  const k = new Knowledge();
  let figures = 0;
  /** cell -> figures of that cell, for the differences between answers. */
  const byCell = new Map<string, { population: Population; name: string }[]>();
  const knownKeys = new Map<string, Set<string>>();
  const knownGroupKeys = new Map<string, Set<string>>();
  for (const o of observations) {
    for (const breakdown of o.groups ?? []) {
      const keys = knownGroupKeys.get(breakdown.dimension) ?? new Set<string>();
      for (const g of breakdown.groups) if (g.key !== 'others') keys.add(g.key);
      knownGroupKeys.set(breakdown.dimension, keys);
    }
    for (const [table, t] of tablesOf(o)) {
      const keys = knownKeys.get(table) ?? new Set<string>();
      for (const row of t.rows) if (!localKey(row.key)) keys.add(row.key);
      knownKeys.set(table, keys);
    }
  }

  observations.forEach((o, index) => {
    const pop = populationKey(o.population);
    const protection = o.dashboard.protection ?? null;
    const cellName = (cell: string, local: boolean): string =>
      local ? `${cell}#${pop}@${index}` : `${cell}#${pop}`;
    const publish = (cell: string, count: Count, local = false): string => {
      const name = cellName(cell, local);
      k.claim(name, claimOf(count, protection));
      figures += 1;
      if (!local) {
        const list = byCell.get(cell) ?? [];
        if (!list.some((f) => f.name === name)) list.push({ population: o.population, name });
        byCell.set(cell, list);
      }
      return name;
    };

    const grand = new Map<string, string>();
    const columnTotal = new Map<string, string>();
    for (const [table, t] of tablesOf(o)) {
      const rowTotals: string[] = [];
      const columns: string[][] = t.columns.map(() => []);
      for (const row of t.rows) {
        const local = localKey(row.key);
        const cells = row.cells.map((cell, c) =>
          publish(`${table}|${row.key}|${t.columns[c]}`, cell, local),
        );
        cells.forEach((name, c) => columns[c]?.push(name));
        if (row.total) {
          const total = publish(`${table}|${row.key}|#total`, row.total, local);
          rowTotals.push(total);
          k.relate([total], cells);
        }
      }
      // A key seen elsewhere but not here: exactly none in old answers, folded (under the
      // threshold) in protected ones, where the folded row adds them up with any unseen key.
      const absent = [...(knownKeys.get(table) ?? [])].filter(
        (key) => !t.rows.some((row) => row.key === key),
      );
      const folded = t.rows.find((row) => row.key === 'others');
      const withTotals = t.rows.length > 0 && t.rows.every((row) => row.total !== null);
      const lines = withTotals ? [...t.columns, '#total'] : t.columns;
      const remember = (cell: string, name: string): void => {
        const list = byCell.get(cell) ?? [];
        list.push({ population: o.population, name });
        byCell.set(cell, list);
      };
      for (const key of absent) {
        for (const column of t.columns) {
          const cell = `${table}|${key}|${column}`;
          const name = cellName(cell, false);
          k.claim(name, protection ? { lo: 0, hi: protection.hiddenBelow - 1 } : { lo: 0, hi: 0 });
          remember(cell, name);
        }
        if (withTotals) {
          const cell = `${table}|${key}|#total`;
          remember(cell, cellName(cell, false));
          k.relate(
            [cellName(cell, false)],
            t.columns.map((column) => cellName(`${table}|${key}|${column}`, false)),
          );
        }
      }
      if (folded && protection) {
        for (const column of lines) {
          k.relate(
            [cellName(`${table}|others|${column}`, true)],
            [
              ...absent.map((key) => cellName(`${table}|${key}|${column}`, false)),
              cellName(`${table}|#unseen|${column}`, true),
            ],
          );
        }
      }
      t.columnTotals.forEach((count, c) => {
        const name = publish(`${table}|#total|${t.columns[c]}`, count);
        columnTotal.set(`${table}|${t.columns[c]}`, name);
        k.relate([name], columns[c] ?? []);
      });
      if (t.grandTotal) {
        const g = publish(`${table}|#total|#total`, t.grandTotal);
        grand.set(table, g);
        if (rowTotals.length === t.rows.length) k.relate([g], rowTotals);
        k.relate(
          [g],
          t.columns.map((column) => columnTotal.get(`${table}|${column}`) ?? ''),
        );
      }
    }

    // The dashboard's own meaning: the same referrals counted in several tables.
    const funnel = (stage: string): string => cellName(`funnel|all|${stage}`, false);
    const hasFunnel = o.dashboard.funnel.rows.length > 0;
    if (hasFunnel) {
      for (const table of ['source', 'site', 'month', 'age', 'sex', 'language', 'area']) {
        const g = grand.get(table);
        if (g) k.relate([funnel('referred')], [g]);
      }
      const cases = columnTotal.get('caseload|cases');
      if (cases) k.relate([funnel('referred')], [cases]);
      for (const table of ['age', 'sex', 'language', 'area']) {
        furthest.forEach((stage, j) => {
          k.relate(
            [funnel(stage)],
            furthest.slice(j).map((later) => columnTotal.get(`${table}|${later}`) ?? ''),
          );
        });
      }
      // The time to first contact counts those with a first contact recorded: no more than
      // the funnel's contacted, which counts every referral that got that far or further.
      publish('ttfc|n', o.dashboard.timeToFirstContact.n);
    }
    for (const column of ['connections', 'attended']) {
      const a = columnTotal.get(`category|${column}`);
      const b = columnTotal.get(`partner|${column}`);
      if (a && b) k.relate([a], [b]);
    }
    const declined = columnTotal.get('partner|declined');
    const declines = grand.get('decline');
    if (declined && declines) k.relate([declined], [declines]);

    // The gap map counts the dashboard's referrals again: by area (the same fold) and by reason.
    if (o.gapMap) {
      const gapReferred = columnTotal.get('gap_reason|referred');
      if (gapReferred && hasFunnel) k.relate([funnel('referred')], [gapReferred]);
      for (const row of o.gapMap.demandByReason.rows) {
        const local = localKey(row.key);
        if (!o.dashboard.equity.area.rows.some((r) => r.key === row.key)) continue;
        k.relate(
          [cellName(`gap_reason|${row.key}|referred`, local)],
          [cellName(`area|${row.key}|#total`, local)],
        );
      }
      // 'other' gathers hand-typed reasons: the dashboard counts each, the gap map each case.
      for (const reason of o.gapMap.demandByReason.columns.slice(1)) {
        if (reason === 'other') continue;
        const byReason = columnTotal.get(`gap_reason|${reason}`);
        if (byReason && o.dashboard.referralsByReason.rows.some((r) => r.key === reason)) {
          k.relate([byReason], [cellName(`reason|${reason}|referrals`, false)]);
        }
      }
    }

    // Outcomes: the number of pairs and the improved / same / worsened counts.
    const outcomeProtection = o.outcomes.protection ?? null;
    for (const item of o.outcomes.items) {
      const key = `${item.instrumentId}.${item.scale}`;
      const n = `outcomes|${key}|n`;
      const name = cellName(n, false);
      figures += 1;
      if (item.n !== null) {
        k.claim(name, claimOf({ value: item.n, suppression: null }, outcomeProtection));
        if (outcomeProtection) k.claim(name, { lo: outcomeProtection.pairsAtLeast, hi: Infinity });
      } else if (!outcomeProtection) {
        k.claim(name, { lo: 0, hi: 4 });
      } else {
        k.variable(name);
      }
      const list = byCell.get(n) ?? [];
      list.push({ population: o.population, name });
      byCell.set(n, list);
      if (item.shares) {
        const parts = (['improved', 'same', 'worsened'] as const).map((part) =>
          publish(
            `outcomes|${key}|${part}`,
            item.shares?.[part] ?? { value: null, suppression: null },
          ),
        );
        k.relate([name], parts);
      }
      // Attrition: baselines are the pairs and those lost.
      if (item.attrition) {
        const baselines = publish(`outcomes|${key}|baselines`, item.attrition.baselines);
        const lost = publish(`outcomes|${key}|lost`, item.attrition.lost);
        k.claim(name, claimOf(item.attrition.pairs, outcomeProtection));
        figures += 1;
        k.relate([baselines], [name, lost]);
      }
    }
    // A headline share and its Wilson interval, to two decimals: every (improved, n) that
    // gives all three narrows both counts.
    for (const headline of o.outcomes.headlines ?? []) {
      const { share, ci95 } = headline;
      if (headline.suppressed || share === null || ci95 === null || headline.n === null) continue;
      const key = `${headline.instrumentId}.${headline.scale}`;
      const n = claimOf({ value: headline.n, suppression: null }, outcomeProtection);
      const fits = { n: { lo: Infinity, hi: -Infinity }, k: { lo: Infinity, hi: -Infinity } };
      for (let total = Math.max(1, n.lo); total <= n.hi; total += 1) {
        const from = Math.max(0, Math.floor((share - 0.006) * total));
        const to = Math.min(total, Math.ceil((share + 0.006) * total));
        for (let improved = from; improved <= to; improved += 1) {
          const p = wilsonProportion(improved, total);
          const same =
            roundTo(p.share, 2) === share &&
            roundTo(p.ci95[0], 2) === ci95[0] &&
            roundTo(p.ci95[1], 2) === ci95[1];
          if (!same) continue;
          fits.n = { lo: Math.min(fits.n.lo, total), hi: Math.max(fits.n.hi, total) };
          fits.k = { lo: Math.min(fits.k.lo, improved), hi: Math.max(fits.k.hi, improved) };
        }
      }
      figures += 1;
      k.claim(cellName(`outcomes|${key}|n`, false), fits.n);
      k.claim(publish(`outcomes|${key}|improved`, { value: null, suppression: 'overlap' }), fits.k);
    }

    // Breakdowns of the change: each group's pairs, which add up to the scale's pairs (the
    // 'others' of areas adds up the areas not listed, which have fewer than 10 pairs).
    for (const breakdown of o.groups ?? []) {
      const groupProtection = breakdown.protection ?? null;
      const keys = new Set(breakdown.groups.map((g) => g.key));
      const seen = knownGroupKeys.get(breakdown.dimension) ?? new Set<string>();
      const absent = [...seen].filter((key) => !keys.has(key));
      const cellsOf = new Map<string, string[]>();
      for (const group of breakdown.groups) {
        for (const cell of group.cells) {
          const scale = `${cell.instrumentId}.${cell.scale}`;
          const local = group.key === 'others';
          const n = `groups|${breakdown.dimension}|${group.key}|${scale}|n`;
          const name = cellName(n, local);
          figures += 1;
          if (cell.n !== null) {
            k.claim(name, claimOf({ value: cell.n, suppression: null }, groupProtection));
            if (groupProtection) k.claim(name, { lo: groupProtection.pairsAtLeast, hi: Infinity });
          } else {
            k.variable(name);
          }
          if (!local) {
            const list = byCell.get(n) ?? [];
            list.push({ population: o.population, name });
            byCell.set(n, list);
          }
          cellsOf.set(scale, [...(cellsOf.get(scale) ?? []), name]);
        }
      }
      for (const [scale, names] of cellsOf) {
        const absentNames = absent.map((key) => {
          const n = `groups|${breakdown.dimension}|${key}|${scale}|n`;
          const name = cellName(n, false);
          k.claim(name, { lo: 0, hi: (groupProtection?.pairsAtLeast ?? 10) - 1 });
          const list = byCell.get(n) ?? [];
          list.push({ population: o.population, name });
          byCell.set(n, list);
          return name;
        });
        if (keys.has('others')) {
          k.relate(
            [cellName(`groups|${breakdown.dimension}|others|${scale}|n`, true)],
            [...absentNames, cellName(`groups|${breakdown.dimension}|#unseen|${scale}|n`, true)],
          );
        }
        if (partitions.includes(breakdown.dimension)) {
          k.relate([cellName(`outcomes|${scale}|n`, false)], names);
        }
      }
    }
  });

  // Between answers: nested populations differ by a population of their own, and a
  // population made of smaller published ones is their sum. Which populations nest is
  // worked out once, then applied to every cell.
  const links = linksBetween(observations.map((o) => o.population));
  for (const [cell, list] of byCell) {
    const nameOf = new Map(list.map((f) => [populationKey(f.population), f.name]));
    for (const link of links.differences) {
      const outer = nameOf.get(link.outer);
      const inner = nameOf.get(link.inner);
      if (outer && inner) k.relate([outer], [inner, `${cell}#${link.rest}`]);
    }
    for (const tiling of links.tilings) {
      const outer = nameOf.get(tiling.outer);
      const tiles = tiling.tiles.map((tile) => nameOf.get(tile));
      if (outer && tiles.every((tile) => tile !== undefined)) {
        k.relate(
          [outer],
          tiles.filter((tile): tile is string => tile !== undefined),
        );
      }
    }
  }
  k.propagate();

  // The outcome statistics of two nested answers: the pairs between them, and their sums.
  const scoreRecoveries: string[] = [];
  const itemsOf = observations.map((o) => ({
    o,
    items: new Map(o.outcomes.items.map((item) => [`${item.instrumentId}.${item.scale}`, item])),
  }));
  for (const outer of itemsOf) {
    for (const inner of itemsOf) {
      if (outer === inner || !nestedOnOneAxis(outer.o.population, inner.o.population)) continue;
      for (const [key, x] of outer.items) {
        const y = inner.items.get(key);
        if (!y || x.n === null || y.n === null) continue;
        const rest = difference(outer.o.population, inner.o.population);
        const decimals = outer.o.outcomes.protection?.decimals;
        const half = decimals === undefined ? 1e-9 : 0.5 * 10 ** -decimals;
        const pairsAtLeast = outer.o.outcomes.protection?.pairsAtLeast ?? 10;
        // The pairs' scores before and after, and the baseline scores of those lost.
        const groups = [
          { count: 'n', side: 'before', mx: x.meanBefore, my: y.meanBefore },
          { count: 'n', side: 'after', mx: x.meanAfter, my: y.meanAfter },
          {
            count: 'lost',
            side: 'lost baseline',
            mx: x.attrition?.comparison?.lostMean ?? null,
            my: y.attrition?.comparison?.lostMean ?? null,
          },
        ];
        for (const { count, side, mx, my } of groups) {
          if (mx === null || my === null) continue;
          const n = k.interval(`outcomes|${key}|${count}#${populationKey(rest)}`);
          if (!n || n.lo !== n.hi || n.lo < 1 || n.lo >= pairsAtLeast) continue;
          const nx = k.interval(`outcomes|${key}|${count}#${populationKey(outer.o.population)}`);
          const ny = k.interval(`outcomes|${key}|${count}#${populationKey(inner.o.population)}`);
          if (!nx || !ny) continue;
          const sx = productRange(nx, mx, half);
          const sy = productRange(ny, my, half);
          const lo = sx.lo - sy.hi;
          const hi = sx.hi - sy.lo;
          if (Math.floor(hi) === Math.ceil(lo)) {
            scoreRecoveries.push(
              `${key} ${side}: ${n.lo} of ${populationKey(rest)} sum to ${Math.ceil(lo)}`,
            );
          }
        }
      }
    }
  }
  scoreRecoveries.push(...groupScoreRecoveries(observations, k));
  return { knowledge: k, figures, scoreRecoveries };
}

function productRange(n: Interval, mean: number, half: number): Interval {
  const values = [
    n.lo * (mean - half),
    n.lo * (mean + half),
    n.hi * (mean - half),
    n.hi * (mean + half),
  ];
  return { lo: Math.min(...values), hi: Math.max(...values) };
}

function contains(outer: Population, inner: Population): boolean {
  const sites = new Set(outer.sites);
  const times = new Set(outer.times);
  const within = inner.sites.every((s) => sites.has(s)) && inner.times.every((t) => times.has(t));
  return (
    within && (inner.sites.length < outer.sites.length || inner.times.length < outer.times.length)
  );
}

function nestedOnOneAxis(outer: Population, inner: Population): boolean {
  const shared =
    keyOf(outer.sites) === keyOf(inner.sites) || keyOf(outer.times) === keyOf(inner.times);
  return shared && contains(outer, inner);
}

/** Outer minus inner when they share their sites or their times (the only differences used). */
function difference(outer: Population, inner: Population): Population {
  if (keyOf(outer.sites) === keyOf(inner.sites)) {
    return { sites: outer.sites, times: outer.times.filter((t) => !inner.times.includes(t)) };
  }
  return { sites: outer.sites.filter((s) => !inner.sites.includes(s)), times: outer.times };
}

type Links = {
  differences: { outer: string; inner: string; rest: string }[];
  tilings: { outer: string; tiles: string[] }[];
};

/**
 * For every two populations nested along one axis (same sites, fewer times; or same
 * times, fewer sites), the population between them; and every way smaller populations of
 * one size tile a larger one exactly. Where an axis holds many populations (free dates),
 * only each one's nearest larger ones are paired, which keeps windows a day apart.
 */
function linksBetween(all: Population[]): Links {
  const distinct = new Map<string, Population>();
  for (const p of all) distinct.set(populationKey(p), p);
  const populations = [...distinct.entries()].map(([key, p]) => ({
    key,
    p,
    sites: new Set(p.sites),
    times: new Set(p.times),
    siteKey: keyOf(p.sites),
    timeKey: keyOf(p.times),
  }));
  type Entry = (typeof populations)[number];
  const groups = (by: 'siteKey' | 'timeKey'): Entry[][] => {
    const map = new Map<string, Entry[]>();
    for (const entry of populations) map.set(entry[by], [...(map.get(entry[by]) ?? []), entry]);
    return [...map.values()].filter((group) => group.length > 1);
  };
  const within = (outer: Entry, inner: Entry, axis: 'sites' | 'times'): boolean =>
    inner[axis].size < outer[axis].size && [...inner[axis]].every((x) => outer[axis].has(x));
  const links: Links = { differences: [], tilings: [] };
  for (const [by, axis] of [
    ['siteKey', 'times'],
    ['timeKey', 'sites'],
  ] as const) {
    for (const group of groups(by)) {
      for (const outer of group) {
        const inner = group.filter((entry) => within(outer, entry, axis));
        const largest = Math.max(0, ...inner.map((f) => f[axis].size));
        const chosen = group.length <= 40 ? inner : inner.filter((f) => f[axis].size === largest);
        for (const f of chosen) {
          const rest: Population =
            axis === 'times'
              ? { sites: outer.p.sites, times: outer.p.times.filter((x) => !f.times.has(x)) }
              : { sites: outer.p.sites.filter((x) => !f.sites.has(x)), times: outer.p.times };
          links.differences.push({ outer: outer.key, inner: f.key, rest: populationKey(rest) });
        }
        const sizes = new Set(inner.map((f) => f[axis].size));
        for (const size of sizes) {
          const tiles = inner.filter((f) => f[axis].size === size);
          const covered = tiles.flatMap((f) => [...f[axis]]);
          if (new Set(covered).size === covered.length && covered.length === outer[axis].size) {
            links.tilings.push({ outer: outer.key, tiles: tiles.map((f) => f.key) });
          }
        }
      }
    }
  }
  return links;
}

/**
 * The breakdowns' scores: a group of two nested answers less the same group of the inner
 * one, and within one answer a scale's pairs less its shown groups (the hidden ones
 * together). Recovered when the people between are pinned to 1 to 9 and their score sum
 * to one whole number.
 */
function groupScoreRecoveries(observations: Observation[], k: Knowledge): string[] {
  const found: string[] = [];
  type Cell = { n: number | null; meanBefore: number | null; meanAfter: number | null };
  const tryPair = (what: string, rest: Interval | null, sums: [Interval, Interval][]): void => {
    if (!rest || rest.lo !== rest.hi || rest.lo < 1 || rest.lo >= 10) return;
    for (const [x, y] of sums) {
      const lo = x.lo - y.hi;
      const hi = x.hi - y.lo;
      if (Math.floor(hi) === Math.ceil(lo))
        found.push(`${what}: ${rest.lo} sum to ${Math.ceil(lo)}`);
    }
  };
  const half = (o: Observation): number => 0.5 * 10 ** -(o.outcomes.protection?.decimals ?? 1);
  const sumsOf = (n: Interval, cell: Cell, h: number): Interval[] =>
    [cell.meanBefore, cell.meanAfter].flatMap((m) => (m === null ? [] : [productRange(n, m, h)]));
  for (const o of observations) {
    const pop = populationKey(o.population);
    for (const breakdown of o.groups ?? []) {
      if (!partitions.includes(breakdown.dimension)) continue;
      for (const item of o.outcomes.items) {
        const scale = `${item.instrumentId}.${item.scale}`;
        const total = k.interval(`outcomes|${scale}|n#${pop}`);
        if (!total || item.n === null) continue;
        let shown: Interval = { lo: 0, hi: 0 };
        const sides = ['meanBefore', 'meanAfter'] as const;
        const added = sides.map((): Interval | null => ({ lo: 0, hi: 0 }));
        for (const group of breakdown.groups) {
          const cell = group.cells.find((c) => `${c.instrumentId}.${c.scale}` === scale);
          if (!cell || cell.n === null) continue;
          const n =
            group.key === 'others'
              ? null
              : k.interval(`groups|${breakdown.dimension}|${group.key}|${scale}|n#${pop}`);
          const interval = n ?? { lo: cell.n - 2, hi: cell.n + 2 };
          shown = { lo: shown.lo + interval.lo, hi: shown.hi + interval.hi };
          sides.forEach((side, i) => {
            const mean = cell[side];
            const sum = added[i];
            const part = mean === null ? null : productRange(interval, mean, half(o));
            added[i] = sum && part ? { lo: sum.lo + part.lo, hi: sum.hi + part.hi } : null;
          });
        }
        const rest = { lo: total.lo - shown.hi, hi: total.hi - shown.lo };
        const pairs = sides.flatMap((side, i): [Interval, Interval][] => {
          const mean = item[side];
          const sum = added[i];
          return mean === null || !sum ? [] : [[productRange(total, mean, half(o)), sum]];
        });
        tryPair(`${scale} ${breakdown.dimension} hidden of ${pop}`, rest, pairs);
      }
    }
  }
  for (const outer of observations) {
    for (const inner of observations) {
      if (outer === inner || !nestedOnOneAxis(outer.population, inner.population)) continue;
      const rest = populationKey(difference(outer.population, inner.population));
      for (const x of outer.groups ?? []) {
        const y = inner.groups?.find((g) => g.dimension === x.dimension);
        if (!y) continue;
        for (const group of x.groups) {
          if (group.key === 'others') continue;
          const other = y.groups.find((g) => g.key === group.key);
          if (!other) continue;
          for (const cx of group.cells) {
            const cy = other.cells.find(
              (c) => c.instrumentId === cx.instrumentId && c.scale === cx.scale,
            );
            if (!cy || cx.n === null || cy.n === null) continue;
            const name = (pop: string): string =>
              `groups|${x.dimension}|${group.key}|${cx.instrumentId}.${cx.scale}|n#${pop}`;
            const nx = k.interval(name(populationKey(outer.population)));
            const ny = k.interval(name(populationKey(inner.population)));
            if (!nx || !ny) continue;
            const sx = sumsOf(nx, cx, half(outer));
            const sy = sumsOf(ny, cy, half(inner));
            tryPair(
              `${x.dimension} ${group.key} ${cx.instrumentId}.${cx.scale} of ${rest}`,
              k.interval(name(rest)),
              sx.map((s, i): [Interval, Interval] => [s, sy[i] ?? s]),
            );
          }
        }
      }
    }
  }
  return found;
}
