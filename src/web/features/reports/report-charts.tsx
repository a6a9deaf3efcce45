import { Box } from '@mantine/core';
import type { ReactElement } from 'react';
import type { InstrumentChange } from '../../../shared/contracts/reports';
import { wholeNumber } from '../../../shared/typography';
import { useT } from '../../i18n';

/*
 * Plain SVG charts. Each is one image with a name (role="img" and aria-label): the figures
 * themselves are in the table shown beside every chart, which is what screen readers use.
 * Hidden (suppressed) values are left out of the drawing rather than drawn as zero.
 */

/** One bar or point: its label, its count (null when hidden) and how the page writes it. */
export type ChartBar = { label: string; value: number | null; text: string };

const ink = 'var(--mantine-color-blue-7)';
const muted = 'var(--mantine-color-gray-6)';
const text = 'var(--mantine-color-text)';

/** Roughly how wide a label is at a font size: enough to keep it clear of what follows. */
const textWidth = (label: string, fontSize: number): number => label.length * fontSize * 0.6;

/** Horizontal bars, one per label: the funnel. A hidden bar says why, as its table does. */
export function BarChart({ label, bars }: { label: string; bars: ChartBar[] }): ReactElement {
  const rowHeight = 28;
  const labelWidth = Math.max(130, ...bars.map((bar) => textWidth(bar.label, 13) + 12));
  const figureWidth = 60;
  const width = Math.max(480, labelWidth + 200 + figureWidth);
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
        const barWidth = ((bar.value ?? 0) / max) * (width - labelWidth - figureWidth);
        return (
          <g key={bar.label}>
            <text x={0} y={y + 17} fontSize={13} fill={text}>
              {bar.label}
            </text>
            {bar.value !== null && (
              <rect x={labelWidth} y={y + 4} width={barWidth} height={rowHeight - 10} fill={ink} />
            )}
            <text x={labelWidth + barWidth + 6} y={y + 17} fontSize={13} fill={text}>
              {bar.text}
            </text>
          </g>
        );
      })}
    </Box>
  );
}

/**
 * A line over time: referrals by month. Every month shown is a point, joined to the next
 * month when that one is shown too; a hidden month breaks the line rather than dropping it to
 * zero, and says why at the foot of the chart, as the table does.
 */
export function TrendChart({
  label,
  points,
  first,
  last,
}: {
  label: string;
  points: ChartBar[];
  /** The first and last months in short words, under the axis. */
  first: string;
  last: string;
}): ReactElement {
  const { locale } = useT();
  const width = 480;
  const height = 200;
  const pad = { left: 40, right: 14, top: 10, bottom: 30 };
  const max = Math.max(1, ...points.map((point) => point.value ?? 0));
  const step = points.length > 1 ? (width - pad.left - pad.right) / (points.length - 1) : 0;
  const x = (index: number): number => pad.left + (points.length > 1 ? index * step : 0);
  const y = (value: number): number =>
    pad.top + (1 - value / max) * (height - pad.top - pad.bottom);
  const segments: { from: number; to: number }[] = [];
  points.forEach((point, index) => {
    const previous = points[index - 1];
    if (point.value !== null && previous && previous.value !== null) {
      segments.push({ from: index - 1, to: index });
    }
  });
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
        {wholeNumber(locale, max)}
      </text>
      <text x={pad.left - 6} y={y(0)} fontSize={12} textAnchor="end" fill={text}>
        0
      </text>
      {segments.map(({ from, to }) => (
        <line
          key={`line-${from}`}
          data-chart="line"
          x1={x(from)}
          y1={y(points[from]?.value ?? 0)}
          x2={x(to)}
          y2={y(points[to]?.value ?? 0)}
          stroke={ink}
          strokeWidth={2}
        />
      ))}
      {points.map((point, index) =>
        point.value === null ? (
          <text
            key={point.label}
            x={x(index)}
            y={y(0) - 4}
            fontSize={10}
            textAnchor={index === 0 ? 'start' : index === points.length - 1 ? 'end' : 'middle'}
            fill={text}
          >
            {point.text}
          </text>
        ) : (
          <circle
            key={point.label}
            data-chart="point"
            cx={x(index)}
            cy={y(point.value)}
            r={3.5}
            fill={ink}
          />
        ),
      )}
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
  const lineHeight = 15;
  const left = 20;
  const right = width - 20;
  // Long names ("De Jong Gierveld six-item loneliness scale: Emotional loneliness (0 to 3)")
  // wrap onto as many lines as they need instead of running off the chart.
  const rows = shown.map((item) => ({ item, lines: wrapText(nameOf(item), right - left, 12) }));
  const rowHeights = rows.map((row) => row.lines.length * lineHeight + 30);
  const rowTops = rowHeights.map(
    (_, index) => 4 + rowHeights.slice(0, index).reduce((a, b) => a + b, 0),
  );
  const height = Math.max(40, rowHeights.reduce((a, b) => a + b, 0) + 8);
  return (
    <Box
      component="svg"
      role="img"
      aria-label={label}
      viewBox={`0 0 ${width} ${height}`}
      style={{ width: '100%', height: 'auto', maxWidth: width }}
    >
      {rows.map(({ item, lines }, index) => {
        const min = item.range?.min ?? 0;
        const max = item.range?.max ?? 10;
        const x = (value: number): number =>
          left +
          ((Math.min(max, Math.max(min, value)) - min) / Math.max(1, max - min)) * (right - left);
        const rowTop = rowTops[index] ?? 0;
        const y = rowTop + lines.length * lineHeight + 14;
        const before = item.meanBefore ?? 0;
        const after = item.meanAfter ?? 0;
        return (
          <g key={`${item.instrumentId}.${item.scale}`}>
            <text x={left} y={rowTop + 12} fontSize={12} fill={text}>
              {lines.map((line, lineIndex) => (
                <tspan key={line} x={left} dy={lineIndex === 0 ? 0 : lineHeight}>
                  {line}
                </tspan>
              ))}
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

/** Words on lines no wider than `width` at a font size, as far as an estimate can tell. */
export function wrapText(words: string, width: number, fontSize: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of words.split(/\s+/)) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && textWidth(candidate, fontSize) > width) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line) lines.push(line);
  return lines;
}
