import { describe, expect, it } from 'vitest';
import { loadDemoDirectory } from './demo-directory';
import { loadJudgedDirectory } from './judged-directory';
import { gradesOf, listingFits, loadJudgedQueries, scoreRanking } from './judged-queries';

describe('judged query set', () => {
  const queries = loadJudgedQueries();
  const directory = loadJudgedDirectory();
  const demo = loadDemoDirectory();
  const byId = new Map(directory.map((l) => [l.service.id, l]));
  const count = (group: string) => queries.filter((q) => q.group === group).length;

  it('has at least 120 queries, a third of them natural requests in both languages', () => {
    expect(queries.length).toBeGreaterThanOrEqual(120);
    expect(count('natural')).toBeGreaterThanOrEqual(queries.length / 3);
    for (const language of ['fr', 'en'] as const) {
      const natural = queries.filter((q) => q.group === 'natural' && q.language === language);
      expect(natural.length, language).toBeGreaterThanOrEqual(15);
      expect(natural.every((q) => q.query.split(/\s+/).length >= 3)).toBe(true);
    }
    expect(count('cross-language')).toBeGreaterThanOrEqual(15);
    expect(count('typo')).toBeGreaterThanOrEqual(15);
    expect(new Set(queries.map((q) => q.id)).size).toBe(queries.length);
  });

  it('is judged over at least 300 services in both languages', () => {
    expect(directory.length).toBeGreaterThanOrEqual(300);
    expect(directory.filter((l) => l.sourceLanguage === 'fr').length).toBeGreaterThan(100);
    expect(directory.filter((l) => l.sourceLanguage === 'en').length).toBeGreaterThan(100);
  });

  it('grades only listings of the directory, each query with an exactly right one', () => {
    const activities = new Set(directory.flatMap((l) => (l.activity ? [l.activity] : [])));
    for (const query of queries) {
      for (const id of Object.keys(query.relevant)) {
        expect(
          demo.services.some((s) => s.id === id),
          `${query.id} ${id}`,
        ).toBe(true);
      }
      for (const activity of Object.keys(query.activities ?? {})) {
        expect(activities.has(activity), `${query.id} ${activity}`).toBe(true);
      }
      expect([...gradesOf(query, directory).values()], query.id).toContain(2);
    }
  });

  it('grades demo listings that satisfy the filters and the needs the query states', () => {
    for (const query of queries) {
      for (const id of Object.keys(query.relevant)) {
        const listing = byId.get(id);
        expect(listing && listingFits(query, listing), `${query.id} ${id}`).toBe(true);
      }
    }
  });

  it('keeps, for a cross-language query, every exactly right listing in the other language', () => {
    for (const query of queries.filter((q) => q.group === 'cross-language')) {
      for (const [id, grade] of gradesOf(query, directory)) {
        if (grade === 2)
          expect(byId.get(id)?.translations[query.language], query.id).toBeUndefined();
      }
    }
  });

  it('includes the examples from the issues', () => {
    const texts = new Set(queries.map((q) => q.query));
    for (const text of [
      'atelier de jardinage',
      'gardening',
      'jardinnage',
      'anxiete',
      'something social for my dad who lost his wife',
      'cours de cuisine pas cher',
    ]) {
      expect(texts.has(text), text).toBe(true);
    }
  });
});

describe('scoring a ranking', () => {
  const grades = new Map<string, 1 | 2>([
    ['a', 2],
    ['b', 1],
  ]);

  it('passes with an exactly right listing in the top 3, and counts relevant ones', () => {
    expect(scoreRanking(grades, ['x', 'b', 'a'])).toMatchObject({
      passed: true,
      precisionAt3: 2 / 3,
    });
    expect(scoreRanking(grades, ['b', 'x', 'y', 'a']).passed).toBe(false);
  });

  it('gives nDCG 1 to the best order and less to another', () => {
    expect(scoreRanking(grades, ['a', 'b']).ndcgAt5).toBeCloseTo(1);
    const swapped = scoreRanking(grades, ['b', 'a']).ndcgAt5;
    expect(swapped).toBeLessThan(1);
    expect(swapped).toBeCloseTo((1 + 3 / Math.log2(3)) / (3 + 1 / Math.log2(3)));
    expect(scoreRanking(grades, ['x', 'y']).ndcgAt5).toBe(0);
  });
});
