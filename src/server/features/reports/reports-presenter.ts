import type { CountTable, InstrumentChange, ReportCount } from '../../../shared/contracts/reports';
import type { InstrumentDefinition } from '../../../shared/instruments';
import type { PairedSummary } from '../../../shared/statistics/paired';
import { type SuppressedCount, suppressTable } from '../../../shared/statistics/suppression';

export type TableRowInput = { key: string; label: string | null; counts: number[] };

function presentCount(count: SuppressedCount): ReportCount {
  return { value: count.value, suppression: count.suppression };
}

const hiddenCount: ReportCount = { value: null, suppression: 'primary' };

/**
 * Turns raw counts into the contract's table after small-cell suppression (cells under 5
 * and whatever would reveal them by subtraction). Applied to every table for every role.
 */
export function presentCountTable(columns: string[], rows: TableRowInput[]): CountTable {
  if (rows.length === 0) {
    return {
      columns,
      rows: [],
      columnTotals: columns.map(() => ({ value: 0, suppression: null })),
      grandTotal: { value: 0, suppression: null },
    };
  }
  const table = suppressTable(rows.map((row) => row.counts));
  return {
    columns,
    rows: rows.map((row, index) => ({
      key: row.key,
      label: row.label,
      cells: (table.cells[index] ?? []).map(presentCount),
      total: presentCount(table.rowTotals[index] ?? { value: null, suppression: 'primary' }),
    })),
    columnTotals: table.columnTotals.map(presentCount),
    grandTotal: presentCount(table.grandTotal),
  };
}

const suppressedChange = (
  definition: Pick<InstrumentChange, 'instrumentId' | 'scale' | 'label' | 'direction' | 'range'>,
): InstrumentChange => ({
  ...definition,
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
});

/**
 * One instrument scale's change. Under 5 pairs the whole row is hidden; the improved /
 * same / worsened counts go through the same suppression as every other table.
 */
export function presentInstrumentChange(
  definition: InstrumentDefinition | undefined,
  instrumentId: string,
  scaleId: string,
  summary: PairedSummary,
): InstrumentChange {
  const scale = definition?.scales.find((s) => s.id === scaleId);
  const head = {
    instrumentId,
    scale: scaleId,
    label: {
      fr:
        definition && scale
          ? `${definition.title.fr} : ${scale.label.fr}`
          : `${instrumentId} ${scaleId}`,
      en:
        definition && scale
          ? `${definition.title.en}: ${scale.label.en}`
          : `${instrumentId} ${scaleId}`,
    },
    direction: scale?.change.direction ?? 'higher_is_better',
    range: scale ? { min: scale.range.min, max: scale.range.max } : null,
  };
  if (summary.n < 5) return suppressedChange(head);
  let shares: InstrumentChange['shares'] = null;
  if (summary.shares) {
    const counts = [
      summary.shares.improved.count,
      summary.shares.same.count,
      summary.shares.worsened.count,
    ];
    const [improved, same, worsened] = (suppressTable([counts]).cells[0] ?? []).map(presentCount);
    const shareOf = (count: ReportCount | undefined): number | null =>
      count?.value === null || count === undefined ? null : count.value / summary.n;
    shares = {
      improved: improved ?? hiddenCount,
      same: same ?? hiddenCount,
      worsened: worsened ?? hiddenCount,
      improvedShare: shareOf(improved),
      sameShare: shareOf(same),
      worsenedShare: shareOf(worsened),
    };
  }
  return {
    ...head,
    suppressed: false,
    n: summary.n,
    meanBefore: summary.meanBefore,
    sdBefore: summary.sdBefore,
    meanAfter: summary.meanAfter,
    sdAfter: summary.sdAfter,
    meanChange: summary.meanChange,
    ci95: summary.tTest?.ci95 ?? null,
    tTest: summary.tTest
      ? { t: summary.tTest.t, df: summary.tTest.df, pValue: summary.tTest.pValue }
      : null,
    wilcoxon: summary.wilcoxon
      ? {
          v: summary.wilcoxon.v,
          pValue: summary.wilcoxon.pValue,
          method: summary.wilcoxon.method,
        }
      : null,
    effectSize: summary.effectSize,
    shares,
  };
}
