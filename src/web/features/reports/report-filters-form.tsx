import { Group, NativeSelect, Stack } from '@mantine/core';
import type { ReactElement } from 'react';
import type { ReportScopes } from '../../../shared/contracts/reports';
import { intlLocale, useT } from '../../i18n';
import { type ReportFilters, useReportScopes } from './reports-api';

const periodKinds = ['year', 'quarter', 'month'] as const;
export type PeriodKind = (typeof periodKinds)[number];

export function periodKindOf(period: string): PeriodKind {
  if (period.includes('-Q')) return 'quarter';
  return period.length === 4 ? 'year' : 'month';
}

/** The current period of a kind, in UTC as the server counts. */
export function currentPeriod(kind: PeriodKind, now = new Date()): string {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth() + 1;
  if (kind === 'year') return String(year);
  if (kind === 'quarter') return `${year}-Q${Math.ceil(month / 3)}`;
  return `${year}-${String(month).padStart(2, '0')}`;
}

/** The periods of a kind one may pick, the latest first: five years back. */
function periodsOf(kind: PeriodKind, now = new Date()): string[] {
  const year = now.getUTCFullYear();
  const years = Array.from({ length: 5 }, (_, i) => year - i);
  if (kind === 'year') return years.map(String);
  const current = currentPeriod(kind, now);
  const all =
    kind === 'quarter'
      ? years.flatMap((y) => [4, 3, 2, 1].map((q) => `${y}-Q${q}`))
      : years.flatMap((y) =>
          Array.from({ length: 12 }, (_, i) => `${y}-${String(12 - i).padStart(2, '0')}`),
        );
  return all.filter((period) => period <= current);
}

/** The scope shown as chosen when the caller has not chosen: what the server defaults to. */
export function defaultScope(scopes: ReportScopes | undefined): string {
  if (!scopes) return '';
  if (scopes.programme) return 'programme';
  const first = scopes.sites[0];
  return first ? `site:${first.id}` : '';
}

export function ReportFiltersForm({
  filters,
  onChange,
}: {
  filters: ReportFilters;
  onChange: (filters: ReportFilters) => void;
}): ReactElement {
  const { t, locale } = useT();
  const scopes = useReportScopes();
  const kind = periodKindOf(filters.period);
  const monthFormat = new Intl.DateTimeFormat(intlLocale(locale), {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
  const periodLabel = (period: string): string => {
    const quarter = /^(\d{4})-Q([1-4])$/.exec(period);
    if (quarter)
      return t('reports.quarterOf', { year: quarter[1] ?? '', quarter: quarter[2] ?? '' });
    if (period.length === 4) return period;
    return monthFormat.format(new Date(`${period}-01T00:00:00Z`));
  };
  const data = scopes.data;
  const scopeOptions = data
    ? [
        ...(data.programme ? [{ value: 'programme', label: t('reports.scopeProgramme') }] : []),
        ...(data.groupings.length > 0
          ? [
              {
                group: t('reports.scopeGroupings'),
                items: data.groupings.map((g) => ({ value: `grouping:${g.id}`, label: g.name })),
              },
            ]
          : []),
        {
          group: t('reports.scopeSites'),
          items: data.sites.map((s) => ({ value: `site:${s.id}`, label: s.name })),
        },
      ]
    : [];
  return (
    <Stack component="form" role="search" aria-label={t('reports.filtersLabel')} gap="sm">
      <Group gap="sm" align="flex-end">
        {data && (
          <NativeSelect
            label={t('reports.scope')}
            description={t('reports.scopeHelp')}
            data={scopeOptions}
            value={filters.scope || defaultScope(data)}
            onChange={(event) => onChange({ ...filters, scope: event.currentTarget.value })}
            w={{ base: '100%', sm: 320 }}
          />
        )}
        <NativeSelect
          label={t('reports.periodKind')}
          data={periodKinds.map((value) => ({
            value,
            label: t(`reports.periodKinds.${value}`),
          }))}
          value={kind}
          onChange={(event) => {
            const value = event.currentTarget.value;
            const next = periodKinds.find((k) => k === value) ?? 'year';
            onChange({ ...filters, period: currentPeriod(next) });
          }}
          w={{ base: '100%', sm: 160 }}
        />
        <NativeSelect
          label={t('reports.period')}
          data={periodsOf(kind).map((value) => ({ value, label: periodLabel(value) }))}
          value={filters.period}
          onChange={(event) => onChange({ ...filters, period: event.currentTarget.value })}
          w={{ base: '100%', sm: 220 }}
        />
      </Group>
    </Stack>
  );
}
