import type { Database } from '../../src/server/db/client';
import { importDirectory, seedDemoDirectory } from '../../src/server/features/directory';
import { updateServiceFacets } from '../../src/server/features/directory/directory-queries';
import { loadJudgedDirectory } from '../../src/server/features/directory/data/judged-directory';
import {
  type GroupScore,
  type JudgedQuery,
  type RankingScore,
  gradesOf,
  loadJudgedQueries,
  scoreRanking,
  scoresByGroup,
} from '../../src/server/features/directory/data/judged-queries';
import { refreshSearchDocuments } from '../../src/server/features/search';

/** The search request a judged query stands for. */
export function judgedSearchUrl(query: JudgedQuery, perPage = 3): string {
  const params = new URLSearchParams({ q: query.query, perPage: String(perPage) });
  const f = query.filters;
  if (f?.category) params.set('category', f.category);
  if (f?.near) {
    params.set('lat', String(f.near.lat));
    params.set('lon', String(f.near.lon));
    params.set('km', String(f.near.km));
  }
  if (f?.freeOnly) params.set('cost', 'free');
  if (f?.language) params.set('language', f.language);
  return `/api/directory/search?${params.toString()}`;
}

/**
 * The directory the judged queries are judged over: the demo directory, then the synthetic
 * listings through the ordinary HSDS import, with their language and referral status.
 */
export async function seedJudgedDirectory(db: Database): Promise<void> {
  await seedDemoDirectory(db, []);
  const synthetic = loadJudgedDirectory().filter((l) => l.activity !== undefined);
  await db.transaction(async (tx) => {
    const report = await importDirectory(
      tx,
      { accountId: null, origin: { ip: null, userAgent: 'judged set' }, label: 'judged set' },
      {
        files: [{ name: 'judged.json', content: JSON.stringify(synthetic.map((l) => l.service)) }],
        version: '3.1',
      },
    );
    if (report.status !== 'imported') throw new Error(JSON.stringify(report.issues[0]));
    for (const { service, sourceLanguage, translations, referralStatus } of synthetic) {
      await updateServiceFacets(tx, service.id, { sourceLanguage, translations, referralStatus });
    }
    await refreshSearchDocuments(
      tx,
      synthetic.map((l) => l.service.id),
    );
  });
}

export type JudgedRun = {
  groups: GroupScore[];
  /** Queries without an exactly right listing in their top 3. */
  missed: string[];
};

/** Runs every judged query through `search` (the ids it ranks first) and scores the rankings. */
export async function runJudgedQueries(
  search: (url: string) => Promise<string[]>,
): Promise<JudgedRun> {
  const directory = loadJudgedDirectory();
  const scored: { group: JudgedQuery['group']; score: RankingScore }[] = [];
  const missed: string[] = [];
  for (const query of loadJudgedQueries()) {
    const ranked = await search(judgedSearchUrl(query, 5));
    const score = scoreRanking(gradesOf(query, directory), ranked);
    scored.push({ group: query.group, score });
    if (!score.passed) missed.push(`${query.id} ${query.query}`);
  }
  return { groups: scoresByGroup(scored), missed };
}

/** One line per group: pass rate at 3, precision at 3, nDCG at 5. */
export function formatJudgedRun(run: JudgedRun): string {
  const pct = (n: number): string => `${(100 * n).toFixed(1)}%`.padStart(7);
  return run.groups
    .map(
      (g) =>
        `${g.group.padEnd(15)} ${String(g.queries).padStart(4)} queries  pass@3 ${pct(g.passRate)}  P@3 ${g.precisionAt3.toFixed(3)}  nDCG@5 ${g.ndcgAt5.toFixed(3)}`,
    )
    .join('\n');
}
