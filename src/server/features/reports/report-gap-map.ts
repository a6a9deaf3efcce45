import {
  type GapArea,
  type GapDistance,
  type GapFlag,
  type GapMap,
  type GapMapQuery,
  type GapNeedKind,
  type GapSupply,
  defaultGapDistance,
} from '../../../shared/contracts/gap-map';
import type { CountTable } from '../../../shared/contracts/reports';
import { type CategoryKey, categories } from '../../../shared/directory-categories';
import { categoriesForNeed, categoriesForReason } from '../../../shared/need-categories';
import {
  connectionStopReasons,
  needDomains,
  partnerDeclineReasons,
  referralReasons,
} from '../../../shared/pathway';
import { hiddenByOverlap, protection } from '../../../shared/statistics/disclosure';
import { type Database, readTogether } from '../../db/client';
import type { Actor } from '../../platform/actor';
import {
  type GapDemandRow,
  type GapEndingRow,
  type NearbyServiceRow,
  selectAreaPoints,
  selectGapDemand,
  selectGapEndings,
  selectNearbyServices,
} from './report-gap-map-queries';
import { othersKey, presentCountTable } from './reports-presenter';
import { selectRefreshedAt } from './reports-queries';
import { reportablesOf, resolveReport, scopeOf, yearFilter } from './reports-service';

/**
 * The gap map: demand (referrals by area and reason or "what matters" need) against the
 * directory's services for that need near the area. Demand figures follow every report
 * rule (rounded to 5, 0 to 7 hidden, the overlap rule, small areas in 'others'); a gap is
 * flagged only where its demand figure is shown, so a flag tells nothing the table does not.
 */

/** A figure's name, the same in every unit: table, row, column ('#total' for a total). */
const figure = (table: string, row: string, column: string): string => `${table}|${row}|${column}`;
const total = '#total';

type Figures = Map<string, number>;

function add(figures: Figures, name: string, count: number): void {
  figures.set(name, (figures.get(name) ?? 0) + count);
}

/** Each unit's true counts of every figure (cells and column totals), areas unfolded. */
function unitFigures(demand: GapDemandRow[], endings: GapEndingRow[]): Map<string, Figures> {
  const units = new Map<string, Figures>();
  const of = (unit: string): Figures => {
    const found = units.get(unit);
    if (found) return found;
    const created: Figures = new Map();
    units.set(unit, created);
    return created;
  };
  for (const row of demand) {
    const figures = of(row.unit);
    add(figures, figure(row.table, row.area, row.key), row.count);
    add(figures, figure(row.table, total, row.key), row.count);
  }
  for (const row of endings) {
    const figures = of(row.unit);
    for (const reason of answeredReasons(row)) {
      add(figures, figure('ending', reason, row.status), row.count);
      add(figures, figure('ending', total, row.status), row.count);
    }
    add(figures, figure('ending_reason', `${row.status}.${row.reason}`, 'connections'), row.count);
    add(figures, figure('ending_reason', total, 'connections'), row.count);
  }
  return units;
}

const categoryKeyOf = new Map<string, CategoryKey>(categories.map((c) => [c.id, c.key]));

function categoryKeysOf(ids: readonly string[]): Set<CategoryKey> {
  return new Set(ids.flatMap((id) => categoryKeyOf.get(id) ?? []));
}

/** The case's reasons that the ended connection's service answered (need-categories.ts). */
function answeredReasons(row: GapEndingRow): string[] {
  const offered = categoryKeysOf(row.category_ids);
  return row.reasons.filter((reason) =>
    (categoriesForReason[reason as keyof typeof categoriesForReason] ?? []).some((key) =>
      offered.has(key),
    ),
  );
}

/** The target report's true counts: the sum of its own units. */
function sumUnits(units: Map<string, Figures>, own: ReadonlySet<string>): Figures {
  const sums: Figures = new Map();
  for (const [unit, figures] of units) {
    if (!own.has(unit)) continue;
    for (const [name, count] of figures) add(sums, name, count);
  }
  return sums;
}

/** Areas with at least `hiddenBelow` referrals keep a row of their own, most referred first. */
function listedAreas(sums: Figures): string[] {
  const referred = [...sums]
    .flatMap(([name, count]) => {
      const [table, area = '', column] = name.split('|');
      return table === 'reason' && column === 'referred' && area !== total ? [{ area, count }] : [];
    })
    .filter((row) => row.count >= protection.hiddenBelow);
  return referred
    .toSorted((a, b) => b.count - a.count || a.area.localeCompare(b.area))
    .map((row) => row.area);
}

/** A demand table: listed areas then 'others' (every other area added up), fixed columns. */
function demandTable(
  table: 'reason' | 'need',
  columns: readonly string[],
  sums: Figures,
  areas: readonly string[],
  hidden: ReadonlySet<string>,
): CountTable {
  const allAreas = new Set(
    [...sums.keys()].flatMap((name) => {
      const [t, area = ''] = name.split('|');
      return t === table && area !== total ? [area] : [];
    }),
  );
  const folded = [...allAreas].filter((area) => !areas.includes(area));
  const count = (area: string, column: string): number =>
    sums.get(figure(table, area, column)) ?? 0;
  const rows = [
    ...areas.map((area) => ({
      key: area,
      label: null,
      counts: columns.map((c) => count(area, c)),
    })),
    {
      key: othersKey,
      label: null,
      counts: columns.map((c) => folded.reduce((sum, area) => sum + count(area, c), 0)),
    },
  ];
  return presentCountTable([...columns], rows, false, (row, column) =>
    row === othersKey ? false : hidden.has(figure(table, row, column)),
  );
}

function fixedTable(
  table: string,
  rowKeys: readonly string[],
  columns: readonly string[],
  sums: Figures,
  hidden: ReadonlySet<string>,
): CountTable {
  const rows = rowKeys.map((key) => ({
    key,
    label: null,
    counts: columns.map((column) => sums.get(figure(table, key, column)) ?? 0),
  }));
  return presentCountTable([...columns], rows, false, (row, column) =>
    hidden.has(figure(table, row, column)),
  );
}

type Need = { kind: GapNeedKind; need: string; categories: CategoryKey[] };

/** Every need the map looks for supply for: each referral reason and need domain with categories. */
const needs: Need[] = [
  ...referralReasons.map((need) => ({
    kind: 'reason' as const,
    need,
    categories: categoriesForReason[need],
  })),
  ...needDomains.map((need) => ({
    kind: 'need' as const,
    need,
    categories: categoriesForNeed[need],
  })),
].filter((n) => n.categories.length > 0);

/** What the directory offers for each need near one area. */
function supplyOf(rows: readonly NearbyServiceRow[]): GapSupply[] {
  return needs.map(({ kind, need, categories: wanted }) => {
    const supply: GapSupply = {
      kind,
      need,
      categories: wanted,
      open: 0,
      waitlist: 0,
      full: 0,
      openLanguages: [],
    };
    const languages = new Set<string>();
    for (const row of rows) {
      const offered = categoryKeysOf(row.category_ids);
      if (!wanted.some((key) => offered.has(key))) continue;
      supply[row.referral_status] += row.services;
      if (row.referral_status === 'open') row.language_codes.forEach((l) => languages.add(l));
    }
    supply.openLanguages = [...languages].sort();
    return supply;
  });
}

/** Listed, located areas × needs whose demand is shown and that nothing open nearby meets. */
function flagGaps(areas: readonly GapArea[], byReason: CountTable, byNeed: CountTable): GapFlag[] {
  const shown = (kind: GapNeedKind, area: string, need: string): number | null => {
    const table = kind === 'reason' ? byReason : byNeed;
    const c = table.columns.indexOf(need);
    return table.rows.find((row) => row.key === area)?.cells[c]?.value ?? null;
  };
  return areas.flatMap((area) =>
    area.position === null
      ? []
      : area.supply.flatMap((s) => {
          const demand = shown(s.kind, area.key, s.need);
          if (demand === null || s.open > 0) return [];
          const why = s.waitlist + s.full === 0 ? ('no_service' as const) : ('none_open' as const);
          return [
            {
              area: area.key,
              kind: s.kind,
              need: s.need,
              demand,
              why,
              waitlist: s.waitlist,
              full: s.full,
            },
          ];
        }),
  );
}

export async function readGapMap(db: Database, actor: Actor, query: GapMapQuery): Promise<GapMap> {
  const report = await resolveReport(db, actor, { period: query.period, scope: query.scope });
  const distance: GapDistance = query.distance ?? defaultGapDistance;
  const km = Number(distance);
  const asOf = await selectRefreshedAt(db);
  const year = yearFilter(report);
  const [demand, endings, { target, others }] = await readTogether(db, [
    () => selectGapDemand(db, year),
    () => selectGapEndings(db, year),
    () => reportablesOf(db, report),
  ]);
  const units = unitFigures(demand, endings);
  const hidden = hiddenByOverlap(units, target, others, protection.hiddenBelow);
  const sums = sumUnits(units, target.units);
  const listed = listedAreas(sums);
  const points = await selectAreaPoints(db, listed);
  const nearby = await selectNearbyServices(db, points, km);
  const demandByReason = demandTable(
    'reason',
    ['referred', ...referralReasons],
    sums,
    listed,
    hidden,
  );
  const demandByNeed = demandTable('need', needDomains, sums, listed, hidden);
  const areas: GapArea[] = listed.map((key) => {
    const point = points.find((p) => p.area === key);
    return {
      key,
      position: point ? { lat: point.lat, lon: point.lon } : null,
      supply: point ? supplyOf(nearby.filter((row) => row.area === key)) : [],
    };
  });
  return {
    scope: scopeOf(report, asOf),
    protection,
    distanceKm: km,
    demandByReason,
    demandByNeed,
    endingsByReason: fixedTable('ending', referralReasons, ['declined', 'stopped'], sums, hidden),
    endingReasons: fixedTable(
      'ending_reason',
      [
        ...partnerDeclineReasons.map((r) => `declined.${r}`),
        ...connectionStopReasons.map((r) => `stopped.${r}`),
      ],
      ['connections'],
      sums,
      hidden,
    ),
    areas: [...areas, { key: othersKey, position: null, supply: [] }],
    gaps: flagGaps(areas, demandByReason, demandByNeed),
  };
}
