import type { Locale } from '../../../shared/locale';
import type { CountTable, OutcomeGroupDimension } from '../../../shared/contracts/reports';
import type { Translate, WebKey } from '../../i18n';
import type { ChartBar } from './report-charts';
import { countText } from './report-notation';

export type RowKind =
  | 'stage'
  | 'source'
  | 'reason'
  | 'site'
  | 'month'
  | 'category'
  | 'partner'
  | 'declineReason'
  | 'dischargeReason'
  | 'caseload'
  | 'ageBand'
  | 'sex'
  | 'language'
  | 'area'
  | 'need'
  | 'ending';

/** How the rows of each breakdown of the change on a measure are named. */
export const rowKindOfDimension: Record<OutcomeGroupDimension, RowKind> = {
  age_band: 'ageBand',
  sex: 'sex',
  language: 'language',
  area: 'area',
  reason: 'reason',
  site: 'site',
};

const groupKeys: Partial<Record<RowKind, string>> = {
  stage: 'reports.stages',
  source: 'reports.sources',
  reason: 'reports.reasons',
  category: 'reports.categories',
  declineReason: 'reports.declineReasons',
  dischargeReason: 'reports.dischargeReasons',
  ageBand: 'reports.ageBands',
  sex: 'reports.sexes',
  language: 'reports.languages',
  need: 'plans.needDomains',
};

/** A month of the reports (2026-07) in words: "July 2026", "juillet 2026"; short: "Jul 2026". */
export function monthName(
  month: string,
  locale: Locale,
  length: 'long' | 'short' = 'long',
): string {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match) return month;
  return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-CA' : 'en-CA', {
    month: length,
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1)));
}

/** The words for a row of a table: the server's label, a translated code, or the key itself. */
export function rowName(
  t: Translate,
  locale: Locale,
  kind: RowKind,
  row: { key: string; label: string | null },
): string {
  if (row.label) return row.label;
  if (kind === 'month') return monthName(row.key, locale);
  // Areas, partners and link workers under the threshold, added up (reports-presenter.ts).
  if (row.key === 'others' && (kind === 'area' || kind === 'partner' || kind === 'caseload')) {
    return t('reports.others');
  }
  if (kind === 'caseload') {
    if (row.key === 'unassigned') return t('reports.unassigned');
    const number = /^link_worker_(\d+)$/.exec(row.key)?.[1];
    return number ? t('reports.linkWorker', { number }) : row.key;
  }
  if (kind === 'partner' && row.key === 'none') return t('reports.noPartner');
  if (row.key === 'unknown') return t('reports.unknown');
  if (kind === 'ending') {
    // declined.full, stopped.cost...: who ended it, and why (the gap map).
    const [status = '', reason = ''] = row.key.split('.');
    return t('reports.gapMap.ending', {
      status: t(`reports.gapMap.endingStatus.${status}` as WebKey),
      reason: t(`connections.reasons.${reason}` as WebKey),
    });
  }
  const group = groupKeys[kind];
  // Keys are codes of the contract's fixed lists; the locale files hold a label for each.
  return group ? t(`${group}.${row.key}` as WebKey) : row.key;
}

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
