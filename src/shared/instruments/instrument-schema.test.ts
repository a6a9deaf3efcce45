import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { locales } from '../locale';
import {
  findInstrument,
  instrumentIds,
  instruments,
  isInstrumentId,
  parseInstrumentDefinition,
  selfCompletionInstructions,
} from './index';

const definitionsDirectory = new URL('./definitions/', import.meta.url);

describe('built-in instruments', () => {
  it('lists every definition file, and nothing else', () => {
    const files = readdirSync(definitionsDirectory)
      .filter((name) => name.endsWith('.json'))
      .map((name) => name.replace(/\.json$/, ''))
      .sort();
    expect([...instrumentIds].sort()).toEqual(files);
    expect(files).toEqual(['belong1', 'djg6', 'gad7', 'mh1', 'ons4', 'pa1', 'phq9', 'ucla3']);
  });

  it('names the source of each language’s wording and says which translations are not validated', () => {
    for (const id of instrumentIds) {
      const { wording } = instruments[id].sources;
      expect(wording.en.citation.length, id).toBeGreaterThan(0);
      expect(wording.fr.citation.length, id).toBeGreaterThan(0);
      expect(wording.fr.original, id).toBe(false);
      expect(instruments[id].licence.freeToUse, id).toBe(true);
    }
    const unvalidatedFrench = instrumentIds.filter(
      (id) => !instruments[id].sources.wording.fr.validatedTranslation,
    );
    expect(unvalidatedFrench.sort()).toEqual(['djg6', 'ons4', 'pa1', 'ucla3']);
  });

  it('has every item and answer in French and English', () => {
    for (const id of instrumentIds) {
      for (const item of instruments[id].items) {
        expect(item.text.fr, `${id}.${item.id}`).not.toBe(item.text.en);
        for (const option of item.options) {
          expect(option.label.fr.trim(), `${id}.${item.id}`).not.toBe('');
        }
      }
    }
  });

  it('gives a person answering alone no interviewer’s words, each self-completion version sourced', () => {
    const interviewer = /tell me|I would like|I’d like|dites-moi|je voudrais/i;
    for (const id of instrumentIds) {
      const definition = instruments[id];
      for (const locale of locales) {
        const read = [
          selfCompletionInstructions(definition, locale),
          ...definition.items.map((item) => item.text[locale]),
        ];
        for (const text of read) expect(text ?? '', `${id} ${locale}`).not.toMatch(interviewer);
      }
      if (definition.selfCompletion) {
        expect(definition.selfCompletion.sources.en.citation, id).not.toBe('');
        expect(definition.selfCompletion.sources.fr.citation, id).not.toBe('');
      }
    }
    // The interviewer's words stay for the link worker who reads the questions out.
    expect(instruments.ucla3.instructions?.en).toMatch(interviewer);
    expect(instruments.ons4.instructions?.fr).toMatch(interviewer);
    // Written for the reader already: the person reads them as they are.
    expect(selfCompletionInstructions(instruments.gad7, 'en')).toBe(
      instruments.gad7.instructions?.en,
    );
  });

  it('finds instruments by id', () => {
    expect(findInstrument('phq9')?.items).toHaveLength(9);
    expect(findInstrument('swemwbs')).toBeUndefined();
    expect(isInstrumentId('gad7')).toBe(true);
    expect(isInstrumentId('toString')).toBe(false);
  });
});

describe('the definition schema', () => {
  const valid = (): Record<string, unknown> =>
    JSON.parse(readFileSync(new URL('ucla3.json', definitionsDirectory), 'utf8')) as Record<
      string,
      unknown
    >;

  function withScale(change: (scale: Record<string, unknown>) => void): Record<string, unknown> {
    const definition = valid();
    const scales = definition.scales as Record<string, unknown>[];
    const scale = scales[0];
    if (scale) change(scale);
    return definition;
  }

  it('accepts a built-in definition as it is', () => {
    expect(() => parseInstrumentDefinition(valid())).not.toThrow();
  });

  it('rejects a scale that uses an item the instrument lacks', () => {
    const broken = withScale((scale) => {
      scale.scoring = { kind: 'sum', items: ['companionship', 'nope'], missing: { maxMissing: 0 } };
    });
    expect(() => parseInstrumentDefinition(broken)).toThrow(/unknown item nope/);
  });

  it('rejects bands with a gap or that do not cover the range', () => {
    const gap = withScale((scale) => {
      scale.bands = [
        { code: 'a', min: 3, max: 4, label: { fr: 'a', en: 'a' } },
        { code: 'b', min: 6, max: 9, label: { fr: 'b', en: 'b' } },
      ];
    });
    expect(() => parseInstrumentDefinition(gap)).toThrow(/contiguous/);
    const short = withScale((scale) => {
      scale.bands = [{ code: 'a', min: 3, max: 8, label: { fr: 'a', en: 'a' } }];
    });
    expect(() => parseInstrumentDefinition(short)).toThrow(/cover the range/);
  });

  it('rejects a band-based change rule without bands, and a missing-items rule that allows nothing', () => {
    const noBands = withScale((scale) => {
      scale.bands = [];
      scale.change = { direction: 'lower_is_better', rule: { kind: 'band' }, source: 'x' };
    });
    expect(() => parseInstrumentDefinition(noBands)).toThrow(/needs bands/);
    const allMissing = withScale((scale) => {
      scale.scoring = { kind: 'sum', items: ['companionship'], missing: { maxMissing: 1 } };
    });
    expect(() => parseInstrumentDefinition(allMissing)).toThrow(/at least one item/);
  });

  it('rejects matching values an item cannot take, and a trigger on an unknown item', () => {
    const matching = withScale((scale) => {
      scale.scoring = {
        kind: 'count_matching',
        items: [{ item: 'companionship', values: [7] }],
        missing: { maxMissing: 0 },
      };
    });
    expect(() => parseInstrumentDefinition(matching)).toThrow(/cannot take/);
    const trigger = valid();
    trigger.safeguarding = [
      {
        id: 'x',
        item: 'nope',
        when: { operator: 'gt', value: 0 },
        message: { fr: 'x', en: 'x' },
        action: { fr: 'x', en: 'x' },
      },
    ];
    expect(() => parseInstrumentDefinition(trigger)).toThrow(/unknown item nope/);
  });

  it('requires both languages', () => {
    const english = valid();
    english.title = { en: 'Only English' };
    expect(() => parseInstrumentDefinition(english)).toThrow();
  });
});
