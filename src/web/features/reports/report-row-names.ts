import type { CountTable } from '../../../shared/contracts/reports';
import type { Translate, WebKey } from '../../i18n';

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
  | 'area';

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
};

/** The words for a row of a table: the server's label, a translated code, or the key itself. */
export function rowName(
  t: Translate,
  kind: RowKind,
  row: { key: string; label: string | null },
): string {
  if (row.label) return row.label;
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
  const group = groupKeys[kind];
  // Keys are codes of the contract's fixed lists; the locale files hold a label for each.
  return group ? t(`${group}.${row.key}` as WebKey) : row.key;
}

export function barsOf(
  t: Translate,
  table: CountTable,
  kind: RowKind,
): { label: string; value: number | null }[] {
  return table.rows.map((row) => ({
    label: rowName(t, kind, row),
    value: row.cells[0]?.value ?? null,
  }));
}
