import type { CategoryKey } from './directory-categories';
import { type NeedDomain, type NeedLevel, type ReferralReason, needDomains } from './pathway';

/**
 * The kinds of activity that answer each need of "what matters to you": what a link worker
 * looks for first when a person says, for example, that they are lonely (social connection).
 */
export const categoriesForNeed: Record<NeedDomain, CategoryKey[]> = {
  social_connection: ['social', 'peer'],
  mental_wellbeing: ['peer', 'arts', 'nature'],
  physical_activity: ['physical', 'nature'],
  health_management: ['peer', 'physical'],
  money: ['practical'],
  housing: ['practical'],
  food: ['practical'],
  transport: ['practical'],
  caring: ['peer', 'practical'],
  learning_work: ['learning', 'civic'],
};

/**
 * The kinds of activity that answer each referral reason, the referrer's words for the
 * need: the gap map (reports) looks for these near where people are referred from. 'other'
 * says nothing of the need, so nothing is looked for.
 */
export const categoriesForReason: Record<ReferralReason, CategoryKey[]> = {
  loneliness_isolation: ['social', 'peer'],
  low_mood_stress: ['peer', 'arts', 'nature'],
  physical_inactivity: ['physical', 'nature'],
  long_term_condition: ['peer', 'physical'],
  money: ['practical'],
  housing: ['practical'],
  food: ['practical'],
  caring_responsibilities: ['peer', 'practical'],
  bereavement: ['peer', 'social'],
  other: [],
};

/**
 * The categories a person's needs point to, strongest need first: a category answering a
 * high need is 'high' even when a lesser need points to it too.
 */
export function categoriesForNeeds(needs: Partial<Record<string, NeedLevel>>): {
  high: CategoryKey[];
  some: CategoryKey[];
} {
  const high = new Set<CategoryKey>();
  const some = new Set<CategoryKey>();
  for (const [domain, level] of Object.entries(needs)) {
    const answering = isNeedDomain(domain) ? categoriesForNeed[domain] : [];
    for (const key of answering) {
      if (level === 'high') high.add(key);
      else if (level === 'some') some.add(key);
    }
  }
  return { high: [...high], some: [...some].filter((key) => !high.has(key)) };
}

function isNeedDomain(value: string): value is NeedDomain {
  return (needDomains as readonly string[]).includes(value);
}
