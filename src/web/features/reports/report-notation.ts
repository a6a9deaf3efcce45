import type { ReportCount } from '../../../shared/contracts/reports';
import type { Locale } from '../../../shared/locale';
import { wholeNumber } from '../../../shared/typography';
import type { Translate } from '../../i18n';

/**
 * A count as the page writes it, in tables and charts alike: the rounded figure, or why it
 * is hidden in the notation the legend and the methods note explain ("<8": few people,
 * "x": the overlap rule), never a third way.
 */
export function countText(t: Translate, locale: Locale, count: ReportCount | null): string {
  if (!count) return '—';
  if (count.value !== null) return wholeNumber(locale, count.value);
  return count.suppression === 'overlap' ? t('reports.overlap') : t('reports.hidden');
}
