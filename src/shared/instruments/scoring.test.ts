import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  classifyChange,
  instruments,
  parseInstrumentDefinition,
  safeguardingTriggers,
  scoreMeasurement,
  type Answers,
  type InstrumentDefinition,
  type Measurement,
} from './index';

function score(measurement: Measurement, scale: string): Measurement['scores'][number] {
  const found = measurement.scores.find((entry) => entry.scale === scale);
  if (!found) throw new Error(`no scale ${scale}`);
  return found;
}

/** Answers for a summed 0-3 instrument adding up to total, filled from the first item. */
function answersSummingTo(definition: InstrumentDefinition, total: number): Answers {
  let left = total;
  return Object.fromEntries(
    definition.items.map((item) => {
      const value = Math.min(3, left);
      left -= value;
      return [item.id, value];
    }),
  );
}

describe('UCLA-3', () => {
  const ucla3 = instruments.ucla3;

  it('sums the three items and calls 6 or more lonely', () => {
    const six = scoreMeasurement(ucla3, { companionship: 2, left_out: 2, isolated: 2 });
    expect(six.scores).toEqual([
      { scale: 'total', value: 6, band: 'lonely', reason: null, missingItems: [] },
    ]);
    expect(six.complete).toBe(true);
    const five = scoreMeasurement(ucla3, { companionship: 1, left_out: 2, isolated: 2 });
    expect(score(five, 'total')).toMatchObject({ value: 5, band: 'not_lonely' });
    expect(
      score(scoreMeasurement(ucla3, { companionship: 3, left_out: 3, isolated: 3 }), 'total'),
    ).toMatchObject({ value: 9, band: 'lonely' });
  });

  it('gives no score, never a zero, when an item is unanswered', () => {
    const partial = scoreMeasurement(ucla3, { companionship: 3, left_out: null });
    expect(score(partial, 'total')).toEqual({
      scale: 'total',
      value: null,
      band: null,
      reason: 'missing_items',
      missingItems: ['left_out', 'isolated'],
    });
    expect(partial.complete).toBe(false);
    expect(partial.missingItems).toEqual(['left_out', 'isolated']);
  });

  it('refuses an answer the item cannot take rather than adding it', () => {
    const wrong = scoreMeasurement(ucla3, { companionship: 4, left_out: 1, isolated: 1 });
    expect(score(wrong, 'total')).toMatchObject({ value: null, reason: 'invalid_answers' });
    expect(wrong.invalidItems).toEqual(['companionship']);
    expect(wrong.complete).toBe(false);
  });

  it('counts any fall of a point as less lonely', () => {
    expect(classifyChange(ucla3, 'total', 7, 6)).toBe('improved');
    expect(classifyChange(ucla3, 'total', 7, 7)).toBe('same');
    expect(classifyChange(ucla3, 'total', 5, 8)).toBe('worsened');
  });
});

describe('De Jong Gierveld 6', () => {
  const djg6 = instruments.djg6;
  const YES = 1;
  const MORE_OR_LESS = 2;
  const NO = 3;

  it('scores emotional items for yes or more or less, social items for no or more or less', () => {
    const measurement = scoreMeasurement(djg6, {
      emptiness: YES, // emotional: 1
      rely_on: NO, // social: 1
      miss_people: MORE_OR_LESS, // emotional: 1
      trust: YES, // social: 0
      rejected: NO, // emotional: 0
      close_to: MORE_OR_LESS, // social: 1
    });
    expect(score(measurement, 'emotional')).toMatchObject({ value: 2, band: null });
    expect(score(measurement, 'social')).toMatchObject({ value: 2, band: null });
    expect(score(measurement, 'total')).toMatchObject({ value: 4, band: 'moderately_lonely' });
  });

  it('bands the total 0-1, 2-4 and 5-6', () => {
    const notLonely = {
      emptiness: NO,
      miss_people: NO,
      rejected: NO,
      rely_on: YES,
      trust: YES,
      close_to: YES,
    };
    expect(score(scoreMeasurement(djg6, notLonely), 'total')).toMatchObject({
      value: 0,
      band: 'not_lonely',
    });
    const one = { ...notLonely, rejected: MORE_OR_LESS };
    expect(score(scoreMeasurement(djg6, one), 'total')).toMatchObject({
      value: 1,
      band: 'not_lonely',
    });
    const severe = {
      emptiness: YES,
      miss_people: YES,
      rejected: MORE_OR_LESS,
      rely_on: NO,
      trust: NO,
      close_to: YES,
    };
    expect(score(scoreMeasurement(djg6, severe), 'total')).toMatchObject({
      value: 5,
      band: 'severely_lonely',
    });
  });

  it('keeps the subscale whose items are all answered when another item is missing', () => {
    const measurement = scoreMeasurement(djg6, {
      emptiness: YES,
      miss_people: YES,
      rejected: YES,
      rely_on: NO,
      trust: NO,
    });
    expect(score(measurement, 'emotional')).toMatchObject({ value: 3, reason: null });
    expect(score(measurement, 'social')).toMatchObject({ value: null, reason: 'missing_items' });
    expect(score(measurement, 'total')).toMatchObject({ value: null, reason: 'missing_items' });
  });
});

describe('ONS4', () => {
  const ons4 = instruments.ons4;

  it('scores each item on its own with the ONS bands', () => {
    const measurement = scoreMeasurement(ons4, {
      satisfied: 4,
      worthwhile: 5,
      happy: 9,
      anxious: 1,
    });
    expect(measurement.scores.map(({ scale, value, band }) => [scale, value, band])).toEqual([
      ['satisfied', 4, 'low'],
      ['worthwhile', 5, 'medium'],
      ['happy', 9, 'very_high'],
      ['anxious', 1, 'very_low'],
    ]);
  });

  it('uses the reversed bands for anxiety', () => {
    const band = (anxious: number): string | null =>
      score(scoreMeasurement(ons4, { anxious }), 'anxious').band;
    expect([0, 1, 2, 3, 4, 5, 6, 10].map(band)).toEqual([
      'very_low',
      'very_low',
      'low',
      'low',
      'medium',
      'medium',
      'high',
      'high',
    ]);
    expect(band(7)).toBe('high');
    expect(score(scoreMeasurement(ons4, { satisfied: 8 }), 'satisfied').band).toBe('high');
  });

  it('scores the answered items when one is skipped', () => {
    const measurement = scoreMeasurement(ons4, {
      satisfied: 7,
      worthwhile: 7,
      happy: null,
      anxious: 3,
    });
    expect(score(measurement, 'happy')).toMatchObject({ value: null, reason: 'missing_items' });
    expect(score(measurement, 'satisfied').value).toBe(7);
    expect(measurement.complete).toBe(false);
  });

  it('calls a move to a better band an improvement, lower being better for anxiety', () => {
    expect(classifyChange(ons4, 'anxious', 7, 5)).toBe('improved');
    expect(classifyChange(ons4, 'anxious', 3, 2)).toBe('same');
    expect(classifyChange(ons4, 'anxious', 1, 6)).toBe('worsened');
    expect(classifyChange(ons4, 'satisfied', 6, 7)).toBe('improved');
    expect(classifyChange(ons4, 'satisfied', 7, 8)).toBe('same');
    expect(classifyChange(ons4, 'happy', 9, 4)).toBe('worsened');
  });
});

describe('single items', () => {
  it('mh1: fair or poor is low', () => {
    const band = (value: number): string | null =>
      score(scoreMeasurement(instruments.mh1, { mental_health: value }), 'mental_health').band;
    expect(band(1)).toBe('low'); // poor
    expect(band(2)).toBe('low'); // fair
    expect(band(3)).toBe('good_or_better');
    expect(band(5)).toBe('good_or_better');
    expect(classifyChange(instruments.mh1, 'mental_health', 2, 3)).toBe('improved');
  });

  it('belong1: somewhat or very strong is strong', () => {
    const band = (value: number): string | null =>
      score(scoreMeasurement(instruments.belong1, { belonging: value }), 'belonging').band;
    expect([1, 2, 3, 4].map(band)).toEqual(['weak', 'weak', 'strong', 'strong']);
  });

  it('pa1: 5 days or more is active', () => {
    const band = (days: number): string | null =>
      score(scoreMeasurement(instruments.pa1, { active_days: days }), 'active_days').band;
    expect(band(4)).toBe('not_active');
    expect(band(5)).toBe('active');
    expect(band(7)).toBe('active');
    expect(band(0)).toBe('not_active');
    expect(score(scoreMeasurement(instruments.pa1, {}), 'active_days')).toMatchObject({
      value: null,
      reason: 'missing_items',
    });
    expect(classifyChange(instruments.pa1, 'active_days', 2, 3)).toBe('improved');
  });
});

describe('PHQ-9 and GAD-7', () => {
  it('bands the PHQ-9 at 5, 10, 15 and 20', () => {
    const band = (total: number): [number | null, string | null] => {
      const result = score(
        scoreMeasurement(instruments.phq9, answersSummingTo(instruments.phq9, total)),
        'total',
      );
      return [result.value, result.band];
    };
    expect([0, 4, 5, 9, 10, 14, 15, 19, 20, 27].map(band)).toEqual([
      [0, 'minimal'],
      [4, 'minimal'],
      [5, 'mild'],
      [9, 'mild'],
      [10, 'moderate'],
      [14, 'moderate'],
      [15, 'moderately_severe'],
      [19, 'moderately_severe'],
      [20, 'severe'],
      [27, 'severe'],
    ]);
  });

  it('bands the GAD-7 at 5, 10 and 15', () => {
    const band = (total: number): string | null =>
      score(scoreMeasurement(instruments.gad7, answersSummingTo(instruments.gad7, total)), 'total')
        .band;
    expect([4, 5, 10, 15, 21].map(band)).toEqual([
      'minimal',
      'mild',
      'moderate',
      'severe',
      'severe',
    ]);
  });

  it('gives no PHQ-9 score when any item is missing, even with a zero-looking sum', () => {
    const answers = { ...answersSummingTo(instruments.phq9, 0), phq9_4: null };
    expect(score(scoreMeasurement(instruments.phq9, answers), 'total')).toMatchObject({
      value: null,
      band: null,
      reason: 'missing_items',
      missingItems: ['phq9_4'],
    });
  });

  it('raises the safeguarding alert for any answer above 0 on PHQ-9 item 9', () => {
    const base = answersSummingTo(instruments.phq9, 0);
    expect(safeguardingTriggers(instruments.phq9, base)).toEqual([]);
    for (const value of [1, 2, 3]) {
      const triggered = safeguardingTriggers(instruments.phq9, { ...base, phq9_9: value });
      expect(triggered).toHaveLength(1);
      expect(triggered[0]).toMatchObject({ id: 'self_harm_thoughts', item: 'phq9_9', value });
      expect(triggered[0]?.action.fr).toBeTruthy();
      expect(triggered[0]?.action.en).toBeTruthy();
    }
    // Raised even when the rest of the questionnaire is unanswered.
    expect(safeguardingTriggers(instruments.phq9, { phq9_9: 1 })).toHaveLength(1);
    expect(safeguardingTriggers(instruments.phq9, { phq9_9: null })).toEqual([]);
    expect(safeguardingTriggers(instruments.gad7, answersSummingTo(instruments.gad7, 21))).toEqual(
      [],
    );
  });

  it('counts reliable change: 6 points on the PHQ-9, 4 on the GAD-7', () => {
    expect(classifyChange(instruments.phq9, 'total', 18, 12)).toBe('improved');
    expect(classifyChange(instruments.phq9, 'total', 18, 13)).toBe('same');
    expect(classifyChange(instruments.phq9, 'total', 10, 16)).toBe('worsened');
    expect(classifyChange(instruments.gad7, 'total', 12, 8)).toBe('improved');
    expect(classifyChange(instruments.gad7, 'total', 12, 9)).toBe('same');
    expect(() => classifyChange(instruments.gad7, 'nope', 1, 2)).toThrow(RangeError);
  });
});

describe('a new instrument is only a definition file', () => {
  const fixture = parseInstrumentDefinition(
    JSON.parse(
      readFileSync(
        new URL('../../../test/fixtures/instruments/fixture-rest3.json', import.meta.url),
        'utf8',
      ),
    ),
  );

  it('scores a definition the engine has never seen, reversed item and prorating included', () => {
    // rested 2 + tired reversed (2 - 0) + calm 1 = 5.
    const full = scoreMeasurement(fixture, { rested: 2, tired: 0, calm: 1 });
    expect(full).toMatchObject({
      instrumentId: 'fixture_rest3',
      instrumentVersion: 2,
      complete: true,
    });
    expect(score(full, 'rest')).toMatchObject({ value: 5, band: 'good' });
    // One missing item is allowed and prorated: (2 + 2) x 3 / 2 = 6.
    expect(score(scoreMeasurement(fixture, { rested: 2, tired: 0 }), 'rest')).toMatchObject({
      value: 6,
      band: 'good',
      reason: null,
      missingItems: ['calm'],
    });
    expect(score(scoreMeasurement(fixture, { rested: 2 }), 'rest')).toMatchObject({
      value: null,
      reason: 'missing_items',
    });
    expect(safeguardingTriggers(fixture, { tired: 2 }).map((t) => t.id)).toEqual(['exhausted']);
    expect(safeguardingTriggers(fixture, { tired: 1 })).toEqual([]);
    expect(classifyChange(fixture, 'rest', 2, 3)).toBe('improved');
  });

  it('reports answers to items the instrument does not have', () => {
    expect(
      scoreMeasurement(fixture, { rested: 1, tired: 1, calm: 1, mood: 2 }).unknownItems,
    ).toEqual(['mood']);
  });
});
