import type { Locale } from '../../../shared/locale';
import type {
  InstrumentChange,
  OutcomeGroupCell,
  OutcomeGroupDimension,
  OutcomeGroups,
  OutcomesReport,
  ReportCount,
} from '../../../shared/contracts/reports';
import type enWeb from '../../../shared/locales/en/web.json';
import type { Translate, WebKey } from '../../i18n';
import { rowName } from '../../../shared/report-notation';
import { rowKindOfDimension } from './report-row-names';
import type { SheetTable, TableCell } from './table-downloads';

/** One table of the outcomes page, as a sheet of the spreadsheet or a CSV file. */
export type OutcomeTable = SheetTable & {
  key: 'about' | 'headlines' | 'change' | 'timepoints' | 'attrition' | OutcomeGroupDimension;
};

/** The columns' names, one per key of reports.download.columns in the locale files. */
type ColumnKey = keyof (typeof enWeb)['reports']['download']['columns'];

/** A share (0 to 1, two decimals) as the whole percent the page shows. */
const percent = (share: number | null | undefined): number | null =>
  share === null || share === undefined ? null : Math.round(share * 100);
const count = (figure: ReportCount): number | null => figure.value;

/**
 * The outcomes page's tables, figure for figure: what the page shows, with numbers as
 * numbers (a spreadsheet or R reads them), intervals in two columns, a hidden figure empty,
 * and words in the reader's language. Groups come one table per dimension.
 */
export function outcomeTables(
  t: Translate,
  locale: Locale,
  report: OutcomesReport,
  groups: OutcomeGroups[],
): OutcomeTable[] {
  const column = (key: ColumnKey): string => t(`reports.download.columns.${key}`);
  const columns = (...keys: ColumnKey[]): string[] => keys.map(column);
  const measure = (item: { instrumentId: string; scale: string }): string =>
    report.items.find((i) => i.instrumentId === item.instrumentId && i.scale === item.scale)?.label[
      locale
    ] ?? `${item.instrumentId}.${item.scale}`;
  const sheet = (key: 'about' | 'headlines' | 'change' | 'timepoints' | 'attrition'): string =>
    t(`reports.download.sheets.${key}`);

  const { scope } = report;
  const about: OutcomeTable = {
    key: 'about',
    name: sheet('about'),
    columns: columns('item', 'value'),
    rows: [
      [column('scope'), scope.name ?? t('reports.scopeProgramme')],
      [column('period'), scope.period],
      [column('from'), scope.from],
      [column('to'), scope.to],
      [column('asOf'), scope.asOf],
      [column('window'), t(`reports.window.${report.window}`)],
      [column('protection'), `${t('reports.download.blank')} ${t('reports.footnote')}`],
    ],
  };

  const headlines: OutcomeTable = {
    key: 'headlines',
    name: sheet('headlines'),
    columns: columns(
      'figure',
      'measure',
      'sharePct',
      'ciLowPct',
      'ciHighPct',
      'n',
      'definition',
      'source',
    ),
    rows: report.headlines.map((headline) => [
      t(`reports.headlines.keys.${headline.key}`),
      measure(headline),
      percent(headline.share),
      percent(headline.ci95?.[0]),
      percent(headline.ci95?.[1]),
      headline.n,
      headline.definition[locale],
      headline.source,
    ]),
  };

  return [
    about,
    headlines,
    changeTable(t, locale, report.items, sheet('change'), columns),
    timepointTable(t, report, sheet('timepoints'), measure, columns),
    attritionTable(t, locale, report.items, sheet('attrition'), columns),
    ...groups.map((table) => groupTable(t, locale, table, measure, columns)),
  ];
}

type Columns = (...keys: ColumnKey[]) => string[];

/** The change on each measure: the page's main table, with its improved, same and worse. */
function changeTable(
  t: Translate,
  locale: Locale,
  items: InstrumentChange[],
  name: string,
  columns: Columns,
): OutcomeTable {
  return {
    key: 'change',
    name,
    columns: columns(
      'measure',
      'direction',
      'n',
      'meanBefore',
      'sdBefore',
      'meanAfter',
      'sdAfter',
      'change',
      'ciLow',
      'ciHigh',
      'pT',
      'pWilcoxon',
      'cohenDz',
      'wilcoxonR',
      'improved',
      'improvedPct',
      'same',
      'samePct',
      'worsened',
      'worsenedPct',
      'note',
    ),
    rows: items.map((item) => {
      const shares = item.shares;
      return [
        item.label[locale],
        item.direction === 'lower_is_better'
          ? t('reports.outcomes.lowerIsBetter')
          : t('reports.outcomes.higherIsBetter'),
        item.n,
        item.meanBefore,
        item.sdBefore,
        item.meanAfter,
        item.sdAfter,
        item.meanChange,
        item.ci95?.[0] ?? null,
        item.ci95?.[1] ?? null,
        item.tTest?.pValue ?? null,
        item.wilcoxon?.pValue ?? null,
        item.effectSize.cohenDz,
        item.effectSize.wilcoxonR,
        shares ? count(shares.improved) : null,
        percent(shares?.improvedShare),
        shares ? count(shares.same) : null,
        percent(shares?.sameShare),
        shares ? count(shares.worsened) : null,
        percent(shares?.worsenedShare),
        item.suppressed ? t('reports.outcomes.suppressed') : null,
      ];
    }),
  };
}

/** A group's or timepoint's change on one measure, from the measure's name to the note. */
function changeCellRow(
  t: Translate,
  cell: OutcomeGroupCell,
  measure: (cell: { instrumentId: string; scale: string }) => string,
): TableCell[] {
  return [
    measure(cell),
    cell.n,
    cell.meanBefore,
    cell.meanAfter,
    cell.meanChange,
    cell.ci95?.[0] ?? null,
    cell.ci95?.[1] ?? null,
    cell.suppressed ? t('reports.outcomeGroups.notShown') : null,
  ];
}

/** The change at each follow-up timepoint apart: a row per timepoint and measure. */
function timepointTable(
  t: Translate,
  report: OutcomesReport,
  name: string,
  measure: (cell: { instrumentId: string; scale: string }) => string,
  columns: Columns,
): OutcomeTable {
  return {
    key: 'timepoints',
    name,
    columns: columns(
      'timepoint',
      'measure',
      'n',
      'meanBefore',
      'meanAfter',
      'change',
      'ciLow',
      'ciHigh',
      'note',
    ),
    rows: report.timepoints.flatMap((row) =>
      row.cells.map((cell) => [
        t(`outcomes.timepoints.${row.timepoint}`),
        ...changeCellRow(t, cell, measure),
      ]),
    ),
  };
}

function attritionTable(
  t: Translate,
  locale: Locale,
  items: InstrumentChange[],
  name: string,
  columns: Columns,
): OutcomeTable {
  return {
    key: 'attrition',
    name,
    columns: columns(
      'measure',
      'baselines',
      'pairs',
      'lost',
      'lostPct',
      'lostMean',
      'lostSd',
      'completedMean',
      'completedSd',
      'difference',
      'differenceCiLow',
      'differenceCiHigh',
      'pWelch',
      'note',
    ),
    rows: items.map(({ label, attrition }) => {
      const comparison = attrition.comparison;
      return [
        label[locale],
        count(attrition.baselines),
        count(attrition.pairs),
        count(attrition.lost),
        percent(attrition.lostShare),
        comparison?.lostMean ?? null,
        comparison?.lostSd ?? null,
        comparison?.completedMean ?? null,
        comparison?.completedSd ?? null,
        comparison?.difference ?? null,
        comparison?.ci95?.[0] ?? null,
        comparison?.ci95?.[1] ?? null,
        comparison?.pValue ?? null,
        comparison ? null : t('reports.attrition.noComparison'),
      ];
    }),
  };
}

/** One dimension's groups: a row per group and measure, in the page's order. */
function groupTable(
  t: Translate,
  locale: Locale,
  table: OutcomeGroups,
  measure: (cell: { instrumentId: string; scale: string }) => string,
  columns: Columns,
): OutcomeTable {
  const dimension = t(`reports.outcomeGroups.dimensions.${table.dimension}` as WebKey);
  return {
    key: table.dimension,
    name: t('reports.download.sheets.group', { group: dimension }),
    columns: columns(
      'group',
      'measure',
      'n',
      'meanBefore',
      'meanAfter',
      'change',
      'ciLow',
      'ciHigh',
      'note',
    ),
    rows: table.groups.flatMap((group) =>
      group.cells.map((cell) => [
        rowName(t, locale, rowKindOfDimension[table.dimension], group),
        ...changeCellRow(t, cell, measure),
      ]),
    ),
  };
}

/**
 * The CSV file: one row per measure, the change table's columns then the attrition's, so
 * that a script reads every figure of a measure on one line. Notes stay in the spreadsheet.
 */
export function measureTable(tables: OutcomeTable[]): OutcomeTable {
  const change = tables.find((table) => table.key === 'change');
  const attrition = tables.find((table) => table.key === 'attrition');
  const timepoints = tables.find((table) => table.key === 'timepoints');
  if (!change || !attrition || !timepoints)
    throw new Error('the outcome tables lack change, timepoints or attrition');
  const withoutNote = (cells: TableCell[] | string[]): TableCell[] => cells.slice(0, -1);
  // The timepoints' rows come timepoint by timepoint, each with every measure in order: on
  // a measure's line, each timepoint's n, change and interval, its name before the column's.
  const perMeasure = change.rows.length;
  const count = perMeasure === 0 ? 0 : timepoints.rows.length / perMeasure;
  const timepointColumns = Array.from({ length: count }, (_, k) => {
    const label = String(timepoints.rows[k * perMeasure]?.[0] ?? '');
    return [2, 5, 6, 7].map((c) => `${label}: ${String(timepoints.columns[c])}`);
  }).flat();
  return {
    key: 'change',
    name: change.name,
    columns: [
      ...withoutNote(change.columns),
      ...withoutNote(attrition.columns).slice(1),
      ...timepointColumns,
    ].map(String),
    rows: change.rows.map((row, index) => [
      ...withoutNote(row),
      ...withoutNote(attrition.rows[index] ?? []).slice(1),
      ...Array.from({ length: count }, (_, k) => {
        const cells = timepoints.rows[k * perMeasure + index] ?? [];
        return [2, 5, 6, 7].map((c) => cells[c] ?? null);
      }).flat(),
    ]),
  };
}
