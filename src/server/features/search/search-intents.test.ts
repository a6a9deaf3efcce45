import { describe, expect, it } from 'vitest';
import { recogniseIntents } from './search-intents';
import {
  buildTerms,
  correctWords,
  expandWithVocabulary,
  prepareVocabulary,
  typedWords,
  wordWeight,
} from './search-rules';

const understand = (text: string, ignore: Parameters<typeof recogniseIntents>[1] = []) => {
  const { intents, rest } = recogniseIntents(typedWords(text), ignore);
  return { intents, words: rest.map((t) => t.word) };
};

describe('what a query says besides the activity', () => {
  it('reads cost, time, age and place in English and French, with the words as typed', () => {
    expect(understand('free yoga on weekends near me')).toEqual({
      intents: [
        { kind: 'free', words: 'free' },
        { kind: 'weekend', words: 'weekends' },
        { kind: 'near-me', words: 'near me' },
      ],
      words: ['yoga'],
    });
    expect(understand('Chorale gratuite le soir près de chez moi')).toEqual({
      intents: [
        { kind: 'free', words: 'gratuite' },
        { kind: 'evening', words: 'soir' },
        { kind: 'near-me', words: 'près chez moi' },
      ],
      words: ['chorale'],
    });
    expect(understand('cours de cuisine pas cher la fin de semaine').intents).toEqual([
      { kind: 'low-cost', words: 'pas cher' },
      { kind: 'weekend', words: 'fin semaine' },
    ]);
  });

  it('keeps the words about whom a listing is for as words to search for too', () => {
    expect(understand('yoga pour aînés')).toEqual({
      intents: [{ kind: 'seniors', words: 'aînés' }],
      words: ['yoga', 'aines'],
    });
    expect(understand('exercise for older adults').intents).toEqual([
      { kind: 'seniors', words: 'older adults' },
    ]);
  });

  it('leaves out the words of how a request is put, but not a query made only of them', () => {
    expect(understand('je cherche quelque chose pour mon père').words).toEqual(['pere']);
    expect(understand('something social for my dad').words).toEqual(['social', 'dad']);
    expect(understand('quelque chose').words).toEqual(['quelque', 'chose']);
  });

  it('drops an intent the user removed, and its words with it', () => {
    expect(understand('free yoga', ['free'])).toEqual({ intents: [], words: ['yoga'] });
  });

  it('sees no intent in words that only resemble one', () => {
    expect(understand('freedom walk').intents).toEqual([]);
    expect(understand('soirée dansante').intents).toEqual([{ kind: 'evening', words: 'soirée' }]);
  });
});

describe('phrases, corrections and word weights', () => {
  const vocabulary = prepareVocabulary([
    { en: ['walking group', 'walking club'], fr: ['groupe de marche', 'club de marche'] },
    { en: ['walking', 'walk'], fr: ['marche'] },
    { en: ['group'], fr: ['groupe'] },
  ]);

  it('translates a phrase the vocabulary knows as a unit, not word by word', () => {
    const expansions = expandWithVocabulary(['walking', 'group'], vocabulary, 0.9);
    expect(expansions.map((e) => e.text)).toEqual([
      'groupe de marche',
      'club de marche',
      'walking group',
      'walking club',
    ]);
    expect(expansions.every((e) => e.covers.join() === '0,1')).toBe(true);
    // A word on its own is still translated.
    expect(expandWithVocabulary(['walking'], vocabulary, 0.9).map((e) => e.text)).toContain(
      'marche',
    );
  });

  it('corrects only a word no dictionary knows, and keeps the typed word beside it', () => {
    const answers = [
      { input: 'store', known: false, nearest: 'sore', similarity: 0.5 },
      { input: 'tricott', known: false, nearest: 'tricot', similarity: 0.7 },
    ];
    const isWord = (word: string): boolean => word === 'store';
    const { words, corrections } = correctWords(['store', 'tricott'], answers, isWord);
    expect(words).toEqual(['store', 'tricot']);
    expect(corrections).toEqual([{ from: 'tricott', to: 'tricot' }]);
    const terms = buildTerms(typedWords('store tricott'), words, []);
    expect(terms.map((t) => [t.text, t.origin])).toEqual([
      ['store', 'typed'],
      ['tricott', 'typed'],
      ['tricot', 'corrected'],
    ]);
  });

  it('weighs rare words above common ones, and a word no listing holds not at all', () => {
    expect(wordWeight(2, 1000)).toBeGreaterThan(wordWeight(200, 1000));
    expect(wordWeight(200, 1000)).toBeGreaterThan(0);
    expect(wordWeight(0, 1000)).toBe(0);
  });
});
