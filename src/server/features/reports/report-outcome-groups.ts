import {
  type OutcomeGroupDimension,
  type OutcomeGroups,
  type OutcomeGroupsQuery,
  ageBands,
} from '../../../shared/contracts/reports';
import { instruments } from '../../../shared/instruments';
import { referralReasons, sexes } from '../../../shared/pathway';
import { hiddenByOverlap, protection } from '../../../shared/statistics/disclosure';
import { type ChangeMoments, changeOfMoments } from '../../../shared/statistics/paired';
import { type Database, readTogether } from '../../db/client';
import type { Actor } from '../../platform/actor';
import { selectAllSites } from './report-groupings-queries';
import { othersKey, presentChangeCell } from './reports-presenter';
import {
  type UnitGroupSumsRow,
  selectOutcomeGroupUnits,
  selectRefreshedAt,
} from './reports-queries';
import { outcomeReportables, resolveReport, scopeOf } from './reports-service';

/**
 * The change on each scale broken down by one group (age band, sex, language, area,
 * referral reason, site), from the summaries. Protected as the whole report's change
 * (disclosure.ts), plus one rule a breakdown needs: the scale's total minus its shown
 * groups gives the hidden ones together, so when those add up to 1 to 9 pairs the smallest
 * shown group is hidden too, until they reach 10 or nothing is left to hide.
 */

const scaleKeys = (): string[] =>
  Object.values(instruments).flatMap((d) => d.scales.map((s) => `${d.id}.${s.id}`));

/** The rows of a breakdown: fixed lists always whole; areas with 10 pairs, then 'others'. */
function groupKeys(
  dimension: OutcomeGroupDimension,
  siteIds: readonly string[],
  pairsByKey: ReadonlyMap<string, ReadonlyMap<string, number>>,
): string[] {
  switch (dimension) {
    case 'age_band':
      return [...ageBands, 'unknown'];
    case 'sex':
      return [...sexes];
    case 'language':
      return ['fr', 'en', 'other'];
    case 'reason':
      return [...referralReasons];
    case 'site':
      return [...siteIds];
    case 'area': {
      const kept = [...pairsByKey]
        .filter(([, byScale]) => [...byScale.values()].some((n) => n >= protection.pairsAtLeast))
        .map(([key]) => key)
        .filter((key) => key !== othersKey)
        .toSorted();
      return [...kept, othersKey];
    }
  }
}

/** The row a case's key counts in: its own, or 'others' (areas) when it has none. */
function rowOf(keys: readonly string[], key: string): string | null {
  if (keys.includes(key)) return key;
  return keys.includes(othersKey) ? othersKey : null;
}

/** Hidden groups of one scale: small, overlapping, then enough to make what is hidden 0 or 10+. */
export function hiddenGroups(
  sizes: ReadonlyMap<string, number>,
  overlapping: (group: string) => boolean,
): Set<string> {
  const hidden = new Set(
    [...sizes].filter(([g, n]) => n < protection.pairsAtLeast || overlapping(g)).map(([g]) => g),
  );
  const hiddenPairs = (): number => [...hidden].reduce((sum, g) => sum + (sizes.get(g) ?? 0), 0);
  while (hiddenPairs() > 0 && hiddenPairs() < protection.pairsAtLeast) {
    const next = [...sizes]
      .filter(([g, n]) => !hidden.has(g) && n > 0)
      .toSorted(([a, x], [b, y]) => x - y || a.localeCompare(b))[0];
    if (!next) break;
    hidden.add(next[0]);
  }
  return hidden;
}

export async function readOutcomeGroups(
  db: Database,
  actor: Actor,
  query: OutcomeGroupsQuery,
): Promise<OutcomeGroups> {
  const { dimension } = query;
  const window = query.window ?? 'referral';
  const report = await resolveReport(db, actor, { period: query.period, scope: query.scope });
  const asOf = await selectRefreshedAt(db);
  const [units, allSites] = await readTogether(db, [
    () => selectOutcomeGroupUnits(db, report.filter, dimension, window),
    () => selectAllSites(db),
  ]);
  const { target, others } = await outcomeReportables(
    db,
    report,
    window,
    new Set(units.map((row) => row.unit)),
  );
  const scaleOf = (row: UnitGroupSumsRow): string => `${row.instrument_id}.${row.scale}`;
  // A case without a key (an area without a postal code) counts among the others.
  const keyOf = (row: UnitGroupSumsRow): string => row.key ?? othersKey;

  const rawSizes = new Map<string, Map<string, number>>();
  for (const row of units) {
    const byScale = rawSizes.get(keyOf(row)) ?? new Map<string, number>();
    byScale.set(scaleOf(row), (byScale.get(scaleOf(row)) ?? 0) + row.pairs);
    rawSizes.set(keyOf(row), byScale);
  }
  const siteIds = report.scope.siteIds ?? allSites.map((site) => site.id);
  const keys = groupKeys(dimension, siteIds, rawSizes);

  // Per unit, each (scale, row)'s pairs, with this report's sums: for the overlap rule.
  const counts = new Map<string, Map<string, number>>();
  const sums = new Map<string, ChangeMoments>();
  for (const row of units) {
    const group = rowOf(keys, keyOf(row));
    if (group === null) continue;
    const figure = `${scaleOf(row)}|${group}`;
    const figures = counts.get(row.unit) ?? new Map<string, number>();
    figures.set(figure, (figures.get(figure) ?? 0) + row.pairs);
    counts.set(row.unit, figures);
    if (!target.units.has(row.unit)) continue;
    const sum = sums.get(figure) ?? { n: 0, sumBefore: 0, sumChange: 0, sumChangeSquared: 0 };
    sums.set(figure, {
      n: sum.n + row.pairs,
      sumBefore: sum.sumBefore + row.sum_before,
      sumChange: sum.sumChange + row.sum_change,
      sumChangeSquared: sum.sumChangeSquared + row.sum_change_squared,
    });
  }
  const overlapping = hiddenByOverlap(counts, target, others, protection.pairsAtLeast);

  const scales = scaleKeys();
  const hiddenOf = new Map(
    scales.map((scale) => {
      const sizes = new Map(keys.map((key) => [key, sums.get(`${scale}|${key}`)?.n ?? 0]));
      return [scale, hiddenGroups(sizes, (key) => overlapping.has(`${scale}|${key}`))];
    }),
  );
  const names = new Map(allSites.map((site) => [site.id, site.name]));
  return {
    scope: scopeOf(report, asOf),
    protection,
    dimension,
    window,
    groups: keys.map((key) => ({
      key,
      label: dimension === 'site' ? (names.get(key) ?? null) : null,
      cells: scales.map((scale) =>
        presentChangeCell(
          scale,
          changeOfMoments(
            sums.get(`${scale}|${key}`) ?? {
              n: 0,
              sumBefore: 0,
              sumChange: 0,
              sumChangeSquared: 0,
            },
          ),
          !hiddenOf.get(scale)?.has(key),
        ),
      ),
    })),
  };
}
