import {
  type CountTable,
  type Dashboard,
  ageBands,
  funnelStages,
  furthestStages,
} from '../../../shared/contracts/reports';
import { categories } from '../../../shared/directory-categories';
import {
  dischargeReasons,
  partnerDeclineReasons,
  referralReasons,
  referralSources,
  sexes,
} from '../../../shared/pathway';
import { centilesFrom, protectCount } from '../../../shared/statistics/disclosure';
import {
  type TableRowInput,
  fixedRows,
  foldedRows,
  othersKey,
  presentCountTable,
} from './reports-presenter';
import type { CaseGroupRow, ConnectionGroupRow, FirstContactRow } from './reports-queries';

export type DashboardInputs = {
  groups: CaseGroupRow[];
  connectionGroups: ConnectionGroupRow[];
  /** The scope's sites, each listed even without referrals. */
  sites: { id: string; name: string }[];
  /** The period's months, each listed. */
  months: string[];
};

/** Which open-ended keys a table adds up under 'others' when they are few. */
type Fold = 'none' | 'open';

type RawTable = {
  columns: string[];
  rows: TableRowInput[];
  /** A row's cells share its people out: row totals and a grand total count people. */
  rowsSharePeople: boolean;
  fold: Fold;
};

const tableNames = [
  'funnel',
  'source',
  'reason',
  'site',
  'month',
  'category',
  'partner',
  'decline',
  'discharge',
  'caseload',
  'age',
  'sex',
  'language',
  'area',
] as const;
type TableName = (typeof tableNames)[number];

/** Every table with its true counts and stable keys (link worker and partner ids, areas). */
export type RawDashboard = { tables: Record<TableName, RawTable>; contacted: number };

const furthestColumns = [
  'only_referred',
  'only_contacted',
  'only_accepted',
  'only_assessed',
  'only_planned',
  'only_connected',
  'only_attended',
] as const satisfies readonly (keyof CaseGroupRow)[];

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

const categoryKeys = [...categories.map((category) => category.key), 'uncategorised'];
const categoryKey = (id: string | null): string =>
  categories.find((category) => category.id === id)?.key ?? 'uncategorised';

const byFirstCount = (a: TableRowInput, b: TableRowInput): number =>
  (b.counts[0] ?? 0) - (a.counts[0] ?? 0) || a.key.localeCompare(b.key);

/**
 * The dashboard's true counts. Every table lists the same rows whatever the data (each
 * code of a fixed list, each site of the scope, each month of the period); open-ended
 * keys are folded later, when shown.
 */
export function rawDashboard(inputs: DashboardInputs): RawDashboard {
  const { groups, connectionGroups } = inputs;
  const of = (dimension: CaseGroupRow['dimension']): CaseGroupRow[] =>
    groups.filter((row) => row.dimension === dimension);
  const all = of('all')[0];
  const referred = (dimension: CaseGroupRow['dimension']): TableRowInput[] =>
    of(dimension).map((row) => ({
      key: row.key ?? 'unknown',
      label: null,
      counts: [row.referred],
    }));
  const equity = (dimension: CaseGroupRow['dimension']): TableRowInput[] =>
    of(dimension).map((row) => ({
      key: row.key ?? 'unknown',
      label: null,
      counts: furthestColumns.map((column) => row[column]),
    }));
  const connectionsOf = (dimension: ConnectionGroupRow['dimension']): ConnectionGroupRow[] =>
    connectionGroups.filter((row) => row.dimension === dimension);
  const table = (
    columns: readonly string[],
    rows: TableRowInput[],
    rowsSharePeople = false,
    fold: Fold = 'none',
  ): RawTable => ({ columns: [...columns], rows, rowsSharePeople, fold });
  const stages = [...furthestStages];
  const referredBy = (dimension: 'site' | 'month'): Map<string | null, number> =>
    new Map(of(dimension).map((row) => [row.key, row.referred]));
  const bySite = referredBy('site');
  const byMonth = referredBy('month');

  return {
    contacted: all?.contacted ?? 0,
    tables: {
      // Counted from the furthest stages, not from each stage's own record: a case with a
      // plan but no completed assessment would otherwise make the funnel rise.
      funnel: table(funnelStages, [
        {
          key: 'all',
          label: null,
          counts: funnelStages.map((_, index) =>
            sum(furthestColumns.slice(index).map((column) => all?.[column] ?? 0)),
          ),
        },
      ]),
      source: table(['referrals'], fixedRows(referralSources, referred('source'), 1)),
      reason: table(['referrals'], fixedRows(referralReasons, referred('reason'), 1)),
      site: table(
        ['referrals'],
        inputs.sites.map((site) => ({
          key: site.id,
          label: site.name,
          counts: [bySite.get(site.id) ?? 0],
        })),
      ),
      month: table(
        ['referrals'],
        inputs.months.map((month) => ({
          key: month,
          label: null,
          counts: [byMonth.get(month) ?? 0],
        })),
      ),
      category: table(
        ['connections', 'attended'],
        fixedRows(
          categoryKeys,
          connectionsOf('category').map((row) => ({
            key: categoryKey(row.key),
            label: null,
            counts: [row.connections, row.attended],
          })),
          2,
        ),
      ),
      partner: table(
        ['connections', 'declined', 'attended'],
        connectionsOf('partner').map((row) => ({
          key: row.key ?? 'none',
          label: row.label,
          counts: [row.connections, row.declined, row.attended],
        })),
        false,
        'open',
      ),
      decline: table(
        ['declines'],
        fixedRows(
          partnerDeclineReasons,
          connectionsOf('decline_reason').map((row) => ({
            key: row.key ?? 'other',
            label: null,
            counts: [row.connections],
          })),
          1,
        ),
      ),
      discharge: table(
        ['discharges'],
        fixedRows(
          dischargeReasons,
          of('closure_reason')
            .filter((row) => row.key !== null)
            .map((row) => ({ key: row.key ?? 'other', label: null, counts: [row.discharged] })),
          1,
        ),
      ),
      // Cases nobody took keep a row of their own; link workers are open-ended.
      caseload: table(
        ['cases', 'open'],
        of('link_worker').map((row) => ({
          key: row.key ?? 'unassigned',
          label: null,
          counts: [row.referred, row.open],
        })),
        false,
        'open',
      ),
      age: table(stages, fixedRows(ageBands, equity('age_band'), 7), true),
      sex: table(stages, fixedRows(sexes, equity('sex'), 7), true),
      language: table(stages, fixedRows(['fr', 'en'], equity('language'), 7), true),
      area: table(stages, equity('area'), true, 'open'),
    },
  };
}

/** A figure's name, the same in every report: table, row key (or #total), column (or #total). */
export const figureName = (table: string, row: string, column: string): string =>
  `${table}|${row}|${column}`;

/** Every count a dashboard would show, by figure name: for the overlap rule. */
export function figuresOf(raw: RawDashboard): Map<string, number> {
  const figures = new Map<string, number>([['ttfc|n|n', raw.contacted]]);
  for (const name of tableNames) {
    const t = raw.tables[name];
    t.columns.forEach((column, c) => {
      let total = 0;
      for (const row of t.rows) {
        const count = row.counts[c] ?? 0;
        total += count;
        figures.set(figureName(name, row.key, column), count);
      }
      figures.set(figureName(name, '#total', column), total);
    });
    if (t.rowsSharePeople) {
      for (const row of t.rows) figures.set(figureName(name, row.key, '#total'), sum(row.counts));
    }
    if (t.rowsSharePeople || t.columns.length === 1) {
      figures.set(figureName(name, '#total', '#total'), sum(t.rows.flatMap((row) => row.counts)));
    }
  }
  return figures;
}

type Figures = Omit<Dashboard, 'scope' | 'protection' | 'permissions'>;

/**
 * The dashboard as shown: open-ended keys under the threshold folded into 'others', link
 * workers named for those who may see names and numbered in this report otherwise, every
 * count rounded or hidden (small, or named by the overlap rule in `overlapping`).
 */
export function presentDashboard(
  raw: RawDashboard,
  firstContact: FirstContactRow,
  workerNames: Map<string, string> | null,
  overlapping: ReadonlySet<string>,
): Figures {
  const present = (name: TableName): CountTable => {
    const t = raw.tables[name];
    let rows = t.rows;
    if (t.fold === 'open') {
      const fixed = rows.filter((row) => row.key === 'unassigned');
      const open = rows.filter((row) => row.key !== 'unassigned').toSorted(byFirstCount);
      rows = [
        ...foldedRows(
          name === 'area'
            ? open.map((row) => ({ ...row, counts: [sum(row.counts), ...row.counts] }))
            : open,
          name === 'area' ? t.columns.length + 1 : t.columns.length,
        ).map((row) => (name === 'area' ? { ...row, counts: row.counts.slice(1) } : row)),
        ...(name === 'caseload'
          ? [fixed[0] ?? { key: 'unassigned', label: null, counts: [0, 0] }]
          : []),
      ];
    }
    const table = presentCountTable(
      t.columns,
      rows,
      t.rowsSharePeople,
      (row, column) => row !== othersKey && overlapping.has(figureName(name, row, column)),
    );
    return name === 'caseload' ? renameWorkers(table, workerNames) : table;
  };
  const contacted = firstContact.n;
  const wholeDays = (value: number | null, from: number): number | null =>
    value === null || contacted < from ? null : Math.round(value);
  return {
    funnel: present('funnel'),
    timeToFirstContact: {
      n: protectCount(contacted, overlapping.has('ttfc|n|n')),
      medianDays: wholeDays(firstContact.median, centilesFrom.median),
      p90Days: wholeDays(firstContact.p90, centilesFrom.p90),
    },
    referralsBySource: present('source'),
    referralsByReason: present('reason'),
    referralsBySite: present('site'),
    referralsByMonth: present('month'),
    connectionsByCategory: present('category'),
    connectionsByPartner: present('partner'),
    partnerDeclines: present('decline'),
    dischargeReasons: present('discharge'),
    caseload: present('caseload'),
    equity: {
      ageBand: present('age'),
      sex: present('sex'),
      language: present('language'),
      area: present('area'),
    },
  };
}

/** Names for those who may see them, otherwise pseudonyms numbered in this report only. */
function renameWorkers(table: CountTable, names: Map<string, string> | null): CountTable {
  let pseudonym = 0;
  return {
    ...table,
    rows: table.rows.map((row) => {
      if (row.key === othersKey || row.key === 'unassigned') return row;
      if (names) return { ...row, label: names.get(row.key) ?? null };
      pseudonym += 1;
      return { ...row, key: `link_worker_${pseudonym}` };
    }),
  };
}
