import type { DirectorySearchHit } from '../../../shared/contracts/search';
import type { Translate } from '../../i18n';
import type { Locale } from '../../../shared/locale';

const mostTelling = { corrected: 0, typed: 1, translated: 2, synonym: 3 } as const;
const shownMatches = 3;

/**
 * Why a hit matched, in plain words: the corrected spellings, the words that matched and
 * where they came from (typed, translated, related), and the listing's language when it
 * is not the reader's.
 */
export function explainMatch(hit: DirectorySearchHit, t: Translate, locale: Locale): string[] {
  const reasons: string[] = [];
  const terms: string[] = [];
  const seen = new Set<string>();
  const matches = [...hit.why.matches].sort(
    (a, b) => mostTelling[a.origin] - mostTelling[b.origin],
  );
  for (const match of matches) {
    if (reasons.length + terms.length >= shownMatches) break;
    if (seen.has(match.text)) continue;
    seen.add(match.text);
    const from = match.from ?? '';
    if (match.origin === 'corrected') {
      reasons.push(t('directorySearch.why.corrected', { term: match.text, from }));
    } else if (match.origin === 'typed' || from === '') {
      terms.push(t('directorySearch.why.typed', { term: match.text }));
    } else {
      terms.push(t(`directorySearch.why.${match.origin}`, { term: match.text, from }));
    }
  }
  if (terms.length > 0) reasons.push(t('directorySearch.why.matches', { terms: terms.join(', ') }));
  if (reasons.length === 0) reasons.push(t('directorySearch.why.filtersOnly'));
  if (hit.language && hit.language !== locale) {
    reasons.push(t(`directorySearch.why.listedIn.${hit.language}`));
  }
  return reasons;
}
