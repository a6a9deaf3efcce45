import type { PersonInput } from '../../shared/contracts/referrals';
import type { DischargeReason, ReferralReason } from '../../shared/pathway';
import { jardinsAtelier, person, westEndGarden, westEndStewards } from './demo-cast';
import type { DemoStory, SiteKey } from './demo-story';

/**
 * The programme's first cohort, referred in the first half of the year and now closed: 18
 * people measured on UCLA-3 and ONS4 at the start and again at 3 months, 6 months or
 * discharge, and 12 Riverside people of one March intake who gave a baseline and were
 * never reached again. With the later cases, the year's report has enough pairs to show
 * its statistics and the attrition comparison (test/integration/reports-demo-r-check.test.ts,
 * checked against R). Where the pairs fall is chosen for the overlap rule
 * (shared/statistics/disclosure.ts): each site, quarter of referral and quarter of the
 * last follow-up leaves at least 10 pairs out of the year, and the lost all share one
 * site's month, so that no other report the evaluator could ask for differs by a few.
 * Every case is closed: none of it reaches a link worker's caseload.
 */

type Timepoint = 'baseline' | 'month_3' | 'month_6' | 'discharge';
/** UCLA-3 items (companionship, left out, isolated: 1 to 3). */
type Ucla = [number, number, number];
/** ONS4 (satisfied, worthwhile, happy, anxious: 0 to 10). */
type Ons4 = [number, number, number, number];
type Measure = [Timepoint, daysAgo: number, Ucla, Ons4];

type Completed = {
  who: PersonInput;
  site: SiteKey;
  referred: number;
  reasons: ReferralReason[];
  goal: string;
  measures: Measure[];
  closed: { daysAgo: number; reason: DischargeReason; note: string };
  /**
   * An activity of the directory they went to: the West End partner accepts by its emailed
   * link, the Cornwall gardens from their inbox.
   */
  activity?: {
    offer: { serviceId: string; organisationName: string; activity: string };
    wants: string;
  };
};

const ucla = ([companionship, left_out, isolated]: Ucla): Record<string, number> => ({
  companionship,
  left_out,
  isolated,
});
const ons4 = ([satisfied, worthwhile, happy, anxious]: Ons4): Record<string, number> => ({
  satisfied,
  worthwhile,
  happy,
  anxious,
});

const lonely: ReferralReason[] = ['loneliness_isolation'];

/**
 * Referred January to March (their last follow-up July to September) or April to June
 * (their last follow-up October or November). Ties, a change of zero and one person
 * lonelier at the end, as in any real group.
 */
const completed: Completed[] = [
  {
    who: person('Grace', 'Whitaker', '1949-03-22', 'en'),
    site: 'riverside',
    referred: 318,
    reasons: lonely,
    goal: 'Have somewhere to go on Tuesdays',
    measures: [
      ['baseline', 313, [3, 3, 3], [3, 5, 3, 7]],
      ['month_3', 225, [2, 3, 2], [5, 6, 5, 5]],
      ['month_6', 135, [2, 2, 2], [6, 7, 6, 4]],
    ],
    closed: { daysAgo: 130, reason: 'goals_met', note: 'Goes to the garden with her neighbour.' },
    activity: { offer: westEndGarden, wants: 'Gardening with neighbours.' },
  },
  {
    who: person('Desmond', 'Clarke', '1958-08-09', 'en'),
    site: 'riverside',
    referred: 300,
    reasons: ['loneliness_isolation', 'low_mood_stress'],
    goal: 'Get out of the flat twice a week',
    measures: [
      ['baseline', 296, [3, 2, 3], [4, 5, 4, 6]],
      ['month_3', 207, [2, 2, 2], [5, 6, 5, 5]],
      ['discharge', 118, [2, 1, 2], [7, 7, 6, 3]],
    ],
    closed: { daysAgo: 117, reason: 'goals_met', note: 'Volunteers at the park most weeks.' },
    activity: { offer: westEndStewards, wants: 'Outdoor volunteering with others.' },
  },
  {
    who: person('Irene', 'Sutherland', '1945-11-30', 'en'),
    site: 'riverside',
    referred: 290,
    reasons: ['loneliness_isolation', 'bereavement'],
    goal: 'Meet people who knew her husband’s music',
    measures: [
      ['baseline', 285, [2, 3, 2], [5, 6, 4, 6]],
      ['month_3', 196, [2, 2, 2], [5, 6, 5, 5]],
      ['month_6', 106, [2, 2, 2], [6, 6, 6, 5]],
    ],
    closed: { daysAgo: 100, reason: 'goals_met', note: 'Found friends at the community garden.' },
    activity: { offer: westEndGarden, wants: 'Gardening with neighbours.' },
  },
  {
    who: person('Marcus', 'Bell', '1983-05-14', 'en'),
    site: 'riverside',
    referred: 270,
    reasons: ['low_mood_stress', 'loneliness_isolation'],
    goal: 'Find a team sport',
    measures: [
      ['baseline', 266, [2, 2, 2], [5, 5, 5, 5]],
      ['month_3', 176, [2, 2, 2], [5, 6, 5, 5]],
      ['discharge', 95, [2, 2, 2], [6, 6, 5, 4]],
    ],
    closed: { daysAgo: 94, reason: 'other', note: 'Plays in a Sunday league; no further support.' },
  },
  {
    who: person('Nadia', 'Petrova', '1990-04-02', 'en'),
    site: 'riverside',
    referred: 238,
    reasons: lonely,
    goal: 'Make friends in Toronto',
    measures: [
      ['baseline', 234, [3, 3, 2], [3, 4, 3, 8]],
      ['month_3', 145, [2, 2, 2], [5, 6, 5, 6]],
      ['month_6', 55, [2, 1, 1], [7, 7, 7, 4]],
    ],
    closed: { daysAgo: 50, reason: 'goals_met', note: 'Runs the garden’s seed swap now.' },
    activity: { offer: westEndGarden, wants: 'Gardening with neighbours.' },
  },
  {
    who: person('Oluwaseun', 'Adeyemi', '1976-10-19', 'en'),
    site: 'riverside',
    referred: 232,
    reasons: ['loneliness_isolation', 'physical_inactivity'],
    goal: 'Walk with others every week',
    measures: [
      ['baseline', 228, [3, 2, 2], [4, 6, 4, 6]],
      ['month_3', 138, [2, 2, 1], [6, 7, 6, 4]],
      ['month_6', 48, [2, 1, 1], [7, 8, 7, 3]],
    ],
    closed: {
      daysAgo: 45,
      reason: 'goals_met',
      note: 'Volunteers with the park stewards on Saturdays.',
    },
    activity: { offer: westEndStewards, wants: 'Outdoor volunteering with others.' },
  },
  {
    who: person('Theresa', 'Lindqvist', '1952-01-27', 'en'),
    site: 'riverside',
    referred: 215,
    reasons: ['loneliness_isolation', 'caring_responsibilities'],
    goal: 'An afternoon a week for herself',
    measures: [
      ['baseline', 211, [2, 2, 3], [5, 6, 5, 6]],
      ['month_3', 121, [3, 2, 3], [4, 5, 4, 7]],
      ['month_6', 30, [3, 3, 3], [3, 5, 3, 8]],
    ],
    closed: {
      daysAgo: 28,
      reason: 'referred_elsewhere',
      note: 'Husband died in October; referred to the bereavement service.',
    },
    activity: { offer: westEndGarden, wants: 'Gardening with neighbours.' },
  },
  {
    who: person('Paul', 'Fitzgerald', '1961-06-06', 'en'),
    site: 'riverside',
    referred: 205,
    reasons: lonely,
    goal: 'Join something in the neighbourhood',
    measures: [
      ['baseline', 201, [3, 3, 3], [2, 4, 3, 7]],
      ['month_3', 112, [2, 3, 2], [4, 5, 4, 6]],
      ['discharge', 25, [2, 2, 2], [5, 6, 6, 5]],
    ],
    closed: { daysAgo: 24, reason: 'goals_met', note: 'Regular at the community garden.' },
    activity: { offer: westEndGarden, wants: 'Gardening with neighbours.' },
  },
  {
    who: person('Ginette', 'Lavoie', '1950-02-17', 'fr'),
    site: 'estrie',
    referred: 325,
    reasons: lonely,
    goal: 'Sortir de chez elle deux fois par semaine',
    measures: [
      ['baseline', 320, [3, 3, 3], [3, 4, 3, 7]],
      ['month_3', 232, [3, 2, 2], [5, 5, 4, 6]],
      ['month_6', 142, [2, 2, 2], [6, 6, 6, 5]],
      ['discharge', 128, [2, 2, 1], [7, 7, 7, 4]],
    ],
    closed: {
      daysAgo: 127,
      reason: 'goals_met',
      note: 'Va au jardin chaque semaine avec une voisine.',
    },
    activity: { offer: jardinsAtelier, wants: 'Jardiner avec d’autres.' },
  },
  {
    who: person('Normand', 'Bélanger', '1956-09-03', 'fr'),
    site: 'estrie',
    referred: 312,
    reasons: ['loneliness_isolation', 'long_term_condition'],
    goal: 'Retrouver un groupe de marche',
    measures: [
      ['baseline', 308, [3, 2, 3], [4, 5, 4, 6]],
      ['month_3', 219, [2, 2, 3], [5, 5, 5, 6]],
      ['month_6', 128, [2, 2, 3], [5, 6, 5, 5]],
    ],
    closed: { daysAgo: 125, reason: 'goals_met', note: 'Marche avec le club le long du canal.' },
  },
  {
    who: person('Solange', 'Dufresne', '1944-12-08', 'fr'),
    site: 'estrie',
    referred: 305,
    reasons: ['loneliness_isolation', 'bereavement'],
    goal: 'Renouer avec ses anciennes collègues',
    measures: [
      ['baseline', 301, [2, 3, 2], [5, 6, 4, 5]],
      ['month_3', 212, [2, 2, 1], [6, 7, 6, 4]],
      ['discharge', 120, [1, 2, 1], [7, 8, 7, 3]],
    ],
    closed: { daysAgo: 119, reason: 'goals_met', note: 'Déjeune avec ses anciennes collègues.' },
  },
  {
    who: person('Pierre-Luc', 'Gagnon', '1987-07-25', 'fr'),
    site: 'estrie',
    referred: 295,
    reasons: ['low_mood_stress', 'loneliness_isolation'],
    goal: 'Reprendre le hockey amateur',
    measures: [
      ['baseline', 291, [2, 2, 2], [5, 5, 5, 6]],
      ['month_3', 202, [2, 2, 1], [6, 6, 6, 5]],
      ['month_6', 110, [2, 2, 1], [6, 7, 6, 4]],
    ],
    closed: { daysAgo: 104, reason: 'goals_met', note: 'Joue au hockey le jeudi soir.' },
    activity: { offer: jardinsAtelier, wants: 'Jardiner avec d’autres.' },
  },
  {
    who: person('Monique', 'Tremblay', '1953-04-11', 'fr'),
    site: 'estrie',
    referred: 284,
    reasons: lonely,
    goal: 'Jardiner avec d’autres',
    measures: [
      ['baseline', 280, [3, 3, 2], [4, 5, 4, 6]],
      ['month_3', 190, [2, 2, 2], [6, 6, 5, 5]],
      ['month_6', 99, [2, 2, 2], [6, 7, 6, 4]],
    ],
    closed: { daysAgo: 97, reason: 'goals_met', note: 'A sa parcelle au jardin partagé.' },
    activity: { offer: jardinsAtelier, wants: 'Jardiner avec d’autres.' },
  },
  {
    who: person('Lise', 'Ouellette', '1948-10-29', 'fr'),
    site: 'estrie',
    referred: 262,
    reasons: ['loneliness_isolation', 'long_term_condition'],
    goal: 'Voir du monde malgré l’arthrite',
    measures: [
      ['baseline', 258, [3, 3, 3], [3, 5, 3, 7]],
      ['month_3', 170, [3, 3, 2], [4, 5, 4, 7]],
      ['discharge', 90, [3, 3, 2], [4, 6, 4, 6]],
    ],
    closed: {
      daysAgo: 89,
      reason: 'moved',
      note: 'Partie vivre près de sa fille à Hawkesbury.',
    },
  },
  {
    who: person('Roger', 'Desjardins', '1960-03-15', 'fr'),
    site: 'estrie',
    referred: 240,
    reasons: ['loneliness_isolation', 'physical_inactivity'],
    goal: 'Faire du vélo en groupe',
    measures: [
      ['baseline', 236, [3, 2, 2], [4, 5, 4, 6]],
      ['month_3', 147, [2, 2, 2], [5, 6, 5, 5]],
      ['month_6', 57, [2, 2, 1], [6, 7, 6, 4]],
    ],
    closed: { daysAgo: 52, reason: 'goals_met', note: 'Roule avec le club cycliste le dimanche.' },
    activity: { offer: jardinsAtelier, wants: 'Jardiner avec d’autres.' },
  },
  {
    who: person('Huguette', 'Bouchard', '1947-06-21', 'fr'),
    site: 'estrie',
    referred: 228,
    reasons: lonely,
    goal: 'Participer à un atelier par semaine',
    measures: [
      ['baseline', 224, [3, 3, 2], [4, 5, 3, 7]],
      ['month_3', 134, [3, 2, 2], [5, 6, 5, 6]],
      ['month_6', 45, [2, 2, 2], [6, 6, 6, 5]],
    ],
    closed: { daysAgo: 40, reason: 'goals_met', note: 'Fidèle à l’atelier de jardinage.' },
    activity: { offer: jardinsAtelier, wants: 'Jardiner avec d’autres.' },
  },
  {
    who: person('Sylvain', 'Côté', '1972-11-04', 'fr'),
    site: 'estrie',
    referred: 210,
    reasons: ['low_mood_stress', 'loneliness_isolation'],
    goal: 'Rencontrer d’autres pères',
    measures: [
      ['baseline', 206, [2, 2, 2], [5, 6, 5, 5]],
      ['month_3', 117, [2, 2, 2], [5, 6, 5, 5]],
      ['discharge', 27, [2, 2, 2], [6, 6, 6, 5]],
    ],
    closed: { daysAgo: 26, reason: 'other', note: 'Va au groupe des pères de son côté.' },
  },
  {
    who: person('Jacqueline', 'Morin', '1964-08-30', 'fr'),
    site: 'estrie',
    referred: 195,
    reasons: ['loneliness_isolation', 'caring_responsibilities'],
    goal: 'Du temps à elle le samedi',
    measures: [
      ['baseline', 191, [3, 2, 2], [4, 5, 4, 6]],
      ['month_3', 101, [3, 2, 2], [4, 6, 5, 6]],
      ['month_6', 12, [2, 2, 1], [6, 7, 6, 4]],
    ],
    closed: {
      daysAgo: 10,
      reason: 'goals_met',
      note: 'Jardine le samedi, sa sœur prend le relais.',
    },
    activity: { offer: jardinsAtelier, wants: 'Jardiner avec d’autres.' },
  },
];

/** The March intake at Riverside, each with a baseline and no follow-up: lost, not failed. */
const lost: { who: PersonInput; referred: number; baseline: [Ucla, Ons4] }[] = [
  {
    who: person('Kenneth', 'Doyle', '1957-01-12', 'en'),
    referred: 272,
    baseline: [
      [3, 3, 3],
      [3, 4, 3, 8],
    ],
  },
  {
    who: person('Sandra', 'Okafor', '1979-07-03', 'en'),
    referred: 271,
    baseline: [
      [3, 3, 2],
      [4, 5, 4, 7],
    ],
  },
  {
    who: person('Raymond', 'Chu', '1966-02-24', 'en'),
    referred: 270,
    baseline: [
      [3, 2, 3],
      [4, 4, 3, 7],
    ],
  },
  {
    who: person('Beatrice', 'Hall', '1941-09-15', 'en'),
    referred: 268,
    baseline: [
      [3, 3, 3],
      [2, 4, 2, 8],
    ],
  },
  {
    who: person('Luis', 'Moreno', '1970-12-20', 'en'),
    referred: 267,
    baseline: [
      [2, 3, 2],
      [5, 5, 4, 6],
    ],
  },
  {
    who: person('Agnes', 'Wójcik', '1950-05-08', 'en'),
    referred: 266,
    baseline: [
      [3, 2, 2],
      [4, 6, 4, 6],
    ],
  },
  {
    who: person('Trevor', 'Banks', '1985-03-30', 'en'),
    referred: 264,
    baseline: [
      [2, 2, 2],
      [5, 5, 5, 5],
    ],
  },
  {
    who: person('Helen', 'Papadopoulos', '1955-10-01', 'en'),
    referred: 263,
    baseline: [
      [3, 3, 2],
      [3, 5, 3, 7],
    ],
  },
  {
    who: person('Jerome', 'Baptiste', '1962-06-17', 'en'),
    referred: 262,
    baseline: [
      [3, 3, 3],
      [3, 4, 3, 9],
    ],
  },
  {
    who: person('Carol', 'Jennings', '1948-04-26', 'en'),
    referred: 261,
    baseline: [
      [2, 3, 3],
      [4, 5, 4, 6],
    ],
  },
  {
    who: person('Mohammed', 'Farah', '1975-08-11', 'en'),
    referred: 259,
    baseline: [
      [3, 2, 3],
      [4, 5, 3, 7],
    ],
  },
  {
    who: person('Doreen', 'Fletcher', '1939-11-23', 'en'),
    referred: 258,
    baseline: [
      [3, 3, 3],
      [2, 3, 2, 8],
    ],
  },
];

export async function firstCohort(s: DemoStory): Promise<void> {
  for (const one of completed) await completedCase(s, one);
  for (const one of lost) await lostCase(s, one);
}

async function completedCase(s: DemoStory, one: Completed): Promise<void> {
  const fr = one.site === 'estrie';
  const c = await s.refer({
    site: one.site,
    daysAgo: one.referred,
    person: one.who,
    reasons: one.reasons,
  });
  await s.take(c, one.referred - 1);
  await s.contact(
    c,
    one.referred - 2,
    'reached',
    fr ? 'D’accord pour une rencontre.' : 'Agreed to meet.',
  );
  await s.move(c, one.referred - 2, { to: 'active' });
  const [first, ...later] = one.measures;
  if (first) await measureBoth(s, c, first);
  await s.plan(c, one.referred - 6, [{ text: one.goal, steps: [] }], -(one.referred - 40));
  if (one.activity) {
    const k = await s.propose(c, one.referred - 7, one.activity.offer, one.activity.wants);
    await s.connection(k, one.referred - 7, 'sent');
    if (fr) {
      await s.partner(k, one.referred - 9, 'accepted');
      await s.partner(k, one.referred - 16, 'attended');
    } else {
      await s.partnerAcceptsByLink(k, one.referred - 9);
      await s.connection(k, one.referred - 16, 'attended');
    }
  }
  for (const measure of later) await measureBoth(s, c, measure);
  await s.move(c, one.closed.daysAgo, {
    to: 'discharged',
    reason: one.closed.reason,
    note: one.closed.note,
  });
}

async function lostCase(
  s: DemoStory,
  one: { who: PersonInput; referred: number; baseline: [Ucla, Ons4] },
): Promise<void> {
  const c = await s.refer({
    site: 'riverside',
    daysAgo: one.referred,
    person: one.who,
    reasons: lonely,
    agency: {
      name: 'Marisol Vega',
      organisation: 'Parkdale Seniors’ Outreach',
      contact: 'marisol.vega@parkdale-outreach.example.org',
    },
  });
  await s.take(c, one.referred - 1);
  await s.contact(c, one.referred - 2, 'reached', 'Came to the spring intake session.');
  await s.move(c, one.referred - 2, { to: 'active' });
  await measureBoth(s, c, ['baseline', one.referred - 3, ...one.baseline]);
  await s.contact(c, one.referred - 40, 'no_answer', 'No answer.');
  await s.contact(c, one.referred - 47, 'left_message', 'Left a voicemail.');
  await s.contact(c, one.referred - 60, 'no_answer', 'No answer; letter sent.');
  await s.move(c, one.referred - 75, {
    to: 'discharged',
    reason: 'no_contact',
    note: 'No reply to calls or the letter after the intake.',
  });
}

async function measureBoth(
  s: DemoStory,
  c: Awaited<ReturnType<DemoStory['refer']>>,
  [timepoint, daysAgo, u, o]: Measure,
): Promise<void> {
  await s.measure(c, daysAgo, { instrumentId: 'ucla3', timepoint, answers: ucla(u) });
  await s.measure(c, daysAgo, { instrumentId: 'ons4', timepoint, answers: ons4(o) });
}
