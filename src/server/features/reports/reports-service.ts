import {
  type Dashboard,
  type OutcomeWindow,
  type OutcomesQuery,
  type OutcomesReport,
  type ProgrammeReportQuery,
  type ReportQuery,
  type ReportScope,
  followUpTimepoints,
  outcomeWindows,
} from '../../../shared/contracts/reports';
import { findInstrument, classifyChange, instruments } from '../../../shared/instruments';
import {
  type Reportable,
  hiddenByOverlap,
  protection,
} from '../../../shared/statistics/disclosure';
import {
  type PairCount,
  type PairedSummary,
  changeOfPairs,
  pairedSummaryOfCounts,
} from '../../../shared/statistics/paired';
import type { Counted } from '../../../shared/statistics/two-sample';
import { type Database, readTogether } from '../../db/client';
import type { Actor } from '../../platform/actor';
import type { Locale } from '../../../shared/locale';
import { figuresOf, presentDashboard, rawDashboard } from './report-dashboard';
import { selectAllSites, selectGroupings } from './report-groupings-queries';
import { type Period, currentYear, periodOf, periodsOfYear } from './report-periods';
import { type ResolvedScope, resolveScope } from './report-scopes';
import { renderProgrammeReportPdf } from './report-pdf';
import { canExportReports, seesStaffNames } from './reports-policy';
import {
  type HeadlineSpec,
  presentAttrition,
  presentChangeCell,
  presentHeadline,
  presentInstrumentChange,
} from './reports-presenter';
import {
  type ReportFilter,
  selectAccountNames,
  selectCaseGroups,
  selectCaseGroupsByUnit,
  selectConnectionGroups,
  selectConnectionGroupsByUnit,
  type OutcomeFigureRow,
  selectOutcomeFigureUnits,
  selectOutcomePairs,
  selectRefreshedAt,
  selectTimeToFirstContact,
} from './reports-queries';

export type ResolvedReport = { scope: ResolvedScope; period: Period; filter: ReportFilter };

/** The one fixed period and the one fixed scope a report covers (report-periods.ts, report-scopes.ts). */
export async function resolveReport(
  db: Database,
  actor: Actor,
  query: ReportQuery,
): Promise<ResolvedReport> {
  const scope = await resolveScope(db, actor, query.scope);
  const period = query.period ? periodOf(query.period) : currentYear();
  return { scope, period, filter: { siteIds: scope.siteIds, from: period.from, to: period.to } };
}

export function scopeOf({ scope, period }: ResolvedReport, asOf: Date | null): ReportScope {
  return {
    period: period.id,
    from: period.from,
    to: period.to,
    kind: scope.kind,
    id: scope.id,
    name: scope.name,
    siteIds: scope.siteIds,
    asOf: asOf ? asOf.toISOString() : null,
  };
}

/**
 * Every report a caller could ask for in the report's year (each scope, each period), as
 * the units (a site's month) it adds up, and the report's own: for the overlap rule.
 */
export async function reportablesOf(
  db: Database,
  report: ResolvedReport,
): Promise<{ target: Reportable; others: Reportable[] }> {
  const year = Number(report.period.id.slice(0, 4));
  const [allSites, groupings] = await readTogether(db, [
    () => selectAllSites(db),
    () => selectGroupings(db),
  ]);
  const everySite = allSites.map((site) => site.id);
  const scopes = [everySite, ...groupings.map((g) => g.site_ids), ...everySite.map((id) => [id])];
  const reportable = (sites: string[], months: string[]): Reportable => ({
    id: `${sites.toSorted().join(',')}@${months.join(',')}`,
    units: new Set(sites.flatMap((site) => months.map((month) => `${site}|${month}`))),
  });
  return {
    target: reportable(report.scope.siteIds ?? everySite, report.period.months),
    others: scopes.flatMap((sites) =>
      periodsOfYear(year).map((period) => reportable(sites, period.months)),
    ),
  };
}

export function yearFilter(report: ResolvedReport): ReportFilter {
  const year = report.period.id.slice(0, 4);
  return { siteIds: null, from: `${year}-01-01`, to: `${year}-12-31` };
}

/** The dashboard figures the overlap rule hides (shared/statistics/disclosure.ts). */
async function overlappingFigures(db: Database, report: ResolvedReport): Promise<Set<string>> {
  const filter = yearFilter(report);
  const [groups, connections, { target, others }] = await readTogether(db, [
    () => selectCaseGroupsByUnit(db, filter),
    () => selectConnectionGroupsByUnit(db, filter),
    () => reportablesOf(db, report),
  ]);
  const counts = new Map<string, Map<string, number>>();
  for (const unit of new Set(groups.map((row) => row.unit))) {
    const [site = '', month = ''] = unit.split('|');
    const own = groups.filter((row) => row.unit === unit);
    const all = own.find((row) => row.dimension === 'all');
    const raw = rawDashboard({
      groups: [
        ...own,
        ...(all ? [{ ...all, dimension: 'site' as const, key: site }] : []),
        ...(all ? [{ ...all, dimension: 'month' as const, key: month }] : []),
      ],
      connectionGroups: connections.filter((row) => row.unit === unit),
      sites: [{ id: site, name: '' }],
      months: [month],
    });
    counts.set(unit, figuresOf(raw));
  }
  return hiddenByOverlap(counts, target, others, protection.hiddenBelow);
}

export async function readDashboard(
  db: Database,
  actor: Actor,
  query: ReportQuery,
): Promise<Dashboard> {
  const report = await resolveReport(db, actor, query);
  // The summaries' date first: figures refreshed meanwhile are newer, never older, than it.
  const asOf = await selectRefreshedAt(db);
  const [groups, firstContact, connectionGroups, allSites, overlapping] = await readTogether(db, [
    () => selectCaseGroups(db, report.filter),
    () => selectTimeToFirstContact(db, report.filter),
    () => selectConnectionGroups(db, report.filter),
    () => selectAllSites(db),
    () => overlappingFigures(db, report),
  ]);
  const showNames = seesStaffNames(actor);
  const workerIds = groups.flatMap((row) =>
    row.dimension === 'link_worker' && row.key ? [row.key] : [],
  );
  const workerNames = showNames
    ? new Map((await selectAccountNames(db, workerIds)).map((a) => [a.id, a.name]))
    : null;
  const scopeIds = report.scope.siteIds;
  const raw = rawDashboard({
    groups,
    connectionGroups,
    sites: scopeIds ? allSites.filter((site) => scopeIds.includes(site.id)) : allSites,
    months: report.period.months,
  });
  return {
    scope: scopeOf(report, asOf),
    protection,
    permissions: { export: canExportReports(actor) },
    ...presentDashboard(raw, firstContact, workerNames, overlapping),
  };
}

/** Every scale of every instrument, in their order: each report lists them all. */
function instrumentScales(): { instrumentId: string; scale: string }[] {
  return Object.values(instruments).flatMap((definition) =>
    definition.scales.map((scale) => ({ instrumentId: definition.id, scale: scale.id })),
  );
}

/** The figures of a scale the overlap rule looks at, besides its pairs (named by the scale). */
type OutcomeFigure = '' | 'baselines' | 'lost' | 'improved' | 'not_improved';
const figureOf = (scale: string, figure: OutcomeFigure): string =>
  figure === '' ? scale : `${scale}|${figure}`;

/**
 * The reports an outcome report is compared with, as the units (a site's month of referral
 * and month of measurement, `site|YYYY-MM|YYYY-MM`) of `units`, the report's own, that each
 * holds: every scope and period of the years those units touch, read by either date. The
 * overlap rule only adds up the target's own units, so the others need no more of theirs.
 */
export async function outcomeReportables(
  db: Database,
  report: ResolvedReport,
  window: OutcomeWindow,
  units: ReadonlySet<string>,
): Promise<{ target: Reportable; others: Reportable[] }> {
  const [allSites, groupings] = await readTogether(db, [
    () => selectAllSites(db),
    () => selectGroupings(db),
  ]);
  const everySite = allSites.map((site) => site.id);
  const scopes = [everySite, ...groupings.map((g) => g.site_ids), ...everySite.map((id) => [id])];
  type Unit = { unit: string; month: Record<OutcomeWindow, string> };
  const bySite = new Map<string, Unit[]>();
  const years = new Set<number>();
  for (const unit of units) {
    const [site = '', referral = '', measurement = ''] = unit.split('|');
    bySite.set(site, [...(bySite.get(site) ?? []), { unit, month: { referral, measurement } }]);
    years.add(Number(referral.slice(0, 4)));
    years.add(Number(measurement.slice(0, 4)));
  }
  const reportable = (sites: readonly string[], period: Period, by: OutcomeWindow): Reportable => {
    const months = new Set(period.months);
    return {
      id: `${sites.toSorted().join(',')}@${period.id}@${by}`,
      units: new Set(
        sites.flatMap((site) =>
          (bySite.get(site) ?? []).filter((u) => months.has(u.month[by])).map((u) => u.unit),
        ),
      ),
    };
  };
  return {
    target: reportable(report.scope.siteIds ?? everySite, report.period, window),
    others: [...years].flatMap((year) =>
      scopes.flatMap((sites) =>
        periodsOfYear(year).flatMap((period) =>
          outcomeWindows.map((by) => reportable(sites, period, by)),
        ),
      ),
    ),
  };
}

/** The figure of a scale's pairs at one follow-up timepoint, for the overlap rule. */
const timepointFigure = (scale: string, timepoint: string): string => `${scale}@${timepoint}`;

/**
 * The outcome figures hidden for this report: a scale's pairs, baselines, lost and
 * improved or not, and its pairs at each timepoint, wherever another scope, period or
 * window a caller could ask for shares people with it but differs by 1 to 9 of them
 * (disclosure.ts: 10 for statistics, 8 for counts). A scale whose pairs are hidden shows
 * no statistics. Looked at from the true counts alone, whoever asks.
 */
async function hiddenOutcomeFigures(
  db: Database,
  report: ResolvedReport,
  window: OutcomeWindow,
  units: readonly OutcomeFigureRow[],
): Promise<Set<string>> {
  const { target, others } = await outcomeReportables(
    db,
    report,
    window,
    new Set(units.map((row) => row.unit)),
  );
  const counts = new Map<string, Map<string, number>>();
  for (const row of units) {
    const figures = counts.get(row.unit) ?? new Map<string, number>();
    const name = figureName(`${row.instrument_id}.${row.scale}`, row.figure);
    figures.set(name, (figures.get(name) ?? 0) + row.count);
    counts.set(row.unit, figures);
  }
  // Statistics need 10 apart, counts 8: a figure is hidden by either rule.
  return new Set([
    ...hiddenByOverlap(counts, target, others, protection.pairsAtLeast),
    ...hiddenByOverlap(counts, target, others, protection.hiddenBelow),
  ]);
}

/** A summarised figure's name here: pairs@<timepoint> at a timepoint, pairs as the scale. */
function figureName(scale: string, figure: string): string {
  if (figure.startsWith('pairs@')) return timepointFigure(scale, figure.slice('pairs@'.length));
  return figure === 'pairs' ? figureOf(scale, '') : `${scale}|${figure}`;
}

/** The five headline shares, each read on one scale (measures.md; Rx: Community, Foster et al.). */
const headlineSpecs: HeadlineSpec[] = [
  { key: 'less_lonely', instrumentId: 'ucla3', scale: 'total' },
  { key: 'better_mental_health', instrumentId: 'mh1', scale: 'mental_health' },
  { key: 'more_wellbeing', instrumentId: 'ons4', scale: 'satisfied' },
  { key: 'more_belonging', instrumentId: 'belong1', scale: 'belonging' },
  { key: 'more_active', instrumentId: 'pa1', scale: 'active_days' },
];

export async function readOutcomes(
  db: Database,
  actor: Actor,
  query: OutcomesQuery,
): Promise<OutcomesReport> {
  const window = query.window ?? 'referral';
  const report = await resolveReport(db, actor, { period: query.period, scope: query.scope });
  const asOf = await selectRefreshedAt(db);
  const [units, pairs] = await readTogether(db, [
    () => selectOutcomeFigureUnits(db, report.filter, window),
    () => selectOutcomePairs(db, report.filter, window),
  ]);
  const hidden = await hiddenOutcomeFigures(db, report, window, units);
  const pairsOf = new Map<string, PairCount[]>();
  const lostOf = new Map<string, Counted[]>();
  const atTimepoint = new Map<string, PairCount[]>();
  const push = <T>(map: Map<string, T[]>, key: string, value: T): void => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };
  for (const row of pairs) {
    const key = `${row.instrument_id}.${row.scale}`;
    const before = Number(row.before);
    if (row.after === null) {
      if (row.timepoint === 'latest') push(lostOf, key, { value: before, count: row.count });
      continue;
    }
    const pair = { before, after: Number(row.after), count: row.count };
    if (row.timepoint === 'latest') push(pairsOf, key, pair);
    else push(atTimepoint, timepointFigure(key, row.timepoint), pair);
  }
  const known = instrumentScales();
  const unknown = [...new Set([...pairsOf.keys(), ...lostOf.keys()])]
    .filter((key) => !known.some((k) => `${k.instrumentId}.${k.scale}` === key))
    .map((key) => ({
      instrumentId: key.slice(0, key.indexOf('.')),
      scale: key.slice(key.indexOf('.') + 1),
    }));
  const summaries = new Map<string, PairedSummary>();
  const summaryOf = (instrumentId: string, scale: string): PairedSummary => {
    const key = `${instrumentId}.${scale}`;
    const found = summaries.get(key);
    if (found) return found;
    const definition = findInstrument(instrumentId);
    const hasScale = definition?.scales.some((s) => s.id === scale) ?? false;
    const summary = pairedSummaryOfCounts(
      pairsOf.get(key) ?? [],
      definition && hasScale
        ? { classify: (before, after) => classifyChange(definition, scale, before, after) }
        : {},
    );
    summaries.set(key, summary);
    return summary;
  };
  const shown = (key: string): boolean => pairsOf.has(key) && !hidden.has(key);
  const items = [...known, ...unknown].map(({ instrumentId, scale }) => {
    const key = `${instrumentId}.${scale}`;
    const attrition = presentAttrition({
      completed: (pairsOf.get(key) ?? []).map((p) => ({ value: p.before, count: p.count })),
      lost: lostOf.get(key) ?? [],
      hidden: {
        baselines: hidden.has(figureOf(key, 'baselines')),
        pairs: hidden.has(figureOf(key, '')),
        lost: hidden.has(figureOf(key, 'lost')),
      },
    });
    return presentInstrumentChange(
      findInstrument(instrumentId),
      instrumentId,
      scale,
      summaryOf(instrumentId, scale),
      shown(key),
      attrition,
    );
  });
  const headlines = headlineSpecs.map((spec) => {
    const key = `${spec.instrumentId}.${spec.scale}`;
    return presentHeadline(
      spec,
      findInstrument(spec.instrumentId),
      summaryOf(spec.instrumentId, spec.scale),
      shown(key),
      hidden.has(figureOf(key, 'improved')) || hidden.has(figureOf(key, 'not_improved')),
    );
  });
  const timepoints = followUpTimepoints.map((timepoint) => ({
    timepoint,
    cells: items.map((item) => {
      const figure = timepointFigure(`${item.instrumentId}.${item.scale}`, timepoint);
      return presentChangeCell(
        `${item.instrumentId}.${item.scale}`,
        changeOfPairs(atTimepoint.get(figure) ?? []),
        !hidden.has(figure),
      );
    }),
  }));
  return { scope: scopeOf(report, asOf), protection, window, items, headlines, timepoints };
}

/**
 * The programme report as a PDF in the caller's language: the page's two answers, read by
 * the same services under the same rules, set out as the page sets them out.
 */
export async function readProgrammeReportPdf(
  db: Database,
  actor: Actor,
  query: ProgrammeReportQuery,
  locale: Locale,
): Promise<{ period: string; body: Buffer }> {
  const [dashboard, outcomes] = await readTogether(db, [
    () => readDashboard(db, actor, { period: query.period, scope: query.scope }),
    () =>
      readOutcomes(db, actor, { period: query.period, scope: query.scope, window: query.window }),
  ]);
  const body = await renderProgrammeReportPdf({
    dashboard,
    outcomes,
    locale,
    generatedAt: new Date(),
  });
  return { period: dashboard.scope.period, body };
}
