export type NavItem = { to: string; label: string };

/**
 * The one item to highlight: the longest address the page is at or under, so that on
 * /cases/triage "Triage" is highlighted and "Caseload" (/cases) is not.
 */
export function activeItem(items: NavItem[], pathname: string): string | undefined {
  const matches = items
    .map((item) => item.to)
    .filter((to) =>
      to === '/' ? pathname === '/' : pathname === to || pathname.startsWith(`${to}/`),
    );
  return matches.sort((a, b) => b.length - a.length)[0];
}
