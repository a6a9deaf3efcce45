import type {
  Attrition,
  CountTable,
  HeadlineFigure,
  InstrumentChange,
  OutcomeGroupCell,
  ReportCount,
} from '../../../shared/contracts/reports';
import type { InstrumentDefinition } from '../../../shared/instruments';
import { protectCount, protection, roundTo } from '../../../shared/statistics/disclosure';
import type { ChangeMeans, PairedSummary } from '../../../shared/statistics/paired';
import { wilsonProportion } from '../../../shared/statistics/proportion';
import { type Counted, groupSummary, welchTest } from '../../../shared/statistics/two-sample';
import { labelValue } from '../../../shared/typography';

export type TableRowInput = { key: string; label: string | null; counts: number[] };

/** The row a table of open-ended keys (areas, partners, link workers) adds its small ones to. */
export const othersKey = 'others';

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

/**
 * Turns true counts into the contract's table: every cell and every total rounded on its
 * own from the true sum (shared/statistics/disclosure.ts), for every role, or hidden when
 * small or when `overlapping` names it (the overlap rule, reports-service.ts). Only totals
 * that count people are given: column totals, and with `rowsSharePeople` (a row's cells
 * share its people out, as in the equity tables) row totals and the grand total. A sum
 * that counts no one would only add one more equation for an attacker to work with.
 */
export function presentCountTable(
  columns: string[],
  rows: TableRowInput[],
  rowsSharePeople = false,
  overlapping: (row: string, column: string) => boolean = () => false,
): CountTable {
  const columnSums = columns.map((_, c) => sum(rows.map((row) => row.counts[c] ?? 0)));
  const total = '#total';
  return {
    columns,
    rows: rows.map((row) => ({
      key: row.key,
      label: row.label,
      cells: columns.map((column, c) =>
        protectCount(row.counts[c] ?? 0, overlapping(row.key, column)),
      ),
      total: rowsSharePeople ? protectCount(sum(row.counts), overlapping(row.key, total)) : null,
    })),
    columnTotals: columnSums.map((count, c) =>
      protectCount(count, overlapping(total, columns[c] ?? '')),
    ),
    grandTotal:
      rowsSharePeople || columns.length === 1
        ? protectCount(sum(columnSums), overlapping(total, total))
        : null,
  };
}

/**
 * Rows for every code of a fixed list, whether or not anyone is in it, so that a row's
 * presence says nothing; a key outside the list (it should not happen) counts as 'other'
 * when the list has one.
 */
export function fixedRows(
  codes: readonly string[],
  rows: readonly TableRowInput[],
  width: number,
): TableRowInput[] {
  const byKey = new Map(codes.map((code) => [code, new Array<number>(width).fill(0)]));
  const extra: TableRowInput[] = [];
  for (const row of rows) {
    const target = byKey.get(row.key) ?? (codes.includes('other') ? byKey.get('other') : undefined);
    if (target) row.counts.forEach((count, c) => (target[c] = (target[c] ?? 0) + count));
    else extra.push(row);
  }
  return [
    ...codes.map((code) => ({ key: code, label: null, counts: byKey.get(code) ?? [] })),
    ...extra,
  ];
}

/**
 * Rows of open-ended keys: those whose first count reaches the threshold keep a row of
 * their own, the others are added up in one 'others' row that is always there. A row of
 * its own for a small key would tell that someone is there.
 */
export function foldedRows(rows: readonly TableRowInput[], width: number): TableRowInput[] {
  const others = new Array<number>(width).fill(0);
  const kept: TableRowInput[] = [];
  for (const row of rows) {
    if ((row.counts[0] ?? 0) >= protection.hiddenBelow) kept.push(row);
    else row.counts.forEach((count, c) => (others[c] = (others[c] ?? 0) + count));
  }
  return [...kept, { key: othersKey, label: null, counts: others }];
}

const decimals = protection.decimals;
const round = (value: number | null, places: number = decimals): number | null =>
  value === null ? null : roundTo(value, places);

type ChangeHead = Pick<
  InstrumentChange,
  'instrumentId' | 'scale' | 'label' | 'direction' | 'range'
>;

const suppressedChange = (head: ChangeHead, attrition: Attrition): InstrumentChange => ({
  ...head,
  suppressed: true,
  n: null,
  meanBefore: null,
  sdBefore: null,
  meanAfter: null,
  sdAfter: null,
  meanChange: null,
  ci95: null,
  tTest: null,
  wilcoxon: null,
  effectSize: { cohenDz: null, wilcoxonR: null },
  shares: null,
  attrition,
});

/**
 * One instrument scale's change, or nothing but its name when `shown` is false (under 10
 * pairs, or too close to another group: disclosure.ts). What is shown is rounded: n like a
 * count, means, spreads, changes and the interval to one decimal, t to one, effect sizes
 * to two and p-values to three; degrees of freedom and rank sums, which are n or
 * depend on it exactly, are left out. The improved / same / worsened counts are counts
 * like any other, and their shares are of the shown figures.
 */
export function presentInstrumentChange(
  definition: InstrumentDefinition | undefined,
  instrumentId: string,
  scaleId: string,
  summary: PairedSummary,
  shown: boolean,
  attrition: Attrition,
): InstrumentChange {
  const scale = definition?.scales.find((s) => s.id === scaleId);
  const head: ChangeHead = {
    instrumentId,
    scale: scaleId,
    label: {
      fr:
        definition && scale
          ? labelValue('fr', definition.title.fr, scale.label.fr)
          : `${instrumentId} ${scaleId}`,
      en:
        definition && scale
          ? labelValue('en', definition.title.en, scale.label.en)
          : `${instrumentId} ${scaleId}`,
    },
    direction: scale?.change.direction ?? 'higher_is_better',
    range: scale ? { min: scale.range.min, max: scale.range.max } : null,
  };
  if (!shown || summary.n < protection.pairsAtLeast) return suppressedChange(head, attrition);
  const n = protectCount(summary.n).value;
  let shares: InstrumentChange['shares'] = null;
  if (summary.shares) {
    const improved = protectCount(summary.shares.improved.count);
    const same = protectCount(summary.shares.same.count);
    const worsened = protectCount(summary.shares.worsened.count);
    const shareOf = (count: ReportCount): number | null =>
      count.value === null || !n ? null : roundTo(count.value / n, 2);
    shares = {
      improved,
      same,
      worsened,
      improvedShare: shareOf(improved),
      sameShare: shareOf(same),
      worsenedShare: shareOf(worsened),
    };
  }
  const ci = summary.tTest?.ci95;
  return {
    ...head,
    suppressed: false,
    n,
    meanBefore: round(summary.meanBefore),
    sdBefore: round(summary.sdBefore),
    meanAfter: round(summary.meanAfter),
    sdAfter: round(summary.sdAfter),
    meanChange: round(summary.meanChange),
    ci95: ci ? [roundTo(ci[0], decimals), roundTo(ci[1], decimals)] : null,
    tTest: summary.tTest
      ? { t: roundTo(summary.tTest.t, 1), pValue: roundTo(summary.tTest.pValue, 3) }
      : null,
    wilcoxon: summary.wilcoxon
      ? { pValue: roundTo(summary.wilcoxon.pValue, 3), method: summary.wilcoxon.method }
      : null,
    effectSize: {
      cohenDz: round(summary.effectSize.cohenDz, 2),
      wilcoxonR: round(summary.effectSize.wilcoxonR, 2),
    },
    shares: shares ?? null,
    attrition,
  };
}

/** The true figures of one scale's attrition, and which of them the overlap rule hides. */
export type AttritionInput = {
  /** Baseline scores of those with a pair, and of those without, as counts of values. */
  completed: Counted[];
  lost: Counted[];
  hidden: { baselines: boolean; pairs: boolean; lost: boolean };
};

/**
 * Baselines, pairs and lost as counts (rounded, small ones hidden, the overlap rule), the
 * share lost from the shown counts, and the baseline scores of the two groups side by side
 * from 10 people in each (rounded as the change statistics are).
 */
export function presentAttrition(input: AttritionInput): Attrition {
  const completed = groupSummary(input.completed);
  const lost = groupSummary(input.lost);
  const baselines = protectCount(completed.n + lost.n, input.hidden.baselines);
  const pairs = protectCount(completed.n, input.hidden.pairs);
  const lostCount = protectCount(lost.n, input.hidden.lost);
  const enough =
    completed.n >= protection.pairsAtLeast &&
    lost.n >= protection.pairsAtLeast &&
    !input.hidden.lost &&
    !input.hidden.pairs;
  const test = enough ? welchTest(lost, completed) : null;
  return {
    baselines,
    pairs,
    lost: lostCount,
    lostShare:
      baselines.value && lostCount.value !== null
        ? roundTo(lostCount.value / baselines.value, 2)
        : null,
    comparison:
      enough && lost.mean !== null && completed.mean !== null
        ? {
            lostMean: roundTo(lost.mean, decimals),
            lostSd: round(lost.sd),
            completedMean: roundTo(completed.mean, decimals),
            completedSd: round(completed.sd),
            difference: roundTo(lost.mean - completed.mean, decimals),
            ci95: test ? [roundTo(test.ci95[0], decimals), roundTo(test.ci95[1], decimals)] : null,
            pValue: test ? roundTo(test.pValue, 3) : null,
          }
        : null,
  };
}

/** A headline share and the scale it is read on. */
export type HeadlineSpec = { key: HeadlineFigure['key']; instrumentId: string; scale: string };

/** What counts as the improvement, in words, from the scale's change rule. */
function definitionOf(
  definition: InstrumentDefinition | undefined,
  scaleId: string,
): HeadlineFigure['definition'] {
  const scale = definition?.scales.find((s) => s.id === scaleId);
  if (!definition || !scale) return { fr: '', en: '' };
  const name = { fr: definition.title.fr, en: definition.title.en };
  const { rule, direction } = scale.change;
  if (rule.kind === 'band') {
    const bands = {
      fr: scale.bands.map((band) => band.label.fr).join(', '),
      en: scale.bands.map((band) => band.label.en).join(', '),
    };
    return {
      fr: `un passage à une tranche meilleure (${bands.fr}) sur ${name.fr}, ${scale.label.fr}`,
      en: `a move to a better band (${bands.en}) on ${name.en}, ${scale.label.en}`,
    };
  }
  const points = rule.minimalChange;
  const lower = direction === 'lower_is_better';
  return {
    fr: `une ${lower ? 'baisse' : 'hausse'} d’au moins ${points} point${points > 1 ? 's' : ''} sur ${name.fr}, ${scale.label.fr}`,
    en: `a ${lower ? 'fall' : 'rise'} of ${points} point${points > 1 ? 's' : ''} or more on ${name.en}, ${scale.label.en}`,
  };
}

/**
 * One headline share with its Wilson interval, from the true counts, in whole percent;
 * hidden with the scale's statistics (`shown`), when fewer than `hiddenBelow` people
 * improved or did not, or when the overlap rule hides either count (`overlapHidden`).
 */
export function presentHeadline(
  spec: HeadlineSpec,
  definition: InstrumentDefinition | undefined,
  summary: PairedSummary,
  shown: boolean,
  overlapHidden: boolean,
): HeadlineFigure {
  const scale = definition?.scales.find((s) => s.id === spec.scale);
  const head = {
    ...spec,
    definition: definitionOf(definition, spec.scale),
    source: scale?.change.source ?? '',
  };
  const improved = summary.shares?.improved.count ?? 0;
  const small = (count: number): boolean => count < protection.hiddenBelow;
  if (
    !shown ||
    overlapHidden ||
    summary.n < protection.pairsAtLeast ||
    small(improved) ||
    small(summary.n - improved)
  ) {
    return { ...head, suppressed: true, n: null, share: null, ci95: null };
  }
  const proportion = wilsonProportion(improved, summary.n);
  return {
    ...head,
    suppressed: false,
    n: protectCount(summary.n).value,
    share: roundTo(proportion.share, 2),
    ci95: [roundTo(proportion.ci95[0], 2), roundTo(proportion.ci95[1], 2)],
  };
}

/**
 * One scale's change within a group or at one timepoint: the pairs' means, change and
 * interval, or nothing (`suppressed`) under 10 pairs or when `shown` is false.
 */
export function presentChangeCell(
  scaleKey: string,
  change: ChangeMeans,
  shown: boolean,
): OutcomeGroupCell {
  const [instrumentId = '', scale = ''] = scaleKey.split('.');
  if (!shown || change.n < protection.pairsAtLeast) {
    return {
      instrumentId,
      scale,
      suppressed: true,
      n: null,
      meanBefore: null,
      meanAfter: null,
      meanChange: null,
      ci95: null,
    };
  }
  const round = (value: number | null): number | null =>
    value === null ? null : roundTo(value, protection.decimals);
  const ci = change.ci95;
  return {
    instrumentId,
    scale,
    suppressed: false,
    n: protectCount(change.n).value,
    meanBefore: round(change.meanBefore),
    meanAfter: round(change.meanAfter),
    meanChange: round(change.meanChange),
    ci95: ci ? [roundTo(ci[0], protection.decimals), roundTo(ci[1], protection.decimals)] : null,
  };
}
