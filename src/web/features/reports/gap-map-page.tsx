import { Anchor, List, NativeSelect, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactElement } from 'react';
import { Link, useSearchParams } from '../../navigation';
import {
  type GapArea,
  type GapDistance,
  type GapMap,
  type GapNeedKind,
  defaultGapDistance,
  gapDistances,
} from '../../../shared/contracts/gap-map';
import { ReportPeriod, ReportScopeChoice } from '../../../shared/contracts/reports';
import { LoadError } from '../../components/load-error';
import { PageLoader } from '../../components/page-loader';
import { PageSection } from '../../components/page-section';
import { usePageTitle } from '../../components/page-title';
import { TableScroll } from '../../components/table-scroll';
import { useFormat } from '../../format';
import { useT } from '../../i18n';
import { CountCell, CountTableView, Footnote } from './count-table';
import { GapMapSvg, mapPoints } from './gap-map-svg';
import { categoriesOf, categoryNames, demandCount, gapMapFiles, needName } from './gap-map-tables';
import { ReportFiltersForm, currentPeriod } from './report-filters-form';
import { hasHidden, rowName } from '../../../shared/report-notation';
import { type GapMapFilters, type ReportFilters, useGapMap } from './reports-api';
import { TableDownloads } from './table-downloads';

function GapList({ map }: { map: GapMap }): ReactElement {
  const { t, locale } = useT();
  const format = useFormat();
  if (map.gaps.length === 0) return <Text>{t('reports.gapMap.noGaps')}</Text>;
  return (
    <List spacing="sm" data-testid="gap-list">
      {map.gaps.map((gap) => (
        <List.Item key={`${gap.area}|${gap.kind}|${gap.need}`}>
          <Text fw={700}>
            {t('reports.gapMap.gapLine', {
              area: rowName(t, locale, 'area', { key: gap.area, label: null }),
              need: needName(t, gap.kind, gap.need),
              kind: t(`reports.gapMap.kind.${gap.kind}`),
              demand: format.number(gap.demand),
            })}
          </Text>
          <Text size="sm">
            {t(`reports.gapMap.why.${gap.why}`, {
              km: map.distanceKm,
              categories: categoryNames(t, categoriesOf(map, gap.area, gap.kind, gap.need)),
              full: gap.full,
              waitlist: gap.waitlist,
            })}
          </Text>
        </List.Item>
      ))}
    </List>
  );
}

/** One area's needs against the services near it: the map's text alternative. */
function SupplyTable({ map, area }: { map: GapMap; area: GapArea }): ReactElement {
  const { t, locale } = useT();
  const name = rowName(t, locale, 'area', { key: area.key, label: null });
  const title = t('reports.gapMap.supplyTitle', { km: map.distanceKm, area: name });
  if (!area.position) {
    return (
      <Stack gap={2}>
        <Title order={3}>{title}</Title>
        <Text size="sm">{t('reports.gapMap.noPosition')}</Text>
      </Stack>
    );
  }
  const flagged = (kind: GapNeedKind, need: string): boolean =>
    map.gaps.some((g) => g.area === area.key && g.kind === kind && g.need === need);
  const columns = ['need', 'referred', 'open', 'waitlist', 'full', 'languages'] as const;
  return (
    <TableScroll label={t('reports.figures', { title })}>
      <Table striped withTableBorder verticalSpacing={4} miw={480}>
        <Table.Caption style={{ captionSide: 'top', textAlign: 'left', fontWeight: 700 }}>
          {title}
        </Table.Caption>
        <Table.Thead>
          <Table.Tr>
            {columns.map((column) => (
              <Table.Th key={column} scope="col" ta={column === 'need' ? 'left' : 'right'}>
                {t(`reports.gapMap.supplyColumns.${column}`)}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {area.supply.map((s) => (
            <Table.Tr key={`${s.kind}|${s.need}`}>
              <Table.Th scope="row" fw={400}>
                {needName(t, s.kind, s.need)} ({t(`reports.gapMap.kind.${s.kind}`)})
                {flagged(s.kind, s.need) && (
                  <Text span fw={700} c="red.9">
                    {' '}
                    ! {t('reports.gapMap.gapMark')}
                  </Text>
                )}
              </Table.Th>
              <Table.Td ta="right">
                <CountCell count={demandCount(map, s.kind, area.key, s.need)} />
              </Table.Td>
              <Table.Td ta="right">{s.open}</Table.Td>
              <Table.Td ta="right">{s.waitlist}</Table.Td>
              <Table.Td ta="right">{s.full}</Table.Td>
              <Table.Td ta="right">{s.openLanguages.join(', ').toUpperCase() || '—'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </TableScroll>
  );
}

function GapMapFigures({ map }: { map: GapMap }): ReactElement {
  const { t, locale } = useT();
  const format = useFormat();
  const referred = (area: string): number | null =>
    map.demandByReason.rows.find((row) => row.key === area)?.cells[0]?.value ?? null;
  const points = mapPoints(map.areas, referred, (area) => map.gaps.some((g) => g.area === area));
  const reasonColumn = (column: string): string =>
    column === 'referred'
      ? t('reports.columns.referred')
      : rowName(t, locale, 'reason', { key: column, label: null });
  return (
    <Stack gap="lg">
      <Text size="sm" data-testid="gap-map-as-of">
        {map.scope.asOf
          ? t('reports.asOf', { time: format.dateTime(map.scope.asOf) })
          : t('reports.notYetComputed')}
      </Text>
      <PageSection id="gap-map-gaps" title={t('reports.gapMap.gapsTitle')}>
        <GapList map={map} />
      </PageSection>
      <PageSection id="gap-map-map" title={t('reports.gapMap.mapTitle')}>
        {points.length > 0 ? (
          <GapMapSvg
            points={points}
            km={map.distanceKm}
            label={t('reports.gapMap.mapLabel', {
              areas: points.length,
              gaps: points.filter((p) => p.gap).length,
            })}
            legend={{
              gap: t('reports.gapMap.legendGap'),
              met: t('reports.gapMap.legendMet'),
              distance: t('reports.gapMap.legendDistance', { km: map.distanceKm }),
            }}
          />
        ) : (
          <Text>{t('reports.gapMap.noMap')}</Text>
        )}
        <Text size="sm" c="dimmed">
          {t('reports.gapMap.mapNote')}
        </Text>
        {map.areas
          .filter((area) => area.key !== 'others')
          .map((area) => (
            <SupplyTable key={area.key} map={map} area={area} />
          ))}
      </PageSection>
      <PageSection id="gap-map-demand" title={t('reports.gapMap.demandByReason')}>
        <CountTableView
          title={t('reports.gapMap.demandByReason')}
          table={map.demandByReason}
          kind="area"
          nameColumn={reasonColumn}
        />
        <CountTableView
          title={t('reports.gapMap.demandByNeed')}
          table={map.demandByNeed}
          kind="area"
          columnKind="need"
        />
        <Footnote show={hasHidden(map.demandByReason) || hasHidden(map.demandByNeed)} />
      </PageSection>
      <PageSection id="gap-map-endings" title={t('reports.gapMap.endingsByReason')}>
        <CountTableView
          title={t('reports.gapMap.endingsByReason')}
          table={map.endingsByReason}
          kind="reason"
        />
        <CountTableView
          title={t('reports.gapMap.endingReasons')}
          table={map.endingReasons}
          kind="ending"
        />
        <Footnote show={hasHidden(map.endingsByReason) || hasHidden(map.endingReasons)} />
      </PageSection>
      <PageSection id="gap-map-downloads" title={t('reports.gapMap.download.title')}>
        <TableDownloads
          files={() => gapMapFiles(t, locale, map)}
          fileName={`passerelle-gap-map-${map.scope.period}-${map.distanceKm}km-${locale}`}
          labels={{
            xlsx: t('reports.gapMap.download.xlsx'),
            csv: t('reports.gapMap.download.csv'),
            help: t('reports.gapMap.download.help'),
          }}
        />
      </PageSection>
    </Stack>
  );
}

/**
 * The gap map for funders and programme leads: where people are referred from for a need
 * that no open service near them meets, each flag with its reason, a plain map of the
 * areas and the tables that say the same in text.
 */
export function GapMapPage(): ReactElement {
  const { t } = useT();
  usePageTitle(t('reports.gapMap.title'));
  const [params, setParams] = useSearchParams();
  const period = ReportPeriod.safeParse(params.get('period'));
  const scope = ReportScopeChoice.safeParse(params.get('scope'));
  const filters: GapMapFilters = {
    period: period.success ? period.data : currentPeriod('year'),
    scope: scope.success ? scope.data : '',
    distance: gapDistances.find((d) => d === params.get('distance')) ?? defaultGapDistance,
  };
  const choose = (next: ReportFilters, distance: GapDistance): void => {
    setParams(
      { period: next.period, ...(next.scope ? { scope: next.scope } : {}), distance },
      { replace: true },
    );
  };
  const map = useGapMap(filters);
  return (
    <Stack gap="lg">
      <Anchor component={Link} to="/reports">
        {t('reports.gapMap.back')}
      </Anchor>
      <Title order={1}>{t('reports.gapMap.title')}</Title>
      <Text>{t('reports.gapMap.intro')}</Text>
      <ReportFiltersForm filters={filters} onChange={(next) => choose(next, filters.distance)} />
      <NativeSelect
        label={t('reports.gapMap.distance')}
        value={filters.distance}
        onChange={(event) =>
          choose(
            filters,
            gapDistances.find((d) => d === event.currentTarget.value) ?? defaultGapDistance,
          )
        }
        data={gapDistances.map((d) => ({ value: d, label: t('reports.gapMap.km', { km: d }) }))}
        maw={240}
      />
      <Text size="sm">{t('reports.legend')}</Text>
      {map.isPending && <PageLoader />}
      {map.isError && <LoadError error={map.error} onRetry={() => void map.refetch()} />}
      {map.data && <GapMapFigures map={map.data} />}
    </Stack>
  );
}
