const narrowNoBreakSpace = '\u202f';

/**
 * What is not French prose: i18next interpolations ({{name}}) and nesting ($t(ns:key)),
 * addresses (https://…) and times (10:00). Each becomes one letter, so punctuation after it
 * is still checked ("{{name}} :" needs its space as "Nom :" does).
 */
const notProse = /\{\{.*?\}\}|\$t\([^)]*\)|https?:\/\/\S+|\b\d{1,2}:\d{2}\b/g;

/**
 * The places a French string breaks the rules of French typography (a narrow no-break space
 * before : ; ? ! and inside « »), as readable excerpts; none for a string that keeps them.
 */
export function frenchTypographyFaults(message: string): string[] {
  const prose = message.replace(notProse, 'X');
  const faults: string[] = [];
  const excerpt = (index: number): string =>
    prose.slice(Math.max(0, index - 12), index + 2).replaceAll(narrowNoBreakSpace, '⍽');
  for (const match of prose.matchAll(/[:;?!]/g)) {
    const before = prose[match.index - 1];
    // "?!" and a line that starts with punctuation have nothing to space from.
    if (before === undefined || before === '\n' || before === '?' || before === '!') continue;
    if (before !== narrowNoBreakSpace) faults.push(excerpt(match.index));
  }
  for (const match of prose.matchAll(/«(.)|(.)»/g)) {
    if ((match[1] ?? match[2]) !== narrowNoBreakSpace) faults.push(excerpt(match.index));
  }
  return faults;
}
