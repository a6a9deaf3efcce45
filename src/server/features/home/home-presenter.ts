import type {
  HomeCaseloadLine,
  HomeCount,
  HomeCountKey,
  HomeHeadline,
} from '../../../shared/contracts/home';
import type { Dashboard, ReportCount } from '../../../shared/contracts/reports';
import type { CaseloadCount, Tally } from './home-queries';

export function countOf(
  key: HomeCountKey,
  tally: Tally,
  hrefOf: (tally: Tally) => string,
): HomeCount {
  return { key, count: tally.count, href: hrefOf(tally) };
}

export function presentCaseloadLine(row: CaseloadCount): HomeCaseloadLine {
  return {
    accountId: row.accountId,
    displayName: row.displayName,
    open: row.open,
    href: `/cases?assignee=${row.accountId}`,
  };
}

const hidden: ReportCount = { value: null, suppression: 'small' };

/** The funnel's referred, connected and attended, and the median days to a first contact. */
export function presentHeadline(dashboard: Dashboard): HomeHeadline {
  const { funnel } = dashboard;
  const cell = (stage: string): ReportCount => {
    const index = funnel.columns.indexOf(stage);
    return funnel.rows[0]?.cells[index] ?? funnel.columnTotals[index] ?? hidden;
  };
  return {
    period: dashboard.scope.period,
    referred: cell('referred'),
    connected: cell('connected'),
    attended: cell('attended'),
    medianDaysToFirstContact: dashboard.timeToFirstContact.medianDays,
    href: '/reports',
  };
}
