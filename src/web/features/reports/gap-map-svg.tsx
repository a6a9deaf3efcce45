import { Group, Text } from '@mantine/core';
import type { ReactElement } from 'react';
import type { GapArea } from '../../../shared/contracts/gap-map';

/** A located area as drawn: its key, position, the people referred as shown, whether it has a gap. */
export type MapPoint = {
  key: string;
  lat: number;
  lon: number;
  /** The shown count of people referred; null when hidden (drawn at the smallest size). */
  referred: number | null;
  gap: boolean;
};

const width = 320;
const height = 220;
const margin = 36;
const gapColour = '#c92a2a';
const metColour = '#1864ab';

/** Areas with a reference point, as the map draws them. */
export function mapPoints(
  areas: readonly GapArea[],
  referred: (area: string) => number | null,
  hasGap: (area: string) => boolean,
): MapPoint[] {
  return areas.flatMap((area) =>
    area.position
      ? [{ key: area.key, ...area.position, referred: referred(area.key), gap: hasGap(area.key) }]
      : [],
  );
}

/** Degrees of latitude in a km (near enough for a sketch of areas). */
const degreesPerKm = 1 / 111.2;

/**
 * Places points in the box: longitude scaled by the cosine of the mean latitude, so that
 * distances look alike both ways; one point, or points on a line, sit in the middle. The
 * box spans at least the distance circle's width, whose radius in the drawing it returns.
 */
function project(
  points: readonly MapPoint[],
  km: number,
): { placed: { x: number; y: number }[]; kmRadius: number } {
  const meanLat = points.reduce((sum, p) => sum + p.lat, 0) / points.length;
  const squeeze = Math.cos((meanLat * Math.PI) / 180);
  const xs = points.map((p) => p.lon * squeeze);
  const ys = points.map((p) => p.lat);
  const [minX, maxX, minY, maxY] = [
    Math.min(...xs),
    Math.max(...xs),
    Math.min(...ys),
    Math.max(...ys),
  ];
  const span = Math.max(maxX - minX, maxY - minY, 2 * km * degreesPerKm);
  const scale = Math.min(width - 2 * margin, height - 2 * margin) / span;
  const offsetX = (width - (maxX - minX) * scale) / 2;
  const offsetY = (height - (maxY - minY) * scale) / 2;
  return {
    placed: points.map((_, i) => ({
      x: offsetX + ((xs[i] ?? 0) - minX) * scale,
      y: height - (offsetY + ((ys[i] ?? 0) - minY) * scale),
    })),
    kmRadius: km * degreesPerKm * scale,
  };
}

const radiusOf = (referred: number | null): number =>
  referred === null ? 6 : Math.min(26, 6 + Math.sqrt(referred) * 2);

/**
 * A plain drawing of the areas, no tiles and no outside server: each area a circle at its
 * reference point, sized by the people referred and red with a "!" where a need is unmet.
 * Colour is never the only sign, and the tables on the page give every figure as text.
 */
export function GapMapSvg({
  points,
  km,
  label,
  legend,
}: {
  points: readonly MapPoint[];
  /** The distance asked for: a dashed circle of that radius around each area. */
  km: number;
  label: string;
  legend: { gap: string; met: string; distance: string };
}): ReactElement {
  const { placed, kmRadius } = project(points, km);
  return (
    <figure style={{ margin: 0 }}>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={label}
        style={{ width: '100%', maxWidth: 560, height: 'auto', display: 'block' }}
        data-testid="gap-map-svg"
      >
        <rect x={0} y={0} width={width} height={height} fill="#f8f9fa" stroke="#adb5bd" />
        {placed.map((at, i) => (
          <circle
            key={`within-${points[i]?.key ?? i}`}
            cx={at.x}
            cy={at.y}
            r={kmRadius}
            fill="none"
            stroke="#495057"
            strokeDasharray="4 3"
          />
        ))}
        {points.map((point, i) => {
          const at = placed[i] ?? { x: 0, y: 0 };
          const r = radiusOf(point.referred);
          return (
            <g key={point.key} data-area={point.key} data-gap={point.gap ? 'yes' : 'no'}>
              <circle
                cx={at.x}
                cy={at.y}
                r={r}
                fill={point.gap ? gapColour : metColour}
                fillOpacity={0.75}
                stroke="#212529"
                strokeWidth={point.gap ? 2 : 1}
              />
              {point.gap && (
                <text
                  x={at.x}
                  y={at.y + 4}
                  textAnchor="middle"
                  fontSize={12}
                  fontWeight={700}
                  fill="#fff"
                >
                  !
                </text>
              )}
              <text x={at.x} y={at.y - r - 4} textAnchor="middle" fontSize={11} fill="#212529">
                {point.key}
              </text>
            </g>
          );
        })}
      </svg>
      <Group gap="md" mt={4} component="figcaption">
        <Text size="sm">
          <span aria-hidden="true" style={{ color: gapColour }}>
            ●!
          </span>{' '}
          {legend.gap}
        </Text>
        <Text size="sm">
          <span aria-hidden="true" style={{ color: metColour }}>
            ●
          </span>{' '}
          {legend.met}
        </Text>
        <Text size="sm">
          <span aria-hidden="true">◌</span> {legend.distance}
        </Text>
      </Group>
    </figure>
  );
}
