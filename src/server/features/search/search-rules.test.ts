import { describe, expect, it } from 'vitest';
import {
  type SearchTerm,
  buildTerms,
  expandWithVocabulary,
  lexemesOf,
  matchedListingWords,
  prepareVocabulary,
  typedWords,
  wordsOfListing,
} from './search-rules';

describe('why a listing matched, in words people wrote', () => {
  it('keeps each typed word as typed beside the form the search uses', () => {
    expect(typedWords('Personnes isolées, à Cornwall')).toEqual([
      { word: 'personnes', asTyped: 'personnes' },
      { word: 'isolees', asTyped: 'isolées' },
      { word: 'cornwall', asTyped: 'cornwall' },
    ]);
  });

  it('shows a typed word as typed, a correction as the lexicon has it, from what was typed', () => {
    const typed = typedWords('isolé jardinner');
    const terms = buildTerms(typed, ['isole', 'jardiner'], []);
    expect(terms.map(({ text, shown, origin, from }) => ({ text, shown, origin, from }))).toEqual([
      { text: 'isole', shown: 'isolé', origin: 'typed', from: undefined },
      // The typed word stays beside its correction: its own matches are kept.
      { text: 'jardinner', shown: 'jardinner', origin: 'typed', from: undefined },
      { text: 'jardiner', shown: 'jardiner', origin: 'corrected', from: 'jardinner' },
    ]);
    expect(terms.map((t) => t.covers)).toEqual([[0], [1], [1]]);
  });

  it('shows an expansion as the vocabulary writes it, from the words typed', () => {
    const vocabulary = prepareVocabulary([
      { en: ['isolation'], fr: ['isolement', 'isolé', 'isolée'] },
    ]);
    const expansions = expandWithVocabulary(['isolees'], vocabulary, 0.4, ['isolées']);
    expect(expansions.map(({ shown, origin, from }) => ({ shown, origin, from }))).toEqual([
      { shown: 'isolation', origin: 'translated', from: 'isolées' },
      { shown: 'isolement', origin: 'synonym', from: 'isolées' },
      { shown: 'isolé', origin: 'synonym', from: 'isolées' },
      { shown: 'isolée', origin: 'synonym', from: 'isolées' },
    ]);
  });

  it('finds the listing’s own words a term matched by their stems', () => {
    const term: SearchTerm = {
      text: 'isolation',
      shown: 'isolation',
      origin: 'translated',
      from: 'isolé',
      weight: 0.4,
      covers: [0],
      tsquery: "'isol' | 'isol'",
    };
    const words = wordsOfListing('Visites d’amitié pour briser l’isolement des aînés');
    const stems = new Map([
      ['isolement', ['isol']],
      ['visites', ['visit']],
    ]);
    expect(matchedListingWords([term], [true], words, stems)).toEqual([['isolement']]);
    expect(matchedListingWords([term], [false], words, stems)).toEqual([[]]);
    // A phrase matches no single word.
    expect(lexemesOf("'living' <-> 'alon'")).toBeNull();
  });
});
