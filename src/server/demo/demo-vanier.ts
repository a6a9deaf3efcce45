import { person } from './demo-cast';
import type { DemoStory } from './demo-story';

/** Eight francophone people of Vanier, in Ottawa (forward sortation area K1L). */
const vanierPeople = [
  person('Aline', 'Charbonneau', '1961-04-09', 'fr', { postalCode: 'K1L 5B2' }),
  person('Réjean', 'Lalonde', '1955-10-21', 'fr', { postalCode: 'K1L 6A4' }),
  person('Nadia', 'Haddad', '1988-02-14', 'fr', { postalCode: 'K1L 7H8' }),
  person('Marcel', 'Séguin', '1949-07-30', 'fr', { postalCode: 'K1L 8C3' }),
  person('Fatou', 'Diallo', '1993-12-05', 'fr', { postalCode: 'K1L 6V1' }),
  person('Denise', 'Gauthier', '1958-05-17', 'fr', { postalCode: 'K1L 5N7' }),
  person('Yves', 'Cloutier', '1967-09-12', 'fr', { postalCode: 'K1L 7S6' }),
  person('Josée', 'Larocque', '1976-01-28', 'fr', { postalCode: 'K1L 8K9' }),
];

/**
 * The gap map's unmet need (reports, test/browser/gap-map.spec.ts): eight people of Vanier
 * referred to the Cornwall centre on one day (one calendar month, so that no report leaves
 * a few of them out and the figures are shown) for money and food, where the directory has
 * nothing of practical support within 50 km; the link worker sends them elsewhere.
 */
export async function vanierPracticalSupport(s: DemoStory): Promise<void> {
  for (const who of vanierPeople) {
    const c = await s.refer({
      site: 'estrie',
      daysAgo: 20,
      person: who,
      reasons: ['money', 'food'],
      context:
        'Loyer en retard et frigo vide\u202f; pas de banque alimentaire ouverte près de chez elle ou lui.',
    });
    await s.take(c, 19);
    await s.contact(
      c,
      18,
      'reached',
      'Rien d’ouvert en soutien pratique près de Vanier au répertoire.',
    );
    await s.move(c, 18, {
      to: 'discharged',
      reason: 'referred_elsewhere',
      note: 'Orienté·e vers le centre de services communautaires de Vanier.',
    });
  }
}
