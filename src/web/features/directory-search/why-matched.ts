import type { DirectorySearchHit } from '../../../shared/contracts/search';
import type { Translate } from '../../i18n';
import type { Locale } from '../../../shared/locale';

// A listing word a related term and a translation both found reads best as related: the
// translation found it only through a stem the two languages share.
const mostTelling = { corrected: 0, typed: 1, synonym: 2, translated: 3 } as const;
const shownMatches = 3;

function unaccented(word: string): string {
  return word
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/**
 * Why a hit matched, in plain words: the corrected spellings, the words that matched and
 * where they came from (typed, translated, related), and the listing's language when it
 * is not the reader's. Words are the person's as typed or the listing's own, never the
 * search's stems: a translation or a related word says which of the listing's words it
 * found ("isolement (related to isolé)"), and only without one the vocabulary's term.
 */
export function explainMatch(hit: DirectorySearchHit, t: Translate, locale: Locale): string[] {
  const reasons: string[] = [];
  const terms: string[] = [];
  const seen = new Set<string>();
  const matches = [...hit.why.matches].sort(
    (a, b) => mostTelling[a.origin] - mostTelling[b.origin],
  );
  for (const match of matches) {
    const from = match.from ?? '';
    if (match.origin === 'corrected') {
      // The correction is a word of the listings, stored without accents: the listing's own
      // spelling of it when the listing has it ("événement", not "evenement").
      const term = match.words.find((word) => unaccented(word) === match.text) ?? match.text;
      if (seen.has(term) || reasons.length + terms.length >= shownMatches) continue;
      seen.add(term);
      reasons.push(t('directorySearch.why.corrected', { term, from }));
      continue;
    }
    const found = match.origin === 'typed' || match.words.length === 0 ? [match.text] : match.words;
    for (const term of found) {
      if (seen.has(term) || reasons.length + terms.length >= shownMatches) continue;
      seen.add(term);
      terms.push(
        match.origin === 'typed' || from === ''
          ? t('directorySearch.why.typed', { term })
          : t(`directorySearch.why.${match.origin}`, { term, from }),
      );
    }
  }
  if (terms.length > 0) reasons.push(t('directorySearch.why.matches', { terms: terms.join(', ') }));
  if (reasons.length === 0) reasons.push(t('directorySearch.why.filtersOnly'));
  if (hit.language && hit.language !== locale) {
    reasons.push(t(`directorySearch.why.listedIn.${hit.language}`));
  }
  return reasons;
}
