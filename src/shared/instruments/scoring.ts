import type {
  InstrumentDefinition,
  InstrumentItem,
  InstrumentScale,
  LocalizedText,
  ScoringRule,
} from './instrument-schema';

/**
 * Scores are derived, never stored as the record: the answers are kept item by item and
 * this module turns them into scores, bands, safeguarding alerts and change, from the
 * instrument's definition alone.
 */

export type Answers = Readonly<Record<string, number | null | undefined>>;

/** Why a scale has no score: too many items unanswered, or an answer the item cannot take. */
export type NoScoreReason = 'missing_items' | 'invalid_answers';

export type ScaleScore = {
  scale: string;
  value: number | null;
  band: string | null;
  reason: NoScoreReason | null;
  /** The scale's items left unanswered, even when the rule still allowed a score. */
  missingItems: string[];
};

export type Measurement = {
  instrumentId: string;
  instrumentVersion: number;
  scores: ScaleScore[];
  /** Every item answered with one of its own values. */
  complete: boolean;
  missingItems: string[];
  invalidItems: string[];
  /** Answers given for items this instrument does not have. */
  unknownItems: string[];
};

export type ChangeClass = 'improved' | 'same' | 'worsened';

export type TriggeredSafeguarding = {
  id: string;
  item: string;
  value: number;
  message: LocalizedText;
  action: LocalizedText;
};

type ItemState = { kind: 'answered'; value: number } | { kind: 'missing' } | { kind: 'invalid' };

function itemState(item: InstrumentItem, answers: Answers): ItemState {
  const value = answers[item.id];
  if (value === null || value === undefined) return { kind: 'missing' };
  return item.options.some((option) => option.value === value)
    ? { kind: 'answered', value }
    : { kind: 'invalid' };
}

function optionBounds(item: InstrumentItem): { min: number; max: number } {
  const values = item.options.map((option) => option.value);
  return { min: Math.min(...values), max: Math.max(...values) };
}

type Contribution = { itemId: string; points: (value: number) => number };

function contributions(rule: ScoringRule, items: Map<string, InstrumentItem>): Contribution[] {
  switch (rule.kind) {
    case 'single':
      return [{ itemId: rule.item, points: (value) => value }];
    case 'sum':
      return rule.items.map((itemId) => {
        const item = items.get(itemId);
        if (item && rule.reverseItems.includes(itemId)) {
          const { min, max } = optionBounds(item);
          return { itemId, points: (value: number) => min + max - value };
        }
        return { itemId, points: (value: number) => value };
      });
    case 'count_matching':
      return rule.items.map((entry) => ({
        itemId: entry.item,
        points: (value: number) => (entry.values.includes(value) ? 1 : 0),
      }));
  }
}

/** The band a score falls in, or null when the scale has no bands. */
export function bandFor(scale: InstrumentScale, value: number): string | null {
  return scale.bands.find((band) => value >= band.min && value <= band.max)?.code ?? null;
}

function scoreScale(
  scale: InstrumentScale,
  items: Map<string, InstrumentItem>,
  answers: Answers,
): ScaleScore {
  const parts = contributions(scale.scoring, items);
  const missing: string[] = [];
  let invalid = false;
  let total = 0;
  for (const part of parts) {
    const item = items.get(part.itemId);
    const state: ItemState = item ? itemState(item, answers) : { kind: 'missing' };
    if (state.kind === 'missing') missing.push(part.itemId);
    else if (state.kind === 'invalid') invalid = true;
    else total += part.points(state.value);
  }
  const noScore = (reason: NoScoreReason): ScaleScore => ({
    scale: scale.id,
    value: null,
    band: null,
    reason,
    missingItems: missing,
  });
  if (invalid) return noScore('invalid_answers');
  const rule = scale.scoring;
  const maxMissing = rule.kind === 'single' ? 0 : rule.missing.maxMissing;
  if (missing.length > maxMissing) return noScore('missing_items');
  if (missing.length > 0 && rule.kind !== 'single' && rule.missing.prorate) {
    total = Math.round((total * parts.length) / (parts.length - missing.length));
  }
  return {
    scale: scale.id,
    value: total,
    band: bandFor(scale, total),
    reason: null,
    missingItems: missing,
  };
}

/**
 * Scores one completed (or partly completed) questionnaire. A missing answer is never
 * counted as zero: the scale's missing-items rule decides whether there is a score at all.
 */
export function scoreMeasurement(definition: InstrumentDefinition, answers: Answers): Measurement {
  const items = new Map(definition.items.map((item) => [item.id, item]));
  const missingItems: string[] = [];
  const invalidItems: string[] = [];
  for (const item of definition.items) {
    const state = itemState(item, answers);
    if (state.kind === 'missing') missingItems.push(item.id);
    if (state.kind === 'invalid') invalidItems.push(item.id);
  }
  const unknownItems = Object.keys(answers).filter(
    (itemId) => !items.has(itemId) && answers[itemId] !== null && answers[itemId] !== undefined,
  );
  return {
    instrumentId: definition.id,
    instrumentVersion: definition.version,
    scores: definition.scales.map((scale) => scoreScale(scale, items, answers)),
    complete: missingItems.length === 0 && invalidItems.length === 0,
    missingItems,
    invalidItems,
    unknownItems,
  };
}

/**
 * The safeguarding alerts these answers raise (PHQ-9 item 9 above 0, for one). Any number
 * given is checked, even one outside the item's options: an alert must not be lost to a
 * validation slip.
 */
export function safeguardingTriggers(
  definition: InstrumentDefinition,
  answers: Answers,
): TriggeredSafeguarding[] {
  const triggered: TriggeredSafeguarding[] = [];
  for (const trigger of definition.safeguarding) {
    const value = answers[trigger.item];
    if (typeof value !== 'number' || !Number.isFinite(value)) continue;
    const { operator, value: threshold } = trigger.when;
    const raised =
      operator === 'gt'
        ? value > threshold
        : operator === 'gte'
          ? value >= threshold
          : value === threshold;
    if (raised) {
      triggered.push({
        id: trigger.id,
        item: trigger.item,
        value,
        message: trigger.message,
        action: trigger.action,
      });
    }
  }
  return triggered;
}

function findScale(definition: InstrumentDefinition, scaleId: string): InstrumentScale {
  const scale = definition.scales.find((candidate) => candidate.id === scaleId);
  if (!scale) throw new RangeError(`${definition.id} has no scale ${scaleId}`);
  return scale;
}

function bandIndex(scale: InstrumentScale, value: number): number {
  const index = scale.bands.findIndex((band) => value >= band.min && value <= band.max);
  if (index < 0) throw new RangeError(`${value} is outside the bands of ${scale.id}`);
  return index;
}

/**
 * Whether a person improved, stayed the same or worsened on one scale between two scores,
 * by the scale's own rule: a minimal change in its better direction, or a move between bands.
 */
export function classifyChange(
  definition: InstrumentDefinition,
  scaleId: string,
  before: number,
  after: number,
): ChangeClass {
  const scale = findScale(definition, scaleId);
  const { direction, rule } = scale.change;
  const sign = direction === 'higher_is_better' ? 1 : -1;
  const gain =
    rule.kind === 'band'
      ? sign * (bandIndex(scale, after) - bandIndex(scale, before))
      : sign * (after - before);
  const needed = rule.kind === 'band' ? 1 : rule.minimalChange;
  if (gain >= needed) return 'improved';
  if (gain <= -needed) return 'worsened';
  return 'same';
}
