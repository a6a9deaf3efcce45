import {
  person,
  westEndGarden,
  westEndStewards,
  uclaBefore,
  uclaAfter,
  ons4Before,
  ons4After,
} from './demo-cast';
import type { DemoStory } from './demo-story';

export async function riverside(s: DemoStory): Promise<void> {
  const site = 'riverside';
  const tomasz = await s.refer({
    site,
    daysAgo: 37,
    person: person('Tomasz', 'Kowalski', '1964-02-18', 'en'),
    reasons: ['loneliness_isolation'],
  });
  await s.take(tomasz, 36);
  await s.contact(tomasz, 35, 'reached', 'Not ready now, busy with his move.');
  await s.move(tomasz, 35, { to: 'declined', reason: 'not_the_right_time' });

  await s.refer({
    site,
    daysAgo: 1,
    person: person('Margaret', 'O’Brien', '1942-06-30', 'en'),
    reasons: ['loneliness_isolation', 'caring_responsibilities'],
    urgency: 'urgent',
    carer: 'Siobhan O’Brien (daughter)',
    context: 'Husband moved into long-term care last week; she is not eating well.',
  });
  await s.refer({
    site,
    daysAgo: 2,
    person: person('Tomasz', 'Kowalski', '1964-02-18', 'en'),
    reasons: ['loneliness_isolation', 'low_mood_stress'],
    context: 'Settled in his new flat now and asking for the community programme again.',
  });
  await s.refer({
    site,
    daysAgo: 8,
    person: person('Priya', 'Raman', '1996-01-12', 'en', {
      contactPreference: 'email',
      email: 'priya.raman@example.org',
    }),
    reasons: ['loneliness_isolation', 'money'],
    urgency: 'soon',
    agency: {
      name: 'Ana Ferreira',
      organisation: 'Queen West Newcomer Services',
      contact: 'ana.ferreira@newcomers.example.org',
    },
  });
  await s.refer({
    site,
    daysAgo: 3,
    person: person('Daniel', 'Mensah', '1978-09-09', 'en'),
    reasons: ['physical_inactivity', 'long_term_condition'],
    context: 'Hypertension; keen to get moving but does not like gyms.',
  });

  const kevin = await s.refer({
    site,
    daysAgo: 10,
    person: person('Kevin', 'Tran', '1985-05-05', 'en'),
    reasons: ['low_mood_stress'],
  });
  await s.take(kevin, 9);
  await s.contact(kevin, 8, 'no_answer', 'No answer.');
  await s.contact(kevin, 5, 'left_message', 'Left a voicemail with the centre’s number.');

  const aisha = await s.refer({
    site,
    daysAgo: 20,
    person: person('Aisha', 'Mohamed', '1987-08-14', 'en'),
    reasons: ['caring_responsibilities', 'food'],
  });
  await s.take(aisha, 19);
  await s.contact(aisha, 18, 'reached', 'Happy to meet at the centre.');
  await s.move(aisha, 18, { to: 'active' });
  await s.assess(aisha, 12, {
    whatMatters: 'Time for herself while the kids are at school.',
    needs: { caring: 'some', food: 'some', social_connection: 'some' },
    strengths: 'Great cook, knows many neighbours.',
    barriers: ['cost'],
  });

  const bernard = await s.refer({
    site,
    daysAgo: 56,
    person: person('Bernard', 'Leclerc', '1951-11-23', 'fr'),
    reasons: ['loneliness_isolation', 'long_term_condition'],
    context: 'Francophone from Sudbury, speaks English but prefers French.',
  });
  await s.take(bernard, 55);
  await s.contact(bernard, 53, 'reached', 'Call in French; glad to talk.');
  await s.move(bernard, 53, { to: 'active' });
  await s.assess(bernard, 48, {
    whatMatters: 'Parler français avec d’autres.',
    needs: { social_connection: 'high', health_management: 'some' },
    barriers: ['mobility'],
  });
  await s.plan(bernard, 46, [{ text: 'Trouver un groupe francophone', steps: [] }], 12);
  await s.followUp(bernard, 30, -9, 'Call about the French conversation group.');

  const linda = await s.refer({
    site,
    daysAgo: 35,
    person: person('Linda', 'Campbell', '1963-04-04', 'en'),
    reasons: ['physical_inactivity', 'low_mood_stress'],
  });
  await s.take(linda, 34);
  await s.contact(linda, 33, 'reached', 'Loves being outdoors.');
  await s.move(linda, 33, { to: 'active' });
  await s.plan(linda, 28, [{ text: 'Be outdoors with others weekly', steps: [] }], 16);
  const lindaGarden = await s.propose(linda, 4, westEndGarden, 'Gardening with neighbours.');
  await s.connection(lindaGarden, 4, 'sent');

  const samuel = await s.refer({
    site,
    daysAgo: 106,
    person: person('Samuel', 'Osei', '1958-07-07', 'en'),
    reasons: ['loneliness_isolation', 'physical_inactivity'],
  });
  await s.take(samuel, 105);
  await s.contact(samuel, 103, 'reached', 'Agreed to meet.');
  await s.move(samuel, 103, { to: 'active' });
  await s.measure(samuel, 98, {
    instrumentId: 'ucla3',
    timepoint: 'baseline',
    answers: uclaBefore,
  });
  await s.measure(samuel, 98, { instrumentId: 'ons4', timepoint: 'baseline', answers: ons4Before });
  await s.plan(samuel, 96, [{ text: 'Volunteer outdoors', steps: [] }], 20);
  const samuelPark = await s.propose(samuel, 94, westEndStewards, 'Volunteer in the park.');
  await s.connection(samuelPark, 94, 'sent');
  await s.partnerAcceptsByLink(samuelPark, 92);
  await s.connection(samuelPark, 85, 'attended');
  await s.connection(samuelPark, 64, 'ongoing');
  await s.measure(samuel, 6, { instrumentId: 'ucla3', timepoint: 'month_3', answers: uclaAfter });
  await s.measure(samuel, 6, { instrumentId: 'ons4', timepoint: 'month_3', answers: ons4After });

  const rosa = await s.refer({
    site,
    daysAgo: 60,
    person: person('Rosa', 'Delgado', '1972-12-01', 'en'),
    reasons: ['physical_inactivity'],
  });
  await s.take(rosa, 59);
  await s.contact(rosa, 58, 'reached', 'Wants something near home.');
  await s.move(rosa, 58, { to: 'active' });
  const rosaPark = await s.propose(rosa, 50, westEndStewards, 'Outdoor volunteering.');
  await s.connection(rosaPark, 40, 'not_taken_up', 'transport');
  await s.propose(
    rosa,
    38,
    { organisationName: 'Parkdale Library', activity: 'Tuesday chair yoga' },
    'Gentle exercise within walking distance.',
  );

  const jason = await s.refer({
    site,
    daysAgo: 28,
    person: person('Jason', 'Whitfield', '1990-10-10', 'en'),
    reasons: ['housing', 'money'],
  });
  await s.take(jason, 27);
  await s.contact(jason, 26, 'no_answer', 'No answer.');
  await s.contact(jason, 24, 'wrong_number', 'Number not in service.');
  await s.contact(jason, 22, 'no_answer', 'Tried the other number from the referral.');
  await s.move(jason, 20, { to: 'unreachable' });

  const evelyn = await s.refer({
    site,
    daysAgo: 132,
    person: person('Evelyn', 'Park', '1954-01-29', 'en'),
    reasons: ['loneliness_isolation'],
  });
  await s.take(evelyn, 131);
  await s.contact(evelyn, 130, 'reached', 'Keen to start.');
  await s.move(evelyn, 130, { to: 'active' });
  await s.measure(evelyn, 126, {
    instrumentId: 'ucla3',
    timepoint: 'baseline',
    answers: uclaBefore,
  });
  await s.measure(evelyn, 126, {
    instrumentId: 'ons4',
    timepoint: 'baseline',
    answers: ons4Before,
  });
  await s.plan(evelyn, 125, [{ text: 'Make friends in the neighbourhood', steps: [] }], -95);
  const evelynGarden = await s.propose(evelyn, 124, westEndGarden, 'Garden with neighbours.');
  await s.connection(evelynGarden, 124, 'sent');
  await s.partnerAcceptsByLink(evelynGarden, 121);
  await s.connection(evelynGarden, 115, 'attended');
  await s.measure(evelyn, 36, { instrumentId: 'ucla3', timepoint: 'month_3', answers: uclaAfter });
  await s.measure(evelyn, 36, { instrumentId: 'ons4', timepoint: 'month_3', answers: ons4After });
  await s.move(evelyn, 32, {
    to: 'discharged',
    reason: 'goals_met',
    note: 'Goes to the garden every week with two new friends.',
  });

  const hamid = await s.refer({
    site,
    daysAgo: 70,
    person: person('Hamid', 'Karimi', '1980-06-15', 'en'),
    reasons: ['money', 'low_mood_stress'],
    updatesReferrer: false,
  });
  await s.take(hamid, 69);
  await s.contact(hamid, 68, 'reached', 'Needs debt advice first.');
  await s.move(hamid, 68, { to: 'active' });
  await s.move(hamid, 50, {
    to: 'discharged',
    reason: 'referred_elsewhere',
    note: 'Referred to the credit counselling service.',
  });
}

/**
 * Three more Riverside people whose loneliness was measured at the start and three months
 * on: with Samuel and Evelyn, five UCLA-3 pairs since the summer, thirteen in the year with
 * the first cohort (demo-cohort.ts). A report shows a change from 10 pairs, and only when no
 * other report one could ask for differs from it by fewer than 10 (the overlap rule,
 * shared/statistics/disclosure.ts): the site's second quarter holds 6 of the 13, so the
 * site's year keeps its change hidden (test/browser/outcomes.spec.ts), while the whole
 * programme's year shows it (test/integration/reports-demo-r-check.test.ts).
 */
export async function riversideLonelinessPairs(s: DemoStory): Promise<void> {
  const people = [
    person('Harold', 'MacLean', '1947-02-11', 'en'),
    person('Priya', 'Nair', '1971-08-23', 'en'),
    person('Walter', 'Kowalski', '1952-12-03', 'en'),
  ];
  for (const [index, who] of people.entries()) {
    const start = 150 + index * 10;
    const c = await s.refer({
      site: 'riverside',
      daysAgo: start,
      person: who,
      reasons: ['loneliness_isolation'],
    });
    await s.take(c, start - 1);
    await s.contact(c, start - 2, 'reached', 'Agreed to meet.');
    await s.move(c, start - 2, { to: 'active' });
    await s.measure(c, start - 7, {
      instrumentId: 'ucla3',
      timepoint: 'baseline',
      answers: uclaBefore,
    });
    await s.measure(c, start - 100, {
      instrumentId: 'ucla3',
      timepoint: 'month_3',
      answers: index === 1 ? uclaBefore : uclaAfter,
    });
  }
}
