import type {
  Dashboard,
  OutcomesReport,
  ReportQuery,
  ReportScope,
} from '../../../shared/contracts/reports';
import { findInstrument, classifyChange, instruments } from '../../../shared/instruments';
import {
  type Reportable,
  hiddenByOverlap,
  protection,
} from '../../../shared/statistics/disclosure';
import { type PairCount, pairedSummaryOfCounts } from '../../../shared/statistics/paired';
import { type Database, readTogether } from '../../db/client';
import type { Actor } from '../../platform/actor';
import { figuresOf, presentDashboard, rawDashboard } from './report-dashboard';
import { selectAllSites, selectGroupings } from './report-groupings-queries';
import { type Period, currentYear, periodOf, periodsOfYear } from './report-periods';
import { type ResolvedScope, resolveScope } from './report-scopes';
import { canExportReports, seesStaffNames } from './reports-policy';
import { presentInstrumentChange } from './reports-presenter';
import {
  type ReportFilter,
  selectAccountNames,
  selectCaseGroups,
  selectCaseGroupsByUnit,
  selectConnectionGroups,
  selectConnectionGroupsByUnit,
  selectOutcomePairCounts,
  selectOutcomeUnits,
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

function scopeOf({ scope, period }: ResolvedReport, asOf: Date | null): ReportScope {
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
async function reportablesOf(
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

function yearFilter(report: ResolvedReport): ReportFilter {
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

/**
 * The scales whose statistics may be shown for this report: enough pairs, and no other
 * scope and period of the same year a caller could ask for that shares people with it but
 * differs by 1 to 9 pairs (disclosure.ts). Looked at from the pairs alone, whoever asks.
 */
async function shownScales(db: Database, report: ResolvedReport): Promise<Set<string>> {
  const year = Number(report.period.id.slice(0, 4));
  const [units, { target, others }] = await readTogether(db, [
    () => selectOutcomeUnits(db, year),
    () => reportablesOf(db, report),
  ]);
  const counts = new Map<string, Map<string, number>>();
  for (const unit of units) {
    const key = `${unit.site_id}|${unit.month}`;
    const scales = counts.get(key) ?? new Map<string, number>();
    scales.set(`${unit.instrument_id}.${unit.scale}`, unit.count);
    counts.set(key, scales);
  }
  const hidden = hiddenByOverlap(counts, target, others, protection.pairsAtLeast);
  const shown = new Set<string>();
  for (const scales of counts.values()) {
    for (const scale of scales.keys()) if (!hidden.has(scale)) shown.add(scale);
  }
  return shown;
}

export async function readOutcomes(
  db: Database,
  actor: Actor,
  query: ReportQuery,
): Promise<OutcomesReport> {
  const report = await resolveReport(db, actor, query);
  const asOf = await selectRefreshedAt(db);
  const [pairs, shown] = await readTogether(db, [
    () => selectOutcomePairCounts(db, report.filter),
    () => shownScales(db, report),
  ]);
  const runs = new Map<string, PairCount[]>();
  for (const pair of pairs) {
    const key = `${pair.instrument_id}.${pair.scale}`;
    runs.set(key, [
      ...(runs.get(key) ?? []),
      { before: Number(pair.before), after: Number(pair.after), count: pair.count },
    ]);
  }
  const known = instrumentScales();
  const unknown = [...runs.keys()]
    .filter((key) => !known.some((k) => `${k.instrumentId}.${k.scale}` === key))
    .map((key) => ({
      instrumentId: key.slice(0, key.indexOf('.')),
      scale: key.slice(key.indexOf('.') + 1),
    }));
  const items = [...known, ...unknown].map(({ instrumentId, scale }) => {
    const key = `${instrumentId}.${scale}`;
    const definition = findInstrument(instrumentId);
    const hasScale = definition?.scales.some((s) => s.id === scale) ?? false;
    const summary = pairedSummaryOfCounts(
      runs.get(key) ?? [],
      definition && hasScale
        ? { classify: (before, after) => classifyChange(definition, scale, before, after) }
        : {},
    );
    return presentInstrumentChange(definition, instrumentId, scale, summary, shown.has(key));
  });
  return { scope: scopeOf(report, asOf), protection, items };
}
