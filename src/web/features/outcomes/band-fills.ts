import type { InstrumentScale } from '../../../shared/instruments';

/**
 * Light fills from the band best for the person (green) to the worst (red), light enough for
 * the band's name written over them. The words carry the meaning; colour only repeats it.
 */
const bestToWorst = ['#e3f2e5', '#eef6e0', '#fdf6e3', '#fdeee0', '#fbe4e4'] as const;

/**
 * A band's fill by how good it is for the person, per the scale's direction: on a scale where
 * higher is better (wellbeing) the top band is green, where lower is better (loneliness,
 * depression) the bottom one is. Bands come in score order, lowest first.
 */
export function bandFill(scale: InstrumentScale, index: number): string {
  const count = scale.bands.length;
  const fromBest = scale.change.direction === 'lower_is_better' ? index : count - 1 - index;
  const step = count <= 1 ? 0 : Math.round((fromBest / (count - 1)) * (bestToWorst.length - 1));
  return bestToWorst[step] ?? bestToWorst[2];
}

export const bandFills = { best: bestToWorst[0], worst: bestToWorst[4] } as const;
