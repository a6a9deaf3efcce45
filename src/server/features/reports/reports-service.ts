import { createHmac, randomBytes } from 'node:crypto';
import {
  type CountTable,
  type Dashboard,
  type OutcomesReport,
  type ReportQuery,
  type ReportScope,
  ageBands,
  funnelStages,
  furthestStages,
} from '../../../shared/contracts/reports';
import { categories } from '../../../shared/directory-categories';
import { classifyChange, findInstrument, instruments } from '../../../shared/instruments';
import { referralReasons, referralSources } from '../../../shared/pathway';
import { type PairCount, pairedSummaryOfCounts } from '../../../shared/statistics/paired';
import type { Database } from '../../db/client';
import { rowsInBatches } from '../../db/cursor';
import type { Actor } from '../../platform/actor';
import { writeCsvRows } from '../../platform/csv';
import { forbidden, notFound } from '../../platform/errors';
import { recordAudit } from '../audit';
import {
  canExportReports,
  canReadReports,
  reportableSiteIds,
  seesStaffNames,
} from './reports-policy';
import {
  type TableRowInput,
  presentCountTable,
  presentInstrumentChange,
} from './reports-presenter';
import {
  type CaseGroupRow,
  type ExportRow,
  type ReportFilter,
  selectAccountNames,
  selectCaseGroups,
  selectConnectionGroups,
  exportRowsSql,
  tuneForAggregates,
  selectOutcomePairCounts,
  selectRefreshedAt,
  selectSiteNames,
  selectSitesExist,
  selectTimeToFirstContact,
} from './reports-queries';

/**
 * Which sites a report covers. Site managers may only name the sites they manage (another
 * site is invisible to them: 404); without a choice they get all of theirs. Evaluators and
 * administrators may name any existing site, or none for the whole programme.
 */
async function resolveFilter(
  db: Database,
  actor: Actor,
  query: ReportQuery,
): Promise<ReportFilter> {
  if (!canReadReports(actor)) throw forbidden();
  const allowed = reportableSiteIds(actor);
  const requested = [...new Set(query.siteIds)];
  const range = { from: query.from ?? null, to: query.to ?? null };
  if (requested.length === 0) return { siteIds: allowed === 'all' ? null : allowed, ...range };
  if (allowed !== 'all' && requested.some((id) => !allowed.includes(id))) throw notFound();
  if ((await selectSitesExist(db, requested)).length !== requested.length) throw notFound();
  return { siteIds: requested, ...range };
}

function scopeOf(filter: ReportFilter, asOf: Date | null): ReportScope {
  return {
    siteIds: filter.siteIds,
    from: filter.from,
    to: filter.to,
    asOf: asOf ? asOf.toISOString() : null,
  };
}

/** Rows in the order of a known list of codes, then any other code in alphabetical order. */
function ordered<T extends { key: string }>(rows: T[], order: readonly string[] = []): T[] {
  const rank = (key: string): number => {
    const index = order.indexOf(key);
    return index < 0 ? order.length : index;
  };
  return rows.toSorted((a, b) => rank(a.key) - rank(b.key) || a.key.localeCompare(b.key));
}

const furthestColumns = [
  'only_referred',
  'only_contacted',
  'only_accepted',
  'only_assessed',
  'only_planned',
  'only_connected',
  'only_attended',
] as const satisfies readonly (keyof CaseGroupRow)[];

function equityTable(rows: CaseGroupRow[], order: readonly string[] = []): CountTable {
  return presentCountTable(
    [...furthestStages],
    ordered(
      rows.map((row) => ({
        key: row.key ?? 'unknown',
        label: null,
        counts: furthestColumns.map((column) => row[column]),
      })),
      order,
    ),
  );
}

function referralTable(rows: TableRowInput[], order?: readonly string[]): CountTable {
  return presentCountTable(['referrals'], ordered(rows, order));
}

export async function readDashboard(
  db: Database,
  actor: Actor,
  query: ReportQuery,
): Promise<Dashboard> {
  const filter = await resolveFilter(db, actor, query);
  // The summaries' date first: figures refreshed meanwhile are newer, never older, than it.
  const asOf = await selectRefreshedAt(db);
  const [groups, firstContact, connectionGroups] = await Promise.all([
    selectCaseGroups(db, filter),
    selectTimeToFirstContact(db, filter),
    selectConnectionGroups(db, filter),
  ]);
  const of = (dimension: CaseGroupRow['dimension']): CaseGroupRow[] =>
    groups.filter((row) => row.dimension === dimension);
  const all = of('all')[0];
  const funnelCounts = funnelStages.map((stage) => all?.[stage] ?? 0);

  const siteRows = of('site');
  const siteNames = new Map(
    (
      await selectSiteNames(
        db,
        siteRows.flatMap((row) => (row.key ? [row.key] : [])),
      )
    ).map((site) => [site.id, site.name]),
  );

  const workerRows = of('link_worker').toSorted(
    (a, b) => b.referred - a.referred || (a.key ?? '').localeCompare(b.key ?? ''),
  );
  const showNames = seesStaffNames(actor);
  const workerNames = showNames
    ? new Map(
        (
          await selectAccountNames(
            db,
            workerRows.flatMap((row) => (row.key ? [row.key] : [])),
          )
        ).map((account) => [account.id, account.name]),
      )
    : new Map<string, string>();
  let pseudonym = 0;
  const caseloadRows = workerRows.map((row) => {
    if (!row.key) return { key: 'unassigned', label: null, counts: [row.referred, row.open] };
    pseudonym += 1;
    return showNames
      ? { key: row.key, label: workerNames.get(row.key) ?? null, counts: [row.referred, row.open] }
      : { key: `link_worker_${pseudonym}`, label: null, counts: [row.referred, row.open] };
  });

  const connectionsOf = (dimension: string): typeof connectionGroups =>
    connectionGroups.filter((row) => row.dimension === dimension);
  const categoryKey = (id: string): string =>
    categories.find((category) => category.id === id)?.key ?? id;

  const contacted = firstContact.n;
  const showTimes = contacted >= 5;
  return {
    scope: scopeOf(filter, asOf),
    permissions: { export: canExportReports(actor) },
    funnel: presentCountTable(
      [...funnelStages],
      [{ key: 'all', label: null, counts: funnelCounts }],
    ),
    timeToFirstContact: {
      n: showTimes
        ? { value: contacted, suppression: null }
        : { value: null, suppression: 'primary' },
      medianDays: showTimes ? firstContact.median : null,
      p90Days: showTimes ? firstContact.p90 : null,
    },
    referralsBySource: referralTable(
      of('source').map((row) => ({
        key: row.key ?? 'unknown',
        label: null,
        counts: [row.referred],
      })),
      referralSources,
    ),
    referralsByReason: referralTable(
      of('reason').map((row) => ({
        key: row.key ?? 'unknown',
        label: null,
        counts: [row.referred],
      })),
      referralReasons,
    ),
    referralsBySite: referralTable(
      siteRows.map((row) => ({
        key: row.key ?? 'unknown',
        label: siteNames.get(row.key ?? '') ?? null,
        counts: [row.referred],
      })),
    ),
    referralsByMonth: referralTable(
      of('month').map((row) => ({
        key: row.key ?? 'unknown',
        label: null,
        counts: [row.referred],
      })),
    ),
    connectionsByCategory: presentCountTable(
      ['connections', 'attended'],
      ordered(
        connectionsOf('category').map((row) => ({
          key: categoryKey(row.key ?? 'uncategorised'),
          label: null,
          counts: [row.connections, row.attended],
        })),
        categories.map((category) => category.key),
      ),
    ),
    connectionsByPartner: presentCountTable(
      ['connections', 'declined', 'attended'],
      ordered(
        connectionsOf('partner').map((row) => ({
          key: row.key ?? 'none',
          label: row.label,
          counts: [row.connections, row.declined, row.attended],
        })),
      ),
    ),
    partnerDeclines: presentCountTable(
      ['declines'],
      ordered(
        connectionsOf('decline_reason').map((row) => ({
          key: row.key ?? 'unknown',
          label: null,
          counts: [row.connections],
        })),
      ),
    ),
    dischargeReasons: presentCountTable(
      ['discharges'],
      ordered(
        of('closure_reason')
          .filter((row) => row.key !== null && row.discharged > 0)
          .map((row) => ({ key: row.key ?? 'unknown', label: null, counts: [row.discharged] })),
      ),
    ),
    caseload: presentCountTable(['cases', 'open'], caseloadRows),
    equity: {
      ageBand: equityTable(of('age_band'), ageBands),
      sex: equityTable(of('sex'), ['female', 'male', 'other', 'not_stated']),
      language: equityTable(of('language'), ['fr', 'en']),
      area: equityTable(of('area')),
    },
  };
}

export async function readOutcomes(
  db: Database,
  actor: Actor,
  query: ReportQuery,
): Promise<OutcomesReport> {
  const filter = await resolveFilter(db, actor, query);
  const asOf = await selectRefreshedAt(db);
  const pairs = await selectOutcomePairCounts(db, filter);
  // Rows arrive ordered by instrument and scale: one pass splits them into runs of counted pairs.
  const runs: { instrumentId: string; scale: string; pairs: PairCount[] }[] = [];
  for (const pair of pairs) {
    let run = runs.at(-1);
    if (!run || run.instrumentId !== pair.instrument_id || run.scale !== pair.scale) {
      run = { instrumentId: pair.instrument_id, scale: pair.scale, pairs: [] };
      runs.push(run);
    }
    run.pairs.push({ before: Number(pair.before), after: Number(pair.after), count: pair.count });
  }
  const order = Object.keys(instruments);
  const rank = (id: string): number => (order.includes(id) ? order.indexOf(id) : order.length);
  const items = runs
    .toSorted((a, b) => rank(a.instrumentId) - rank(b.instrumentId))
    .map((run) => {
      const definition = findInstrument(run.instrumentId);
      const hasScale = definition?.scales.some((scale) => scale.id === run.scale) ?? false;
      const summary = pairedSummaryOfCounts(
        run.pairs,
        definition && hasScale
          ? { classify: (before, after) => classifyChange(definition, run.scale, before, after) }
          : {},
      );
      return presentInstrumentChange(definition, run.instrumentId, run.scale, summary);
    });
  return { scope: scopeOf(filter, asOf), items };
}

/** Every instrument scale, for the export's fixed columns. */
function scoreKeys(): string[] {
  return Object.values(instruments).flatMap((definition) =>
    definition.scales.map((scale) => `${definition.id}.${scale.id}`),
  );
}

function stageReached(row: {
  contacted: boolean;
  accepted: boolean;
  assessed: boolean;
  planned: boolean;
  connected: boolean;
  attended: boolean;
}): string {
  const reached = furthestStages.filter((stage) => stage === 'referred' || row[stage]);
  return reached.at(-1) ?? 'referred';
}

/** Receives the export a piece at a time, and resolves when it may take the next one. */
export type CsvSink = (chunk: string) => Promise<void>;

/** Rows read and written at a time: the export's memory does not grow with the programme. */
const exportBatchSize = 1000;

const newline = '\r\n';

/**
 * The de-identified case-level export for researchers: no names, contact details, exact
 * dates (months only), dates of birth (age bands), postal codes (areas) or free text. Each
 * person gets a pseudonym that is stable within this export only (a fresh random key each
 * time), so two exports cannot be joined on it. Who may export and what is in scope are
 * settled first, and the export audited, so an error still answers as usual; the returned
 * function then writes the CSV through a database cursor, a batch at a time.
 */
export async function prepareCaseExport(
  db: Database,
  actor: Actor,
  query: ReportQuery,
  batchSize = exportBatchSize,
): Promise<(sink: CsvSink) => Promise<void>> {
  if (!canExportReports(actor)) throw forbidden();
  const filter = await resolveFilter(db, actor, query);
  await db.transaction((tx) =>
    recordAudit(tx, actor, {
      action: 'report.exported',
      subjectType: 'report',
      details: { siteIds: filter.siteIds, from: filter.from, to: filter.to },
    }),
  );
  const toCsvRow = csvRowMaker();
  return (sink) =>
    db.transaction(async (tx) => {
      await tuneForAggregates(tx);
      await sink(writeCsvRows([exportFields()], newline));
      for await (const rows of rowsInBatches<ExportRow>(tx, exportRowsSql(filter), batchSize)) {
        await sink(newline + writeCsvRows(rows.map(toCsvRow), newline));
      }
    });
}

function categoryKeys(): string[] {
  return [...categories.map((category) => category.key), 'uncategorised'];
}

function exportFields(): string[] {
  return [
    'person',
    'site',
    'source',
    'reasons',
    'urgency',
    'referred_month',
    'first_contact_month',
    'accepted_month',
    'closed_month',
    'status',
    'stage_reached',
    'days_to_first_contact',
    'discharge_reason',
    'age_band',
    'sex',
    'language',
    'area',
    ...categoryKeys().map((category) => `connections_${category}`),
    ...scoreKeys().flatMap((k) => [`${k}.baseline`, `${k}.latest`]),
  ];
}

/** One export's row writer, with the pseudonym key that this export alone holds. */
function csvRowMaker(): (row: ExportRow) => (string | number)[] {
  const key = randomBytes(32);
  const pseudonym = (personId: string): string =>
    createHmac('sha256', key).update(personId).digest('hex').slice(0, 16);
  const keys = scoreKeys();
  const categoryKeyList = categoryKeys();
  const categoryKey = (id: string): string =>
    categories.find((category) => category.id === id)?.key ?? 'uncategorised';
  return (row) => {
    const byCategory = new Map<string, number>();
    for (const [id, count] of Object.entries(row.connection_categories ?? {})) {
      const category = categoryKey(id);
      byCategory.set(category, (byCategory.get(category) ?? 0) + count);
    }
    const scores = row.scores ?? {};
    return [
      pseudonym(row.person_id),
      row.site_name,
      row.source,
      row.reasons.join(';'),
      row.urgency,
      row.referred_month,
      row.first_contact_month ?? '',
      row.accepted_month ?? '',
      row.closed_month ?? '',
      row.status,
      stageReached(row),
      row.days_to_first_contact ?? '',
      row.status === 'discharged' ? (row.closure_reason ?? '') : '',
      row.age_band,
      row.sex,
      row.language,
      row.area,
      ...categoryKeyList.map((category) => byCategory.get(category) ?? 0),
      ...keys.flatMap((k) => (scores[k] ?? [null, null]).map((value) => value ?? '')),
    ];
  };
}
