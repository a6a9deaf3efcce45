import {
  person,
  jardinsAtelier,
  jardinsCorvees,
  uclaBefore,
  uclaAfter,
  ons4Before,
  ons4After,
} from './demo-cast';
import type { DemoStory } from './demo-story';

/** The francophone health centre in Cornwall: cases at every stage, a duplicate, partners answering by inbox and by email. */
export async function cornwall(s: DemoStory): Promise<void> {
  const site = 'estrie';
  // A discharged case first: its person comes back below and is flagged as a duplicate.
  const lucie = await s.refer({
    site,
    daysAgo: 128,
    person: person('Lucie', 'Bergeron', '1957-03-14', 'fr'),
    reasons: ['loneliness_isolation', 'physical_inactivity'],
    context: 'Vit seule depuis le déménagement de sa fille\u202f; sort peu l’hiver.',
  });
  await s.take(lucie, 127);
  await s.contact(lucie, 126, 'reached', 'Premier appel, intéressée par le jardinage.');
  await s.move(lucie, 126, { to: 'active', note: 'Accepte l’accompagnement.' });
  await s.measure(lucie, 122, {
    instrumentId: 'ucla3',
    timepoint: 'baseline',
    answers: uclaBefore,
  });
  await s.measure(lucie, 122, { instrumentId: 'ons4', timepoint: 'baseline', answers: ons4Before });
  await s.assess(lucie, 122, {
    whatMatters: 'Voir du monde et reprendre ses plates-bandes.',
    needs: { social_connection: 'high', physical_activity: 'some' },
    strengths: 'A eu un grand potager pendant trente ans.',
    interests: 'Jardinage, tricot.',
    barriers: ['transport'],
  });
  await s.plan(
    lucie,
    121,
    [
      {
        text: 'Rencontrer d’autres jardiniers chaque semaine',
        steps: [
          { text: 'Appeler les Jardins partagés', owner: 'link_worker', dueOn: null, done: false },
          {
            text: 'Essayer l’autobus 4 jusqu’au jardin',
            owner: 'person',
            dueOn: null,
            done: false,
          },
        ],
      },
    ],
    -90,
  );
  const lucieGarden = await s.propose(
    lucie,
    120,
    jardinsAtelier,
    'Jardiner avec d’autres le mardi.',
  );
  await s.connection(lucieGarden, 120, 'sent');
  await s.partner(lucieGarden, 118, 'accepted');
  await s.partner(lucieGarden, 112, 'attended');
  await s.partner(lucieGarden, 90, 'ongoing');
  await s.review(lucie, 90, 'Va au jardin chaque mardi, a rejoint le groupe de tricot.');
  await s.measure(lucie, 36, { instrumentId: 'ucla3', timepoint: 'month_3', answers: uclaAfter });
  await s.measure(lucie, 36, { instrumentId: 'ons4', timepoint: 'month_3', answers: ons4After });
  await s.move(lucie, 34, {
    to: 'discharged',
    reason: 'goals_met',
    note: 'Se sent moins seule, continue le jardin de son côté.',
  });

  await s.refer({
    site,
    daysAgo: 1,
    person: person('Gisèle', 'Thibodeau', '1946-09-02', 'fr'),
    reasons: ['bereavement', 'loneliness_isolation'],
    urgency: 'urgent',
    context: 'Veuve depuis trois mois, ne sort plus\u202f; sa voisine s’inquiète.',
  });
  await s.refer({
    site,
    daysAgo: 2,
    person: person('Lucie', 'Bergeron', '1957-03-14', 'fr'),
    reasons: ['low_mood_stress'],
    context: 'Moral en baisse depuis l’automne\u202f; a bien aimé les jardins l’an dernier.',
  });
  await s.refer({
    site,
    daysAgo: 9,
    person: person('Mamadou', 'Diallo', '1991-06-21', 'fr'),
    reasons: ['money', 'housing', 'food'],
    urgency: 'soon',
    agency: {
      name: 'Nadia Courville',
      organisation: 'Banque alimentaire de Cornwall',
      contact: 'nadia.courville@banque-alimentaire.example.org',
    },
    context: 'Nouvel arrivant, loyer en retard, vient à la banque alimentaire chaque semaine.',
  });
  await s.refer({
    site,
    daysAgo: 3,
    person: person('Noah', 'Pelletier', '2006-11-30', 'en', {
      contactPreference: 'text_message',
    }),
    reasons: ['low_mood_stress', 'physical_inactivity'],
    context: 'Étudiant, anglophone\u202f; isolé depuis l’arrêt du hockey.',
  });

  const rejean = await s.refer({
    site,
    daysAgo: 12,
    person: person('Réjean', 'Lalonde', '1959-01-08', 'fr'),
    reasons: ['long_term_condition', 'physical_inactivity'],
    context: 'Diabète de type 2, sédentaire depuis sa retraite.',
  });
  await s.take(rejean, 11);
  await s.contact(rejean, 10, 'no_answer', 'Pas de réponse.');
  await s.contact(rejean, 7, 'left_message', 'Message laissé sur le répondeur.');

  const claudette = await s.refer({
    site,
    daysAgo: 26,
    person: person('Claudette', 'Charbonneau', '1953-05-17', 'fr'),
    reasons: ['caring_responsibilities', 'low_mood_stress'],
    context: 'Proche aidante de son mari (Parkinson), épuisée.',
  });
  await s.take(claudette, 25);
  await s.contact(claudette, 23, 'reached', 'Appel de 20 minutes, d’accord pour une rencontre.');
  await s.move(claudette, 23, { to: 'active' });
  await s.assess(claudette, 16, {
    whatMatters: 'Avoir un peu de temps pour elle sans culpabiliser.',
    needs: { caring: 'high', mental_wellbeing: 'some' },
    strengths: 'Entourée de ses deux fils.',
    barriers: ['caring_duties'],
  });
  const claudetteGarden = await s.propose(
    claudette,
    8,
    jardinsAtelier,
    'Une sortie à elle le mardi pendant que son fils reste avec son mari.',
  );
  await s.connection(claudetteGarden, 8, 'sent');
  await s.partner(claudetteGarden, 6, 'accepted');

  const jeanPierre = await s.refer({
    site,
    daysAgo: 52,
    person: person('Jean-Pierre', 'Roy', '1967-08-03', 'fr'),
    reasons: ['money', 'low_mood_stress'],
    context: 'Mis à pied en août, dettes qui s’accumulent.',
  });
  await s.take(jeanPierre, 51);
  await s.contact(jeanPierre, 49, 'reached', 'Rencontre au centre, accepte.', 'in_person');
  await s.move(jeanPierre, 49, { to: 'active' });
  await s.assess(jeanPierre, 44, {
    whatMatters: 'Remettre de l’ordre dans ses finances et retrouver un emploi.',
    needs: { money: 'high', learning_work: 'high', mental_wellbeing: 'some' },
    barriers: ['confidence'],
  });
  await s.plan(
    jeanPierre,
    42,
    [
      {
        text: 'Faire un budget avec un conseiller',
        steps: [
          {
            text: 'Prendre rendez-vous au service budgétaire',
            owner: 'person',
            dueOn: null,
            done: false,
          },
          {
            text: 'Envoyer la liste des ressources d’emploi',
            owner: 'link_worker',
            dueOn: null,
            done: false,
          },
        ],
      },
    ],
    12,
  );
  await s.followUp(jeanPierre, 30, -8, 'Rappeler pour le rendez-vous budgétaire.');

  const fatou = await s.refer({
    site,
    daysAgo: 33,
    person: person('Fatou', 'Ndiaye', '1980-02-26', 'fr'),
    reasons: ['loneliness_isolation'],
    context: 'Arrivée du Sénégal l’an dernier, ne connaît personne à Cornwall.',
  });
  await s.take(fatou, 32);
  await s.contact(fatou, 30, 'reached', 'Très motivée.');
  await s.move(fatou, 30, { to: 'active' });
  await s.assess(fatou, 24, {
    whatMatters: 'Se faire des amies et pratiquer son anglais.',
    needs: { social_connection: 'high' },
    interests: 'Cuisine, jardinage.',
    barriers: ['language'],
  });
  await s.plan(
    fatou,
    22,
    [{ text: 'Participer à une activité de groupe par semaine', steps: [] }],
    20,
  );
  const fatouGarden = await s.propose(
    fatou,
    5,
    jardinsAtelier,
    'Rencontrer des gens en jardinant.',
  );
  await s.connection(fatouGarden, 5, 'sent');

  const helene = await s.refer({
    site,
    daysAgo: 100,
    person: person('Hélène', 'Gauthier', '1955-12-09', 'fr'),
    reasons: ['loneliness_isolation', 'bereavement'],
  });
  await s.take(helene, 99);
  await s.contact(helene, 97, 'reached', 'Accepte un rendez-vous.');
  await s.move(helene, 97, { to: 'active' });
  await s.measure(helene, 95, {
    instrumentId: 'ucla3',
    timepoint: 'baseline',
    answers: uclaBefore,
  });
  await s.measure(helene, 95, { instrumentId: 'ons4', timepoint: 'baseline', answers: ons4Before });
  await s.plan(helene, 92, [{ text: 'Sortir de la maison deux fois par semaine', steps: [] }], 30);
  const heleneGarden = await s.propose(helene, 90, jardinsAtelier, 'Aimerait jardiner en groupe.');
  await s.connection(heleneGarden, 90, 'sent');
  await s.partner(heleneGarden, 88, 'accepted');
  await s.partner(heleneGarden, 80, 'attended');
  await s.partner(heleneGarden, 60, 'ongoing');
  await s.measure(helene, 4, { instrumentId: 'ucla3', timepoint: 'month_3', answers: uclaAfter });
  await s.measure(helene, 4, { instrumentId: 'ons4', timepoint: 'month_3', answers: ons4After });

  const marc = await s.refer({
    site,
    daysAgo: 45,
    person: person('Marc-André', 'Lefebvre', '1975-04-11', 'fr'),
    reasons: ['physical_inactivity', 'low_mood_stress'],
  });
  await s.take(marc, 44);
  await s.contact(marc, 43, 'reached', 'Intéressé par le bénévolat en plein air.');
  await s.move(marc, 43, { to: 'active' });
  await s.plan(marc, 41, [{ text: 'Bouger dehors chaque semaine', steps: [] }], 14);
  const marcCorvees = await s.propose(marc, 40, jardinsCorvees, 'Travailler dehors avec d’autres.');
  await s.connection(marcCorvees, 40, 'sent');
  await s.partner(marcCorvees, 38, 'declined', 'full');
  await s.propose(
    marc,
    37,
    {
      organisationName: 'Club de marche du Vieux-Cornwall',
      activity: 'Marche du samedi matin le long du canal',
    },
    'Marcher en groupe en attendant une place aux corvées.',
  );

  const robert = await s.refer({
    site,
    daysAgo: 30,
    person: person('Robert', 'Séguin', '1962-07-19', 'fr'),
    reasons: ['long_term_condition'],
  });
  await s.take(robert, 29);
  await s.contact(robert, 28, 'reached', 'Préfère attendre après sa chirurgie.');
  await s.move(robert, 28, { to: 'declined', reason: 'not_the_right_time' });

  const chantal = await s.refer({
    site,
    daysAgo: 42,
    person: person('Chantal', 'Poirier', '1970-10-05', 'fr'),
    reasons: ['housing'],
  });
  await s.take(chantal, 41);
  await s.contact(chantal, 40, 'no_answer', 'Pas de réponse.');
  await s.contact(chantal, 37, 'left_message', 'Message laissé.');
  await s.contact(chantal, 33, 'no_answer', 'Toujours pas de réponse\u202f; lettre envoyée.');
  await s.move(chantal, 31, { to: 'unreachable', note: 'Trois tentatives, lettre sans réponse.' });

  const olivier = await s.refer({
    site,
    daysAgo: 82,
    person: person('Olivier', 'Brunet', '1988-03-27', 'en'),
    reasons: ['low_mood_stress'],
    updatesReferrer: false,
  });
  await s.take(olivier, 81);
  await s.contact(olivier, 80, 'reached', 'Bilingue, préfère l’anglais.');
  await s.move(olivier, 80, { to: 'active' });
  await s.move(olivier, 47, { to: 'discharged', reason: 'moved', note: 'Parti vivre à Ottawa.' });
}
