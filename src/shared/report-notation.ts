import type { CountTable, Dashboard, OutcomesReport, ReportCount } from './contracts/reports';
import type { Locale } from './locale';
import { decimal, intlLocale, percent, wholeNumber } from './typography';

/*
 * How a report's figures are written, on the page (web features/reports) and in its PDF
 * (server features/reports, report-pdf.ts) alike: one notation, so the two never differ.
 */

/** A translator of the web namespace: the web app's typed one, or the server's. */
export type ReportTranslate<K extends string> = (
  key: K,
  values?: Record<string, string | number>,
) => string;

/**
 * A count as a report writes it, in tables and charts alike: the rounded figure, or why it
 * is hidden in the notation the legend and the methods note explain ("<8": few people,
 * "x": the overlap rule), never a third way.
 */
export function countText(
  t: ReportTranslate<'reports.hidden' | 'reports.overlap'>,
  locale: Locale,
  count: ReportCount | null,
): string {
  if (!count) return '—';
  if (count.value !== null) return wholeNumber(locale, count.value);
  return count.suppression === 'overlap' ? t('reports.overlap') : t('reports.hidden');
}

/** Whether a table hides any figure: its footnote then says what "<8" and "x" mean. */
export function hasHidden(table: CountTable): boolean {
  const all = [
    ...table.rows.flatMap((row) => [...row.cells, row.total]),
    ...table.columnTotals,
    table.grandTotal,
  ];
  return all.some((count) => count !== null && count.value === null);
}

/** A p-value to three decimals, the smallest written as under 0.001 ('<0,001' in French). */
export function pValueText(locale: Locale, value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return value < 0.001 ? `<${decimal(locale, 0.001, 3)}` : decimal(locale, value, 3);
}

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
  return new Intl.DateTimeFormat(intlLocale(locale), {
    month: length,
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1)));
}

/** The words for a row of a table: the server's label, a translated code, or the key itself. */
export function rowName<K extends string>(
  translate: ReportTranslate<K>,
  locale: Locale,
  kind: RowKind,
  row: { key: string; label: string | null },
): string {
  // Keys are codes of the contract's fixed lists; the locale files hold a label for each.
  const t = (key: string, values?: Record<string, string | number>): string =>
    translate(key as K, values);
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
      status: t(`reports.gapMap.endingStatus.${status}`),
      reason: t(`connections.reasons.${reason}`),
    });
  }
  const group = groupKeys[kind];
  return group ? t(`${group}.${row.key}`) : row.key;
}

/** The keys the methods note is written with. */
type MethodsKey =
  | 'reports.hidden'
  | 'reports.overlap'
  | 'reports.scopeProgramme'
  | 'reports.methods.pairing'
  | `reports.programme.methods.${
      | 'coverage'
      | 'windowReferral'
      | 'windowMeasurement'
      | 'notComputed'
      | 'measuresTitle'
      | 'noMeasures'
      | 'measure'
      | 'missing'
      | 'tests'
      | 'suppression'}`;

/** The programme report's methods note: its paragraphs, with the list of measures after `measuresTitle`. */
export type MethodsNote = {
  coverage: string;
  measuresTitle: string;
  /** A line per measure with baselines; empty when none has. */
  measures: string[];
  noMeasures: string;
  pairing: string;
  missing: string;
  tests: string;
  suppression: string;
};

/**
 * The methods note written from a programme report's own figures: what it covers, how many
 * people each measure has, what is missing, the tests and the protection. Days and times
 * are written by the caller: the page on the reader's clock, the PDF in UTC.
 */
export function methodsNote(
  t: ReportTranslate<MethodsKey>,
  locale: Locale,
  dashboard: Pick<Dashboard, 'funnel'>,
  outcomes: Pick<OutcomesReport, 'scope' | 'protection' | 'window' | 'items'>,
  format: { date: (day: string) => string; dateTime: (iso: string) => string },
): MethodsNote {
  const { scope, protection } = outcomes;
  const referred = dashboard.funnel.rows[0]?.cells[0] ?? null;
  // A measure nobody took is hidden as a small count, like one a few took: neither is listed.
  const withBaselines = outcomes.items.filter(
    (item) =>
      item.attrition.baselines.value !== null || item.attrition.baselines.suppression === 'overlap',
  );
  return {
    coverage: t('reports.programme.methods.coverage', {
      scope: scope.name ?? t('reports.scopeProgramme'),
      from: format.date(scope.from),
      to: format.date(scope.to),
      referrals: countText(t, locale, referred),
      window: t(
        outcomes.window === 'referral'
          ? 'reports.programme.methods.windowReferral'
          : 'reports.programme.methods.windowMeasurement',
      ),
      asOf: scope.asOf ? format.dateTime(scope.asOf) : t('reports.programme.methods.notComputed'),
    }),
    measuresTitle: t('reports.programme.methods.measuresTitle'),
    measures: withBaselines.map((item) =>
      t('reports.programme.methods.measure', {
        measure: item.label[locale],
        baselines: countText(t, locale, item.attrition.baselines),
        pairs: countText(t, locale, item.attrition.pairs),
        lost: countText(t, locale, item.attrition.lost),
        lostShare:
          item.attrition.lostShare === null ? '—' : percent(locale, item.attrition.lostShare),
      }),
    ),
    noMeasures: t('reports.programme.methods.noMeasures'),
    pairing: t('reports.methods.pairing'),
    missing: t('reports.programme.methods.missing'),
    tests: t('reports.programme.methods.tests'),
    suppression: t('reports.programme.methods.suppression', {
      roundTo: protection.roundTo,
      hiddenBelow: protection.hiddenBelow,
      pairsAtLeast: protection.pairsAtLeast,
      decimals: protection.decimals,
    }),
  };
}

/** The paragraphs of the reports' general methods note, in order (strings reports.methods.*). */
export const methodsParts = [
  'periods',
  'rounding',
  'rows',
  'outcomes',
  'pairing',
  'timepoints',
  'window',
  'attrition',
  'headlines',
  'groups',
  'export',
] as const;
