import { describe, expect, it } from 'vitest';
import { categoriesForNeeds } from './need-categories';

describe('categoriesForNeeds', () => {
  it('points a high need to its categories before a lesser need to the same ones', () => {
    expect(
      categoriesForNeeds({ social_connection: 'high', mental_wellbeing: 'some', money: 'none' }),
    ).toEqual({ high: ['social', 'peer'], some: ['arts', 'nature'] });
  });

  it('ignores needs it does not know', () => {
    expect(categoriesForNeeds({ astrology: 'high' })).toEqual({ high: [], some: [] });
  });
});
