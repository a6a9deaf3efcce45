import type { Locale } from '../../../shared/locale';
import type { CountTable, OutcomeGroupDimension } from '../../../shared/contracts/reports';
import { type RowKind, countText, rowName } from '../../../shared/report-notation';
import type { Translate } from '../../i18n';
import type { ChartBar } from './report-charts';

/** How the rows of each breakdown of the change on a measure are named. */
export const rowKindOfDimension: Record<OutcomeGroupDimension, RowKind> = {
  age_band: 'ageBand',
  sex: 'sex',
  language: 'language',
  area: 'area',
  reason: 'reason',
  site: 'site',
};

/** A one-column table's rows as a chart's bars or points, hidden ones written as the table writes them. */
export function barsOf(t: Translate, locale: Locale, table: CountTable, kind: RowKind): ChartBar[] {
  return table.rows.map((row) => {
    const count = row.cells[0] ?? null;
    return {
      label: rowName(t, locale, kind, row),
      value: count?.value ?? null,
      text: countText(t, locale, count),
    };
  });
}
