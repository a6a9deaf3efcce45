import type { GapMap, GapNeedKind } from '../../../shared/contracts/gap-map';
import type { Locale } from '../../../shared/locale';
import type { CountTable } from '../../../shared/contracts/reports';
import type { Translate, WebKey } from '../../i18n';
import { type RowKind, rowName } from '../../../shared/report-notation';
import type { PageFiles, SheetTable, TableCell } from './table-downloads';

/** A need in words: a referral reason, or a "what matters" need domain. */
export function needName(t: Translate, kind: GapNeedKind, need: string): string {
  return kind === 'reason'
    ? t(`reports.reasons.${need}` as WebKey)
    : t(`plans.needDomains.${need}` as WebKey);
}

export function categoryNames(t: Translate, keys: readonly string[]): string {
  return keys.map((key) => t(`reports.categories.${key}` as WebKey)).join(', ');
}

/** The demand table a need's people are counted in. */
export function demandCount(map: GapMap, kind: GapNeedKind, area: string, need: string) {
  const table = kind === 'reason' ? map.demandByReason : map.demandByNeed;
  const column = table.columns.indexOf(need);
  return table.rows.find((row) => row.key === area)?.cells[column] ?? null;
}

/** The categories of the directory that answer a need in an area's supply. */
export function categoriesOf(map: GapMap, area: string, kind: GapNeedKind, need: string): string[] {
  return (
    map.areas.find((a) => a.key === area)?.supply.find((s) => s.kind === kind && s.need === need)
      ?.categories ?? []
  );
}

/** A count table as the page shows it: its rows, its columns, totals; a hidden figure empty. */
function countSheet(
  t: Translate,
  name: string,
  table: CountTable,
  rowNameOf: (key: string, label: string | null) => string,
  columnName: (column: string) => string,
): SheetTable {
  const withTotals = table.columns.length > 1 && table.rows.every((row) => row.total !== null);
  const rows: TableCell[][] = table.rows.map((row) => [
    rowNameOf(row.key, row.label),
    ...row.cells.map((cell) => cell?.value ?? null),
    ...(withTotals ? [row.total?.value ?? null] : []),
  ]);
  if (table.rows.length > 1) {
    rows.push([
      t('reports.total'),
      ...table.columnTotals.map((cell) => cell.value),
      ...(withTotals ? [table.grandTotal?.value ?? null] : []),
    ]);
  }
  return {
    name,
    columns: [
      t('reports.group'),
      ...table.columns.map(columnName),
      ...(withTotals ? [t('reports.total')] : []),
    ],
    rows,
  };
}

/**
 * The gap map's figures as files, as the page shows them: the unmet needs with why, each
 * area's needs against the services near it, and the demand and endings tables. Hidden
 * figures stay empty; the supply is the public directory.
 */
export function gapMapFiles(t: Translate, locale: Locale, map: GapMap): PageFiles {
  const column = (key: keyof typeof columnKeys): string => t(columnKeys[key]);
  const sheet = (key: keyof typeof sheetKeys): string => t(sheetKeys[key]);
  const rowOf =
    (kind: RowKind) =>
    (key: string, label: string | null): string =>
      rowName(t, locale, kind, { key, label });
  const area = rowOf('area');

  const gaps: SheetTable = {
    name: sheet('gaps'),
    columns: [column('area'), column('need'), column('kind'), column('referred'), column('why')],
    rows: map.gaps.map((gap) => [
      area(gap.area, null),
      needName(t, gap.kind, gap.need),
      t(`reports.gapMap.kind.${gap.kind}`),
      gap.demand,
      t(`reports.gapMap.why.${gap.why}`, {
        km: map.distanceKm,
        categories: categoryNames(t, categoriesOf(map, gap.area, gap.kind, gap.need)),
        full: gap.full,
        waitlist: gap.waitlist,
      }),
    ]),
  };
  const supply: SheetTable = {
    name: sheet('supply'),
    columns: [
      column('area'),
      column('need'),
      column('kind'),
      column('referred'),
      column('open'),
      column('waitlist'),
      column('full'),
      column('languages'),
      column('unmet'),
    ],
    rows: map.areas.flatMap((a) =>
      a.supply.map((s): TableCell[] => [
        area(a.key, null),
        needName(t, s.kind, s.need),
        t(`reports.gapMap.kind.${s.kind}`),
        demandCount(map, s.kind, a.key, s.need)?.value ?? null,
        s.open,
        s.waitlist,
        s.full,
        s.openLanguages.join(', ').toUpperCase(),
        map.gaps.some((g) => g.area === a.key && g.kind === s.kind && g.need === s.need)
          ? t('reports.gapMap.gapMark')
          : '',
      ]),
    ),
  };
  const reasonColumn = (key: string): string =>
    key === 'referred' ? t('reports.columns.referred') : rowOf('reason')(key, null);
  return {
    sheets: [
      gaps,
      supply,
      countSheet(t, sheet('demandByReason'), map.demandByReason, area, reasonColumn),
      countSheet(t, sheet('demandByNeed'), map.demandByNeed, area, (key) =>
        rowOf('need')(key, null),
      ),
      countSheet(t, sheet('endingsByReason'), map.endingsByReason, rowOf('reason'), (key) =>
        t(`reports.columns.${key}` as WebKey),
      ),
      countSheet(t, sheet('endingReasons'), map.endingReasons, rowOf('ending'), (key) =>
        t(`reports.columns.${key}` as WebKey),
      ),
    ],
    csv: supply,
  };
}

const sheetKeys = {
  gaps: 'reports.gapMap.download.sheets.gaps',
  supply: 'reports.gapMap.download.sheets.supply',
  demandByReason: 'reports.gapMap.download.sheets.demandByReason',
  demandByNeed: 'reports.gapMap.download.sheets.demandByNeed',
  endingsByReason: 'reports.gapMap.download.sheets.endingsByReason',
  endingReasons: 'reports.gapMap.download.sheets.endingReasons',
} as const satisfies Record<string, WebKey>;

const columnKeys = {
  area: 'reports.gapMap.download.columns.area',
  need: 'reports.gapMap.supplyColumns.need',
  kind: 'reports.gapMap.download.columns.kind',
  referred: 'reports.gapMap.supplyColumns.referred',
  why: 'reports.gapMap.download.columns.why',
  open: 'reports.gapMap.supplyColumns.open',
  waitlist: 'reports.gapMap.supplyColumns.waitlist',
  full: 'reports.gapMap.supplyColumns.full',
  languages: 'reports.gapMap.supplyColumns.languages',
  unmet: 'reports.gapMap.download.columns.unmet',
} as const satisfies Record<string, WebKey>;
