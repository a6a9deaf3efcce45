import { describe, expect, it } from 'vitest';
import { tokenise } from '../search';
import { type CategoryPhrases, suggestCategory } from './term-categories-rules';

const vocabulary: CategoryPhrases[] = [
  { category: 'nature', phrases: [['community', 'garden'], ['garden']] },
  { category: 'social', phrases: [['community']] },
  { category: 'arts', phrases: [['choir'], ['singing']] },
  { category: 'physical', phrases: [['dance']] },
];

const suggest = (name: string) => suggestCategory(tokenise(name), vocabulary);

describe('suggesting the category of a feed term', () => {
  it('reads plural names as the vocabulary’s singular words', () => {
    expect(suggest('Community Gardens')).toEqual({
      state: 'suggested',
      category: 'nature',
      matchedWords: ['community garden', 'garden'],
    });
  });

  it('lets a longer phrase outweigh a single common word', () => {
    expect(suggest('Community Gardens').category).toBe('nature');
    expect(suggest('Community Centres').category).toBe('social');
  });

  it('leaves a tie or no match to an administrator', () => {
    expect(suggest('Choir and Dance')).toEqual({
      state: 'undecided',
      category: null,
      matchedWords: ['choir', 'dance'],
    });
    expect(suggest('Miscellaneous Programs')).toEqual({
      state: 'undecided',
      category: null,
      matchedWords: [],
    });
  });

  it('matches whole words only', () => {
    expect(suggest('Gardening tools').state).toBe('undecided');
  });
});
