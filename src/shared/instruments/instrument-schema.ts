import { z } from 'zod';

/**
 * The shape of an outcome instrument's definition file (definitions/<id>.json). An
 * instrument is data: its wording in both languages with the source of each, its answers,
 * how it is scored, its bands and what counts as a change. Adding an instrument needs only
 * a new file that passes this schema (see measures.md).
 */

const code = z.string().regex(/^[a-z][a-z0-9_]*$/, 'lower_snake_case code');

export const LocalizedText = z.object({ fr: z.string().min(1), en: z.string().min(1) });
export type LocalizedText = z.infer<typeof LocalizedText>;

export const WordingSource = z.object({
  /** Where this language's wording comes from. */
  citation: z.string().min(1),
  /** True for the language the instrument was written and validated in. */
  original: z.boolean(),
  /** True when the wording is a published, validated (or official survey) version; false for our own translation. */
  validatedTranslation: z.boolean(),
  /** True once the text in this file has been compared word for word with the cited source. */
  checkedAgainstSource: z.boolean(),
  note: z.string().min(1).optional(),
});
export type WordingSource = z.infer<typeof WordingSource>;

export const AnswerOption = z.object({ value: z.number().int(), label: LocalizedText });
export type AnswerOption = z.infer<typeof AnswerOption>;

export const InstrumentItem = z.object({
  id: code,
  text: LocalizedText,
  options: z.array(AnswerOption).min(2),
});
export type InstrumentItem = z.infer<typeof InstrumentItem>;

export const MissingRule = z.object({
  /** How many of the scale's items may be unanswered and still give a score. */
  maxMissing: z.number().int().min(0),
  /**
   * With missing items allowed, scale the answered items up to the full count (rounded to a
   * whole number) instead of adding the answered ones only. Use only where the instrument's
   * published rule says so.
   */
  prorate: z.boolean().default(false),
});
export type MissingRule = z.infer<typeof MissingRule>;

export const ScoringRule = z.discriminatedUnion('kind', [
  /** The answer to one item is the score. */
  z.object({ kind: z.literal('single'), item: code }),
  /** The sum of the items' values; reversed items count (lowest + highest - value). */
  z.object({
    kind: z.literal('sum'),
    items: z.array(code).min(1),
    reverseItems: z.array(code).default([]),
    missing: MissingRule,
  }),
  /** One point for each item whose answer is one of its listed values. */
  z.object({
    kind: z.literal('count_matching'),
    items: z.array(z.object({ item: code, values: z.array(z.number().int()).min(1) })).min(1),
    missing: MissingRule,
  }),
]);
export type ScoringRule = z.infer<typeof ScoringRule>;

export const Band = z.object({
  code,
  min: z.number().int(),
  max: z.number().int(),
  label: LocalizedText,
});
export type Band = z.infer<typeof Band>;

export const improvementDirections = ['higher_is_better', 'lower_is_better'] as const;
export type ImprovementDirection = (typeof improvementDirections)[number];

export const ChangeRule = z.object({
  direction: z.enum(improvementDirections),
  /**
   * 'threshold': improved or worsened when the score moves by at least minimalChange in
   * that direction; 'band': when it moves to a better or worse band.
   */
  rule: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('threshold'), minimalChange: z.number().positive() }),
    z.object({ kind: z.literal('band') }),
  ]),
  source: z.string().min(1),
});
export type ChangeRule = z.infer<typeof ChangeRule>;

export const InstrumentScale = z.object({
  id: code,
  label: LocalizedText,
  scoring: ScoringRule,
  range: z.object({ min: z.number().int(), max: z.number().int() }),
  /** In ascending order of score, contiguous, covering the range; may be empty. */
  bands: z.array(Band),
  change: ChangeRule,
});
export type InstrumentScale = z.infer<typeof InstrumentScale>;

export const SafeguardingTrigger = z.object({
  id: code,
  item: code,
  when: z.object({ operator: z.enum(['gt', 'gte', 'eq']), value: z.number() }),
  /** What the alert says happened, and what the person recording it must do next. */
  message: LocalizedText,
  action: LocalizedText,
});
export type SafeguardingTrigger = z.infer<typeof SafeguardingTrigger>;

/**
 * The introduction a person reads who answers alone (the emailed questionnaire), for an
 * instrument whose `instructions` are an interviewer's words ("tell me..."): taken from the
 * measure's published self-completion version, each language with its source.
 */
export const SelfCompletion = z.object({
  /** Shown before the items; null where the self-completion version has no introduction. */
  instructions: LocalizedText.nullable(),
  sources: z.object({ en: WordingSource, fr: WordingSource }),
});
export type SelfCompletion = z.infer<typeof SelfCompletion>;

const InstrumentDefinitionShape = z.object({
  id: code,
  version: z.number().int().min(1),
  title: LocalizedText,
  measures: LocalizedText,
  licence: z.object({ freeToUse: z.boolean(), note: z.string().min(1) }),
  sources: z.object({
    instrument: z.string().min(1),
    scoring: z.string().min(1),
    wording: z.object({ en: WordingSource, fr: WordingSource }),
  }),
  /** Read out before the items, e.g. the time frame. */
  instructions: LocalizedText.optional(),
  /** Required where `instructions` speak as an interviewer; see SelfCompletion. */
  selfCompletion: SelfCompletion.optional(),
  items: z.array(InstrumentItem).min(1),
  scales: z.array(InstrumentScale).min(1),
  safeguarding: z.array(SafeguardingTrigger).default([]),
});

function scaleItemIds(rule: ScoringRule): string[] {
  switch (rule.kind) {
    case 'single':
      return [rule.item];
    case 'sum':
      return [...rule.items, ...rule.reverseItems];
    case 'count_matching':
      return rule.items.map((entry) => entry.item);
  }
}

export const InstrumentDefinition = InstrumentDefinitionShape.superRefine((definition, ctx) => {
  const items = new Map<string, InstrumentItem>();
  definition.items.forEach((item, index) => {
    if (items.has(item.id)) {
      ctx.addIssue({ code: 'custom', path: ['items', index, 'id'], message: 'duplicate item id' });
    }
    items.set(item.id, item);
    const values = item.options.map((option) => option.value);
    if (new Set(values).size !== values.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['items', index, 'options'],
        message: 'duplicate answer value',
      });
    }
  });

  const scaleIds = new Set<string>();
  definition.scales.forEach((scale, index) => {
    const path = ['scales', index];
    if (scaleIds.has(scale.id)) {
      ctx.addIssue({ code: 'custom', path: [...path, 'id'], message: 'duplicate scale id' });
    }
    scaleIds.add(scale.id);
    for (const itemId of scaleItemIds(scale.scoring)) {
      if (!items.has(itemId)) {
        ctx.addIssue({
          code: 'custom',
          path: [...path, 'scoring'],
          message: `unknown item ${itemId}`,
        });
      }
    }
    const rule = scale.scoring;
    if (rule.kind === 'sum') {
      for (const reversed of rule.reverseItems) {
        if (!rule.items.includes(reversed)) {
          ctx.addIssue({
            code: 'custom',
            path: [...path, 'scoring', 'reverseItems'],
            message: `${reversed} is not summed`,
          });
        }
      }
    }
    if (rule.kind === 'count_matching') {
      for (const entry of rule.items) {
        const allowed = items.get(entry.item)?.options.map((option) => option.value) ?? [];
        if (entry.values.some((value) => !allowed.includes(value))) {
          ctx.addIssue({
            code: 'custom',
            path: [...path, 'scoring', 'items'],
            message: `${entry.item} matches a value it cannot take`,
          });
        }
      }
    }
    if (rule.kind !== 'single' && rule.missing.maxMissing >= rule.items.length) {
      ctx.addIssue({
        code: 'custom',
        path: [...path, 'scoring', 'missing'],
        message: 'maxMissing must leave at least one item',
      });
    }
    if (scale.range.min > scale.range.max) {
      ctx.addIssue({ code: 'custom', path: [...path, 'range'], message: 'min above max' });
    }
    if (scale.bands.length > 0) {
      const first = scale.bands[0];
      const last = scale.bands[scale.bands.length - 1];
      if (first?.min !== scale.range.min || last?.max !== scale.range.max) {
        ctx.addIssue({
          code: 'custom',
          path: [...path, 'bands'],
          message: 'bands must cover the range',
        });
      }
      scale.bands.forEach((band, bandIndex) => {
        const previous = scale.bands[bandIndex - 1];
        if (band.min > band.max || (previous && band.min !== previous.max + 1)) {
          ctx.addIssue({
            code: 'custom',
            path: [...path, 'bands', bandIndex],
            message: 'bands must be ascending and contiguous',
          });
        }
      });
    } else if (scale.change.rule.kind === 'band') {
      ctx.addIssue({
        code: 'custom',
        path: [...path, 'change'],
        message: 'a band rule needs bands',
      });
    }
  });

  definition.safeguarding.forEach((trigger, index) => {
    if (!items.has(trigger.item)) {
      ctx.addIssue({
        code: 'custom',
        path: ['safeguarding', index, 'item'],
        message: `unknown item ${trigger.item}`,
      });
    }
  });
});
export type InstrumentDefinition = z.infer<typeof InstrumentDefinition>;

/** Parses a definition file's content; throws a ZodError naming every problem. */
export function parseInstrumentDefinition(content: unknown): InstrumentDefinition {
  return InstrumentDefinition.parse(content);
}
