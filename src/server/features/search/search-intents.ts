import type { SearchIntentKind } from '../../../shared/contracts/search';

/**
 * Words that say what a person needs besides the activity: cost, when, for whom, where.
 * Each pattern is a run of search words (normalised, stop words out: "près de chez moi" is
 * pres chez moi). Intent words become filters, shown as chips the user can remove.
 */
const patterns: Record<SearchIntentKind, string[][]> = {
  free: [
    ['free'],
    ['gratuit'],
    ['gratuite'],
    ['gratuits'],
    ['gratuites'],
    ['sans', 'frais'],
    ['no', 'cost'],
  ],
  'low-cost': [
    ['cheap'],
    ['low', 'cost'],
    ['affordable'],
    ['inexpensive'],
    ['pas', 'cher'],
    ['pas', 'chere'],
    ['pas', 'chers'],
    ['petit', 'prix'],
    ['abordable'],
    ['abordables'],
  ],
  weekend: [
    ['weekend'],
    ['weekends'],
    ['week', 'end'],
    ['week', 'ends'],
    ['fin', 'semaine'],
    ['fins', 'semaine'],
  ],
  evening: [
    ['evening'],
    ['evenings'],
    ['after', 'work'],
    ['soir'],
    ['soirs'],
    ['soiree'],
    ['soirees'],
    ['apres', 'travail'],
  ],
  seniors: [
    ['seniors'],
    ['senior'],
    ['older', 'adults'],
    ['older', 'adult'],
    ['older', 'people'],
    ['elderly'],
    ['aines'],
    ['ainees'],
    ['aine'],
    ['ainee'],
    ['personnes', 'agees'],
    ['agee'],
    ['agees'],
  ],
  'near-me': [
    ['near', 'me'],
    ['close', 'me'],
    ['nearby'],
    ['pres', 'chez', 'moi'],
    ['proche', 'chez', 'moi'],
    ['pres', 'moi'],
    ['proximite'],
  ],
};

/**
 * Words of how a request is put rather than of what is needed ("je cherche quelque chose
 * pour", "something for my"): left out of the search, where they would match any listing
 * that happens to say them.
 */
const fillerWords = new Set(
  (
    'something anything looking need needs want wants would like ' +
    'my his her their our me him them who which that this is was has have am ' +
    'quelque chose cherche cherchons besoin veux voudrais voudrait aimerais aimerait ' +
    'faire trouver mon ma mes son sa ses leur leurs notre nos moi lui elle qui que est ' +
    'ai il je nous vous'
  ).split(' '),
);

/** Words about the people a listing is for are also what such listings say: they stay searched for. */
const keptAsWords: ReadonlySet<SearchIntentKind> = new Set(['seniors']);

export type RecognisedIntent = { kind: SearchIntentKind; words: string };

/**
 * The intents in a query's words (each kind once), and the words left to search for:
 * intent words leave the search, but for those about whom a listing is for. `ignore` lists
 * the intents the user removed; their words leave the search too.
 */
export function recogniseIntents(
  typed: { word: string; asTyped: string }[],
  ignore: readonly SearchIntentKind[] = [],
): { intents: RecognisedIntent[]; rest: { word: string; asTyped: string }[] } {
  const intents: RecognisedIntent[] = [];
  const dropped = new Set<number>();
  for (const [kind, runs] of Object.entries(patterns) as [SearchIntentKind, string[][]][]) {
    for (const run of runs.toSorted((a, b) => b.length - a.length)) {
      for (let start = 0; start + run.length <= typed.length; start += 1) {
        const at = run.every(
          (word, k) => typed[start + k]?.word === word && !dropped.has(start + k),
        );
        if (!at) continue;
        const span = Array.from({ length: run.length }, (_, k) => start + k);
        if (!keptAsWords.has(kind)) for (const i of span) dropped.add(i);
        if (!ignore.includes(kind) && !intents.some((intent) => intent.kind === kind)) {
          intents.push({ kind, words: span.map((i) => typed[i]?.asTyped ?? '').join(' ') });
        }
      }
    }
  }
  const rest = typed.filter((t, i) => !dropped.has(i) && !fillerWords.has(t.word));
  // A query of filler words alone still searches for them.
  return { intents, rest: rest.length > 0 || dropped.size > 0 ? rest : typed };
}

/** "For seniors": listings open to a person of this age. */
export const seniorAge = 65;
/** "Evening": open after this time. */
export const eveningFrom = '18:00';
/** "Near me": within this distance of the person's postal code. */
export const nearMeKm = 10;
