import { Box } from '@mantine/core';
import type { ReactElement } from 'react';
import type { InstrumentChange } from '../../../shared/contracts/reports';

/*
 * Plain SVG charts. Each is one image with a name (role="img" and aria-label): the figures
 * themselves are in the table shown beside every chart, which is what screen readers use.
 * Hidden (suppressed) values are left out of the drawing rather than drawn as zero.
 */

export type ChartBar = { label: string; value: number | null };

const ink = 'var(--mantine-color-blue-7)';
const muted = 'var(--mantine-color-gray-6)';
const text = 'var(--mantine-color-text)';

/** Horizontal bars, one per label: the funnel. */
export function BarChart({
  label,
  bars,
  hidden,
}: {
  label: string;
  bars: ChartBar[];
  /** What a hidden bar says: "<8". */
  hidden: string;
}): ReactElement {
  const rowHeight = 28;
  const labelWidth = 130;
  const width = 480;
  const max = Math.max(1, ...bars.map((bar) => bar.value ?? 0));
  const height = bars.length * rowHeight + 8;
  return (
    <Box
      component="svg"
      role="img"
      aria-label={label}
      viewBox={`0 0 ${width} ${height}`}
      style={{ width: '100%', height: 'auto', maxWidth: width }}
    >
      {bars.map((bar, index) => {
        const y = index * rowHeight + 4;
        const barWidth = ((bar.value ?? 0) / max) * (width - labelWidth - 60);
        return (
          <g key={bar.label}>
            <text x={0} y={y + 17} fontSize={13} fill={text}>
              {bar.label}
            </text>
            {bar.value !== null && (
              <rect x={labelWidth} y={y + 4} width={barWidth} height={rowHeight - 10} fill={ink} />
            )}
            <text x={labelWidth + barWidth + 6} y={y + 17} fontSize={13} fill={text}>
              {bar.value === null ? hidden : bar.value.toLocaleString()}
            </text>
          </g>
        );
      })}
    </Box>
  );
}

/** A line over time: referrals by month. */
export function TrendChart({ label, points }: { label: string; points: ChartBar[] }): ReactElement {
  const width = 480;
  const height = 200;
  const pad = { left: 40, right: 10, top: 10, bottom: 30 };
  const max = Math.max(1, ...points.map((point) => point.value ?? 0));
  const step = points.length > 1 ? (width - pad.left - pad.right) / (points.length - 1) : 0;
  const x = (index: number): number => pad.left + index * step;
  const y = (value: number): number =>
    pad.top + (1 - value / max) * (height - pad.top - pad.bottom);
  // A hidden month breaks the line rather than dropping it to zero.
  const segments: string[][] = [[]];
  points.forEach((point, index) => {
    if (point.value === null) segments.push([]);
    else segments.at(-1)?.push(`${x(index)},${y(point.value)}`);
  });
  const first = points[0]?.label ?? '';
  const last = points.at(-1)?.label ?? '';
  return (
    <Box
      component="svg"
      role="img"
      aria-label={label}
      viewBox={`0 0 ${width} ${height}`}
      style={{ width: '100%', height: 'auto', maxWidth: width }}
    >
      <line x1={pad.left} y1={y(0)} x2={width - pad.right} y2={y(0)} stroke={muted} />
      <line x1={pad.left} y1={pad.top} x2={pad.left} y2={y(0)} stroke={muted} />
      <text x={pad.left - 6} y={pad.top + 10} fontSize={12} textAnchor="end" fill={text}>
        {max.toLocaleString()}
      </text>
      <text x={pad.left - 6} y={y(0)} fontSize={12} textAnchor="end" fill={text}>
        0
      </text>
      {segments
        .filter((segment) => segment.length > 0)
        .map((segment) => (
          <polyline
            key={segment[0]}
            points={segment.join(' ')}
            fill="none"
            stroke={ink}
            strokeWidth={2}
          />
        ))}
      <text x={pad.left} y={height - 8} fontSize={12} fill={text}>
        {first}
      </text>
      <text x={width - pad.right} y={height - 8} fontSize={12} textAnchor="end" fill={text}>
        {last}
      </text>
    </Box>
  );
}

/**
 * Each measure on its own scale: the mean before (open circle), the mean after (filled
 * circle) and, around the after mean, the 95% confidence interval of the mean change.
 */
export function ChangeChart({
  label,
  items,
  nameOf,
}: {
  label: string;
  items: InstrumentChange[];
  nameOf: (item: InstrumentChange) => string;
}): ReactElement {
  const shown = items.filter(
    (item) => !item.suppressed && item.meanBefore !== null && item.meanAfter !== null,
  );
  const width = 480;
  const rowHeight = 52;
  const left = 20;
  const right = width - 20;
  const height = Math.max(1, shown.length) * rowHeight + 8;
  return (
    <Box
      component="svg"
      role="img"
      aria-label={label}
      viewBox={`0 0 ${width} ${height}`}
      style={{ width: '100%', height: 'auto', maxWidth: width }}
    >
      {shown.map((item, index) => {
        const min = item.range?.min ?? 0;
        const max = item.range?.max ?? 10;
        const x = (value: number): number =>
          left +
          ((Math.min(max, Math.max(min, value)) - min) / Math.max(1, max - min)) * (right - left);
        const y = index * rowHeight + 34;
        const before = item.meanBefore ?? 0;
        const after = item.meanAfter ?? 0;
        return (
          <g key={`${item.instrumentId}.${item.scale}`}>
            <text x={left} y={y - 14} fontSize={12} fill={text}>
              {nameOf(item)}
            </text>
            <line x1={left} y1={y} x2={right} y2={y} stroke={muted} />
            {item.ci95 && (
              <line
                x1={x(before + item.ci95[0])}
                y1={y}
                x2={x(before + item.ci95[1])}
                y2={y}
                stroke={ink}
                strokeWidth={6}
                strokeOpacity={0.35}
              />
            )}
            <circle cx={x(before)} cy={y} r={6} fill="white" stroke={ink} strokeWidth={2} />
            <circle cx={x(after)} cy={y} r={6} fill={ink} />
          </g>
        );
      })}
    </Box>
  );
}
