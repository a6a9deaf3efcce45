import { Stack, Table, Text, Title } from '@mantine/core';
import type { ReactElement } from 'react';
import type { MeasurementView } from '../../../shared/contracts/outcomes';
import {
  classifyChange,
  type InstrumentDefinition,
  type InstrumentScale,
} from '../../../shared/instruments';
import { TableScroll } from '../../components/table-scroll';
import { useFormat } from '../../format';
import { useT } from '../../i18n';
import { bandFill } from './band-fills';

const width = 320;
const height = 180;
const margin = { top: 12, right: 12, bottom: 28, left: 32 };

type Point = { measurement: MeasurementView; value: number | null; band: string | null };

function pointsOf(scale: InstrumentScale, measurements: MeasurementView[]): Point[] {
  return measurements.map((measurement) => {
    const score = measurement.scores.find((candidate) => candidate.scale === scale.id);
    return { measurement, value: score?.value ?? null, band: score?.band ?? null };
  });
}

/**
 * One scale's scores over the timepoints as a small SVG chart with its bands behind, and a
 * table with the same figures for screen readers and for reading exact values. The change
 * from the first to the last score is said in words with the scale's own change rule.
 */
export function ScaleChart({
  definition,
  scale,
  measurements,
  headingId,
}: {
  definition: InstrumentDefinition;
  scale: InstrumentScale;
  measurements: MeasurementView[];
  headingId: string;
}): ReactElement {
  const { t, locale } = useT();
  const format = useFormat();
  const points = pointsOf(scale, measurements);
  const bandLabel = (code: string | null): string =>
    scale.bands.find((band) => band.code === code)?.label[locale] ?? '';
  const { min, max } = scale.range;
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const y = (value: number): number =>
    margin.top + plotHeight - ((value - min) / Math.max(1, max - min)) * plotHeight;
  const x = (index: number): number =>
    margin.left + (points.length <= 1 ? plotWidth / 2 : (index / (points.length - 1)) * plotWidth);
  // Bands meet half-way between their whole-number limits.
  const bandTop = (index: number): number => {
    const band = scale.bands[index];
    return !band || index === scale.bands.length - 1 ? max : band.max + 0.5;
  };
  const bandBottom = (index: number): number => {
    const band = scale.bands[index];
    return !band || index === 0 ? min : band.min - 0.5;
  };
  const scored = points
    .map((point, index) => ({ ...point, index }))
    .filter((point): point is Point & { index: number; value: number } => point.value !== null);
  const path = scored
    .map((point, i) => `${i === 0 ? 'M' : 'L'}${x(point.index)},${y(point.value)}`)
    .join(' ');
  const first = scored[0];
  const last = scored[scored.length - 1];
  const change =
    first && last && first !== last
      ? {
          from: t(`outcomes.timepoints.${first.measurement.timepoint}`),
          to: t(`outcomes.timepoints.${last.measurement.timepoint}`),
          difference: `${last.value - first.value > 0 ? '+' : ''}${format.number(last.value - first.value)}`,
          classification: t(
            `outcomes.chart.classes.${classifyChange(definition, scale.id, first.value, last.value)}`,
          ),
        }
      : null;
  const title = scale.label[locale];

  return (
    <Stack gap="xs" component="section" aria-labelledby={headingId}>
      <Title order={4} id={headingId}>
        {title}
      </Title>
      <Text size="sm">
        {t('outcomes.chart.range', { min, max })}{' '}
        {t(`outcomes.chart.direction.${scale.change.direction}`)}
      </Text>
      {change && <Text fw={600}>{t('outcomes.chart.change', change)}</Text>}
      <svg
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
        style={{ maxWidth: 480 }}
        role="img"
        aria-label={t('outcomes.chart.label', { scale: `${definition.title[locale]}, ${title}` })}
      >
        {scale.bands.map((band, index) => (
          <g key={band.code}>
            <rect
              x={margin.left}
              width={plotWidth}
              y={y(bandTop(index))}
              height={Math.max(0, y(bandBottom(index)) - y(bandTop(index)))}
              fill={bandFill(scale, index)}
            />
            <text
              x={width - margin.right - 2}
              y={y((band.min + band.max) / 2) + 4}
              textAnchor="end"
              fontSize="10"
              fill="#444"
            >
              {band.label[locale]}
            </text>
          </g>
        ))}
        <line
          x1={margin.left}
          x2={margin.left}
          y1={margin.top}
          y2={margin.top + plotHeight}
          stroke="#555"
        />
        <text x={margin.left - 4} y={y(max) + 4} textAnchor="end" fontSize="10" fill="#333">
          {max}
        </text>
        <text x={margin.left - 4} y={y(min) + 4} textAnchor="end" fontSize="10" fill="#333">
          {min}
        </text>
        {path && <path d={path} fill="none" stroke="#1c5d99" strokeWidth={2} />}
        {points.map((point, index) => (
          <g key={point.measurement.id}>
            {/* The first and last labels stand inside the chart, not centred on its edges. */}
            <text
              x={x(index)}
              y={height - 8}
              textAnchor={
                points.length <= 1
                  ? 'middle'
                  : index === 0
                    ? 'start'
                    : index === points.length - 1
                      ? 'end'
                      : 'middle'
              }
              fontSize="10"
              fill="#333"
            >
              {t(`outcomes.timepoints.${point.measurement.timepoint}`)}
            </text>
            {point.value !== null && (
              <>
                <circle cx={x(index)} cy={y(point.value)} r={4} fill="#1c5d99" />
                <text
                  x={x(index)}
                  y={y(point.value) - 8}
                  textAnchor="middle"
                  fontSize="11"
                  fontWeight="bold"
                  fill="#111"
                >
                  {format.number(point.value)}
                </text>
              </>
            )}
          </g>
        ))}
      </svg>
      <TableScroll label={t('outcomes.chart.table', { scale: title })}>
        <Table striped withTableBorder aria-labelledby={headingId}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('outcomes.chart.timepoint')}</Table.Th>
              <Table.Th scope="col">{t('outcomes.chart.takenOn')}</Table.Th>
              <Table.Th scope="col">{t('outcomes.chart.score')}</Table.Th>
              <Table.Th scope="col">{t('outcomes.chart.band')}</Table.Th>
              <Table.Th scope="col">{t('outcomes.chart.answeredBy')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {points.map((point) => {
              const reason = point.measurement.scores.find((s) => s.scale === scale.id)?.reason;
              return (
                <Table.Tr key={point.measurement.id}>
                  <Table.Th scope="row">
                    {t(`outcomes.timepoints.${point.measurement.timepoint}`)}
                  </Table.Th>
                  <Table.Td>{format.date(point.measurement.takenOn)}</Table.Td>
                  <Table.Td>
                    {point.value !== null
                      ? format.number(point.value)
                      : reason
                        ? t(`outcomes.chart.reasons.${reason}`)
                        : t('outcomes.chart.noScore')}
                  </Table.Td>
                  <Table.Td>{bandLabel(point.band)}</Table.Td>
                  <Table.Td>{t(`outcomes.answeredBy.${point.measurement.answeredBy}`)}</Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </TableScroll>
    </Stack>
  );
}
