import { createHmac, randomBytes } from 'node:crypto';
import { type ReportExportQuery, furthestStages } from '../../../shared/contracts/reports';
import { categories } from '../../../shared/directory-categories';
import { instruments } from '../../../shared/instruments';
import { partnerDeclineReasons } from '../../../shared/pathway';
import type { Database } from '../../db/client';
import { rowsInBatches } from '../../db/cursor';
import type { Actor } from '../../platform/actor';
import { writeCsvRows } from '../../../shared/csv';
import { forbidden } from '../../platform/errors';
import { recordAudit } from '../audit';
import { periodOf } from './report-periods';
import { resolveScope } from './report-scopes';
import { canExportReports } from './reports-policy';
import { type ExportRow, exportRowsSql } from './report-export-queries';
import { tuneForAggregates } from './report-expressions';

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
 * The de-identified case-level export for researchers (evaluators and administrators):
 * one row per case with its site, months, groups, stages and scores, but no names, contact
 * details, exact dates (months only), dates of birth (age bands), postal codes (areas),
 * free text, partners or link workers. Each person gets a pseudonym that is stable within
 * this export only (a fresh random key each time), so two exports cannot be joined on it.
 * Its rows already say more than any dashboard built from them, and every dashboard
 * dimension but partners and link workers is a column here: putting the two side by side
 * tells its holder nothing more about anyone. It covers a fixed scope like the reports,
 * and a fixed period or, without one, every referral. Who may export and what is in scope
 * are settled first, and the export audited, so an error still answers as usual; the
 * returned function then writes the CSV through a database cursor, a batch at a time.
 */
export async function prepareCaseExport(
  db: Database,
  actor: Actor,
  query: ReportExportQuery,
  batchSize = exportBatchSize,
): Promise<(sink: CsvSink) => Promise<void>> {
  if (!canExportReports(actor)) throw forbidden();
  const scope = await resolveScope(db, actor, query.scope);
  const period = query.period ? periodOf(query.period) : null;
  const filter = { siteIds: scope.siteIds, from: period?.from ?? null, to: period?.to ?? null };
  await db.transaction((tx) =>
    recordAudit(tx, actor, {
      action: 'report.exported',
      subjectType: 'report',
      details: { scope: query.scope ?? 'programme', period: period?.id ?? null },
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
    ...categoryKeys().map((category) => `attended_${category}`),
    ...partnerDeclineReasons.map((reason) => `declined_${reason}`),
    ...scoreKeys().flatMap((k) => scoreColumns.map((column) => `${k}.${column}`)),
  ];
}

/**
 * Each scale's columns, in the order of ExportRow.scores: the pairing rule's baseline and
 * follow-up, the month the pair ends at (for periods by measurement date), then the score
 * at each follow-up timepoint paired with that baseline (the change by timepoint).
 */
const scoreColumns = [
  'baseline',
  'latest',
  'measured_month',
  'month_3',
  'month_6',
  'month_12',
  'discharge',
] as const;

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
    const byCategory = (counts: Record<string, number> | null): Map<string, number> => {
      const sums = new Map<string, number>();
      for (const [id, count] of Object.entries(counts ?? {})) {
        const category = categoryKey(id);
        sums.set(category, (sums.get(category) ?? 0) + count);
      }
      return sums;
    };
    const connections = byCategory(row.connection_categories);
    const attended = byCategory(row.attended_categories);
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
      ...categoryKeyList.map((category) => connections.get(category) ?? 0),
      ...categoryKeyList.map((category) => attended.get(category) ?? 0),
      ...partnerDeclineReasons.map((reason) => row.declines?.[reason] ?? 0),
      ...keys.flatMap((k) => scoreColumns.map((_, i) => scores[k]?.[i] ?? '')),
    ];
  };
}
