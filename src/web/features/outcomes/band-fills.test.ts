import { describe, expect, it } from 'vitest';
import { instruments } from '../../../shared/instruments';
import { bandFill, bandFills } from './band-fills';

function fills(instrumentId: keyof typeof instruments, scaleId: string): Record<string, string> {
  const scale = instruments[instrumentId].scales.find((candidate) => candidate.id === scaleId);
  if (!scale) throw new Error(`no scale ${scaleId}`);
  return Object.fromEntries(scale.bands.map((band, index) => [band.code, bandFill(scale, index)]));
}

describe('band fills', () => {
  it('colour the top band green and the bottom one red where higher is better', () => {
    const satisfied = fills('ons4', 'satisfied');
    expect(satisfied.very_high).toBe(bandFills.best);
    expect(satisfied.low).toBe(bandFills.worst);
    const mentalHealth = fills('mh1', 'mental_health');
    expect(mentalHealth.good_or_better).toBe(bandFills.best);
    expect(mentalHealth.low).toBe(bandFills.worst);
  });

  it('colour the bottom band green and the top one red where lower is better', () => {
    const depression = fills('phq9', 'total');
    expect(depression.minimal).toBe(bandFills.best);
    expect(depression.severe).toBe(bandFills.worst);
    const loneliness = fills('ucla3', 'total');
    expect(loneliness.not_lonely).toBe(bandFills.best);
    expect(loneliness.lonely).toBe(bandFills.worst);
    const anxious = fills('ons4', 'anxious');
    expect(anxious.very_low).toBe(bandFills.best);
    expect(anxious.high).toBe(bandFills.worst);
  });

  it('shade the bands between from better to worse for the person', () => {
    for (const definition of Object.values(instruments)) {
      for (const scale of definition.scales) {
        const ranks = scale.bands.map((_, index) =>
          ['#e3f2e5', '#eef6e0', '#fdf6e3', '#fdeee0', '#fbe4e4'].indexOf(bandFill(scale, index)),
        );
        const worsening = scale.change.direction === 'lower_is_better' ? ranks : ranks.toReversed();
        expect(worsening, `${definition.id} ${scale.id}`).toEqual(
          worsening.toSorted((a, b) => a - b),
        );
      }
    }
  });
});
