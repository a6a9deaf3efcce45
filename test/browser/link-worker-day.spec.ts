import { expect, type Page, test } from '@playwright/test';
import {
  expectNoAxeViolations,
  expectNoSidewaysScroll,
  expectReadableBadges,
  referByApi,
  resetLanguage,
  signIn,
} from './support';

const linkWorker = 'linkworker.riverside@passerelle.example';

// The French journeys switch the link worker to French; whatever happens, they go back.
test.afterEach(({ request }) => resetLanguage(request, linkWorker));
// A whole day, every page checked: longer than one journey's two minutes on a busy machine.
test.describe.configure({ timeout: 300_000 });

const words = {
  en: {
    yourCases: 'Your cases',
    triageCount: /^\d+ new cases? waiting in triage$/,
    otherCounts: [/^\d+ cases? to contact today or overdue$/, /^\d+ appointments? today$/],
    triage: 'Triage',
    order: 'Order',
    take: /^Take case /,
    taken: /is now yours/,
    tabs: 'Sections of the case',
    overview: 'Overview',
    accept: 'Record acceptance',
    acceptTitle: 'The person accepts social prescribing',
    confirm: 'Confirm',
    active: /^Status: Active$/,
    contactsTab: 'Contacts and notes',
    appointments: 'Appointments',
    planAppointment: 'Plan an appointment',
    time: 'Time',
    duration: 'Duration',
    how: 'How',
    address: 'Address',
    saveAppointment: 'Plan the appointment',
    appointmentSaved: 'Appointment saved.',
    markHeld: /^Mark the appointment of .+ held$/,
    markedHeld: 'Appointment marked held: recorded as a contact.',
    held: 'Held',
    contacts: 'Contacts',
    contactsSoFar: 'Contacts so far',
    reached: /Reached/,
    addNote: 'Add a note',
    saveNote: 'Save the note',
    noteSaved: 'Note saved.',
    note: 'Talked about the garden near her home; prefers mornings.',
    whatMattersTab: 'What matters',
    assessment: 'What matters to you',
    recordWhatMatters: 'Record what matters',
    whatMattersField: 'What matters to the person',
    whatMatters: 'Being outdoors with other people',
    interests: 'Interests and talents',
    interestsText: 'gardening',
    socialConnection: 'Social connection',
    highNeed: 'High need',
    saveAssessment: 'Save the assessment',
    saved: 'Changes saved.',
    planTab: 'Plan',
    plan: 'Action plan',
    writePlan: 'Write the plan',
    goalGroup: 'Goal 1',
    goalField: "Goal, in the person's words",
    goal: 'Garden with neighbours every week',
    stepGroup: 'Step 1',
    stepField: 'What will be done',
    step: 'Visit a community garden together',
    who: 'Who',
    linkWorker: 'Link worker',
    savePlan: 'Save the plan',
    connectionsTab: 'Connections',
    findActivity: 'Find an activity',
    rankedFor: (name: string) => `Ranked for ${name}`,
    connect: (name: string) => `Connect ${name}`,
    hopes: (name: string) => `What ${name} hopes to get from it`,
    hopesText: 'Meet people while gardening.',
    propose: 'Propose the connection',
    nextStep: 'Record the next step',
    sendToPartner: 'Send to the partner',
    saveStep: 'Save this step',
    statusSent: /^Status: Sent to the partner$/,
    byPhone: /^Record an answer from .+ given by phone$/,
    acceptedByPartner: 'Accepted by the partner',
    startDate: 'Start date (optional)',
    recordOnBehalf: 'Record on the partner’s behalf',
    recordedOnBehalf: /^Recorded on behalf of .+: accepted by the partner\.$/,
    statusAccepted: /^Status: Accepted by the partner$/,
    startsOn: /^Starts on /,
    outcomesTab: 'Outcomes',
    outcomes: 'Outcome measures',
    recordQuestionnaire: 'Record a questionnaire',
    recordMeasurement: 'Record a measurement',
    questionnaire: 'Questionnaire',
    ucla3: 'Three-item loneliness scale (UCLA-3)',
    timepoint: 'Timepoint',
    often: 'Often',
    hardlyEver: 'Hardly ever',
    saveAnswers: 'Save the answers',
    measurementSaved: 'Measurement saved.',
    correctBaseline: /^Correct the answers of Baseline/,
    correctTitle: /^Correct the answers \(/,
    saveCorrected: 'Save the corrected answers',
    corrected: 'The corrected answers are saved.',
    corrections: 'Corrections (1)',
    correctedBy: /Corrected by .+, /,
    historyTab: 'History',
    history: 'History',
  },
  fr: {
    yourCases: 'Vos dossiers',
    triageCount: /^\d+ nouveaux? dossiers? en attente au tri$/,
    otherCounts: [
      /^\d+ dossiers? à contacter aujourd’hui ou en retard$/,
      /^\d+ rendez-vous aujourd’hui$/,
    ],
    triage: 'Tri',
    order: 'Ordre',
    take: /^Prendre le dossier /,
    taken: /vous est confié/,
    tabs: 'Sections du dossier',
    overview: 'Vue d’ensemble',
    accept: 'Enregistrer l’acceptation',
    acceptTitle: 'La personne accepte la prescription sociale',
    confirm: 'Confirmer',
    active: /^Statut\s: Actif$/,
    contactsTab: 'Contacts et notes',
    appointments: 'Rendez-vous',
    planAppointment: 'Prévoir un rendez-vous',
    time: 'Heure',
    duration: 'Durée',
    how: 'Comment',
    address: 'Adresse',
    saveAppointment: 'Prévoir le rendez-vous',
    appointmentSaved: 'Rendez-vous enregistré.',
    markHeld: /^Indiquer le rendez-vous du .+ comme tenu$/,
    markedHeld: 'Rendez-vous indiqué comme tenu : enregistré comme contact.',
    held: 'Tenu',
    contacts: 'Contacts',
    contactsSoFar: 'Contacts à ce jour',
    reached: /Jointe/,
    addNote: 'Ajouter une note',
    saveNote: 'Enregistrer la note',
    noteSaved: 'Note enregistrée.',
    note: 'Nous avons parlé du jardin près de chez elle\u202f; préfère les matins.',
    whatMattersTab: 'Ce qui compte',
    assessment: 'Ce qui compte pour vous',
    recordWhatMatters: 'Noter ce qui compte',
    whatMattersField: 'Ce qui compte pour la personne',
    whatMatters: 'Être dehors avec d’autres personnes',
    interests: 'Intérêts et talents',
    interestsText: 'jardinage',
    socialConnection: 'Liens sociaux',
    highNeed: 'Besoin important',
    saveAssessment: 'Enregistrer l’évaluation',
    saved: 'Modifications enregistrées.',
    planTab: 'Plan',
    plan: 'Plan d’action',
    writePlan: 'Rédiger le plan',
    goalGroup: 'Objectif 1',
    goalField: 'Objectif, dans les mots de la personne',
    goal: 'Jardiner avec des voisins chaque semaine',
    stepGroup: 'Étape 1',
    stepField: 'Ce qui sera fait',
    step: 'Visiter ensemble un jardin communautaire',
    who: 'Qui',
    linkWorker: 'Agent de liaison',
    savePlan: 'Enregistrer le plan',
    connectionsTab: 'Mises en lien',
    findActivity: 'Trouver une activité',
    rankedFor: (name: string) => `Classées pour ${name}`,
    connect: (name: string) => `Mettre ${name} en lien`,
    hopes: (name: string) => `Ce que ${name} en attend`,
    hopesText: 'Rencontrer du monde en jardinant.',
    propose: 'Proposer la mise en lien',
    nextStep: 'Noter la prochaine étape',
    sendToPartner: 'Envoyer au partenaire',
    saveStep: 'Enregistrer cette étape',
    statusSent: /^Statut\s: Envoyée au partenaire$/,
    byPhone: /^Noter une réponse de .+ donnée par téléphone$/,
    acceptedByPartner: 'Acceptée par le partenaire',
    startDate: 'Date de début (facultatif)',
    recordOnBehalf: 'Noter au nom du partenaire',
    recordedOnBehalf: /^Noté au nom de .+\s: acceptée par le partenaire\.$/,
    statusAccepted: /^Statut\s: Acceptée par le partenaire$/,
    startsOn: /^Début le /,
    outcomesTab: 'Résultats',
    outcomes: 'Mesure des résultats',
    recordQuestionnaire: 'Saisir un questionnaire',
    recordMeasurement: 'Enregistrer une mesure',
    questionnaire: 'Questionnaire',
    ucla3: 'Échelle de solitude en trois questions (UCLA-3)',
    timepoint: 'Moment du suivi',
    often: 'Souvent',
    hardlyEver: 'Presque jamais',
    saveAnswers: 'Enregistrer les réponses',
    measurementSaved: 'Mesure enregistrée.',
    correctBaseline: /^Corriger les réponses de Mesure initiale/,
    correctTitle: /^Corriger les réponses \(/,
    saveCorrected: 'Enregistrer les réponses corrigées',
    corrected: 'Les réponses corrigées sont enregistrées.',
    corrections: 'Corrections (1)',
    correctedBy: /Corrigées par .+, /,
    historyTab: 'Historique',
    history: 'Historique',
  },
} as const;

/** A day and a time in Toronto (the site's zone), as the date and time inputs hold them. */
function torontoInputs(at: Date): { date: string; time: string } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'America/Toronto',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes): string =>
    parts.find((p) => p.type === type)?.value ?? '';
  return {
    date: `${part('year')}-${part('month')}-${part('day')}`,
    time: `${part('hour')}:${part('minute')}`,
  };
}

/**
 * What every page of the walk must be, once it has settled: axe-clean, every badge readable,
 * and, on a phone, no sideways scrolling.
 */
async function expectPageSound(page: Page, width: number): Promise<void> {
  await expect(page.locator('.mantine-Loader-root')).toHaveCount(0);
  await expectNoAxeViolations(page);
  await expectReadableBadges(page);
  if (width < 600) await expectNoSidewaysScroll(page);
}

for (const language of ['en', 'fr'] as const) {
  for (const width of [1280, 360]) {
    test(`a link worker’s whole day, from home to a corrected questionnaire (${language}, ${width} px)`, async ({
      page,
      request,
    }) => {
      const w = words[language];
      const check = (): Promise<void> => expectPageSound(page, width);
      const givenName = language === 'en' ? 'Wilhelmina' : 'Éloïse';
      const familyName = `Journee-${language}-${width}-${Date.now()}`;
      const caseId = await referByApi(request, {
        givenName,
        familyName,
        dateOfBirth: '1949-04-17',
        phone: '416-555-0142',
      });
      await page.setViewportSize({ width, height: width < 600 ? 780 : 900 });

      // Home: the day's work as counts, each a link.
      await page.goto('/sign-in');
      await signIn(page, linkWorker);
      await expect(page.getByRole('button', { name: /account menu/ })).toBeVisible();
      if (language === 'fr') {
        await page.getByRole('button', { name: 'Français' }).click();
        await expect(page.getByRole('button', { name: /menu du compte/ })).toBeVisible();
      }
      const work = page.getByRole('region', { name: w.yourCases });
      const triageLink = work.getByRole('link', { name: w.triageCount });
      await expect(triageLink).toBeVisible();
      for (const count of w.otherCounts) {
        await expect(work.getByRole('link', { name: count })).toBeVisible();
      }
      await check();

      // Triage: the new case, taken.
      await triageLink.click();
      // With a single case waiting, the count leads straight to it; the walk wants the list.
      if (!page.url().endsWith('/cases/triage')) await page.goto('/cases/triage');
      await expect(page.getByRole('heading', { level: 1, name: w.triage })).toBeVisible();
      await page.getByLabel(w.order).selectOption('newest');
      const waiting = page.locator('tr, li').filter({ hasText: familyName });
      await expect(waiting.getByRole('button', { name: w.take })).toBeVisible();
      await check();
      await waiting.getByRole('button', { name: w.take }).click();
      await expect(page.getByRole('status').filter({ hasText: w.taken })).toBeVisible();

      // The case: the person's yes recorded, so the later sections open.
      await page.goto(`/cases/${caseId}`);
      const header = page.getByRole('region', { name: `${givenName} ${familyName}` });
      await expect(header.getByRole('heading', { level: 1 })).toBeVisible();
      const tabs = page.getByRole('tablist', { name: w.tabs });
      await expect(tabs.getByRole('tab', { name: w.overview })).toHaveAttribute(
        'aria-selected',
        'true',
      );
      await check();
      await page.getByRole('button', { name: w.accept }).click();
      const acceptance = page.getByRole('dialog', { name: w.acceptTitle });
      await expectNoAxeViolations(page);
      await acceptance.getByRole('button', { name: w.confirm }).click();
      await expect(acceptance).toBeHidden();
      await expect(header.locator('.mantine-Badge-root', { hasText: w.active })).toBeVisible();
      await check();

      // An appointment this morning, then held: it becomes a contact.
      await tabs.getByRole('tab', { name: w.contactsTab }).click();
      await expect(page).toHaveURL(new RegExp(`/cases/${caseId}/contacts$`));
      const appointments = page.getByRole('region', { name: w.appointments, exact: true });
      await appointments.getByRole('button', { name: w.planAppointment }).click();
      const earlier = torontoInputs(new Date(Date.now() - 2 * 3_600_000));
      await appointments.getByRole('textbox', { name: 'Date', exact: true }).fill(earlier.date);
      await appointments.getByRole('textbox', { name: w.time, exact: true }).fill(earlier.time);
      await appointments.getByRole('combobox', { name: w.duration }).selectOption('60');
      await appointments
        .getByRole('combobox', { name: w.how, exact: true })
        .selectOption('in_person');
      await appointments.getByRole('textbox', { name: w.address }).fill('Riverside CHC, room 2');
      await check();
      await appointments.getByRole('button', { name: w.saveAppointment }).click();
      await expect(appointments.getByText(w.appointmentSaved)).toBeVisible();
      const appointment = appointments
        .getByRole('listitem')
        .filter({ hasText: 'Riverside CHC, room 2' });
      await appointment.getByRole('button', { name: w.markHeld }).click();
      await expect(appointments.getByText(w.markedHeld)).toBeVisible();
      await expect(appointment.getByText(w.held, { exact: true })).toBeVisible();
      const contacts = page.getByRole('region', { name: w.contacts, exact: true });
      await expect(
        contacts.getByRole('list', { name: w.contactsSoFar }).getByText(w.reached),
      ).toBeVisible();
      await check();

      // A case note.
      const notes = page.getByRole('region', { name: 'Notes', exact: true });
      await notes.getByRole('button', { name: w.addNote }).click();
      await notes.getByRole('textbox', { name: 'Note' }).fill(w.note);
      await notes.getByRole('button', { name: w.saveNote }).click();
      await expect(notes.getByText(w.noteSaved)).toBeVisible();
      await expect(notes.getByText(w.note)).toBeVisible();
      await check();

      // What matters, its form opened with its button.
      await tabs.getByRole('tab', { name: w.whatMattersTab }).click();
      const assessment = page.getByRole('region', { name: w.assessment });
      await assessment.getByRole('button', { name: w.recordWhatMatters }).click();
      await expect(assessment.getByLabel(w.whatMattersField)).toBeFocused();
      await assessment.getByLabel(w.whatMattersField).fill(w.whatMatters);
      await assessment.getByLabel(w.interests).fill(w.interestsText);
      await assessment
        .getByRole('radiogroup', { name: w.socialConnection })
        .getByRole('radio', { name: w.highNeed })
        .check();
      await check();
      await assessment.getByRole('button', { name: w.saveAssessment }).click();
      await expect(assessment.getByRole('status')).toHaveText(w.saved);
      await expect(assessment.getByText(w.whatMatters)).toBeVisible();
      await check();

      // The plan: a goal and a step.
      await tabs.getByRole('tab', { name: w.planTab, exact: true }).click();
      const plan = page.getByRole('region', { name: w.plan });
      await plan.getByRole('button', { name: w.writePlan }).click();
      const goal = plan.getByRole('group', { name: w.goalGroup });
      await goal.getByLabel(w.goalField).fill(w.goal);
      const step = goal.getByRole('group', { name: w.stepGroup });
      await step.getByLabel(w.stepField).fill(w.step);
      await step
        .getByRole('combobox', { name: w.who, exact: true })
        .selectOption({ label: w.linkWorker });
      await check();
      await plan.getByRole('button', { name: w.savePlan }).click();
      await expect(plan.getByRole('status').filter({ hasText: w.saved })).toBeVisible();
      await expect(plan.getByRole('heading', { name: w.goal })).toBeVisible();
      await expect(plan.getByText(w.step)).toBeVisible();
      await check();

      // Connections: the directory ranked for the person, a listing, the person connected.
      await tabs.getByRole('tab', { name: w.connectionsTab }).click();
      await page.getByRole('link', { name: w.findActivity }).click();
      await expect(page).toHaveURL(new RegExp(`/directory\\?case=${caseId}$`));
      await expect(page.getByRole('region', { name: w.rankedFor(givenName) })).toBeVisible();
      const connectable = page
        .getByRole('article')
        .filter({ has: page.getByRole('button', { name: w.connect(givenName) }) })
        .first();
      await expect(connectable).toBeVisible();
      await check();
      const listing = (await connectable.getByRole('heading').first().textContent()) ?? '';
      expect(listing).not.toBe('');
      await connectable.getByRole('link', { name: listing, exact: true }).click();
      await expect(page).toHaveURL(new RegExp(`/directory/services/[^?]+\\?case=${caseId}$`));
      await expect(page.getByRole('heading', { level: 1, name: listing })).toBeVisible();
      await check();
      await page.getByRole('button', { name: w.connect(givenName) }).click();
      const connecting = page.getByRole('dialog', { name: new RegExp(w.connect(givenName)) });
      await connecting.getByRole('textbox', { name: w.hopes(givenName) }).fill(w.hopesText);
      await expectNoAxeViolations(page);
      await connecting.getByRole('button', { name: w.propose }).click();
      await expect(page).toHaveURL(new RegExp(`/cases/${caseId}/connections$`));
      const card = page.getByRole('article').filter({ hasText: w.hopesText });
      await expect(card).toBeVisible();
      await check();

      // Sent to the partner, who answers by phone: accepted, with a start date.
      await card.getByRole('button', { name: w.nextStep }).click();
      await card.getByRole('radio', { name: w.sendToPartner }).check();
      await card.getByRole('button', { name: w.saveStep }).click();
      await expect(card.locator('.mantine-Badge-root', { hasText: w.statusSent })).toBeVisible();
      await card.getByRole('button', { name: w.byPhone }).click();
      await card.getByRole('radio', { name: w.acceptedByPartner }).check();
      await card
        .getByLabel(w.startDate)
        .fill(torontoInputs(new Date(Date.now() + 7 * 86_400_000)).date);
      await check();
      await card.getByRole('button', { name: w.recordOnBehalf }).click();
      await expect(card.getByText(w.recordedOnBehalf)).toBeVisible();
      await expect(
        card.locator('.mantine-Badge-root', { hasText: w.statusAccepted }),
      ).toBeVisible();
      await expect(card.getByText(w.startsOn)).toBeVisible();
      await check();

      // A questionnaire recorded, then corrected: the new score counts, the old one stays.
      await tabs.getByRole('tab', { name: w.outcomesTab }).click();
      const outcomes = page.getByRole('region', { name: w.outcomes });
      await outcomes.getByRole('button', { name: w.recordQuestionnaire }).click();
      const record = outcomes.getByRole('region', { name: w.recordMeasurement });
      await record.getByLabel(w.questionnaire, { exact: true }).selectOption({ label: w.ucla3 });
      await expect(record.getByRole('combobox', { name: w.timepoint })).toHaveValue('baseline');
      for (const item of [1, 2, 3]) {
        await record
          .getByRole('group', { name: new RegExp(`^${item}\\. `) })
          .getByLabel(w.often, { exact: true })
          .check();
      }
      await check();
      await record.getByRole('button', { name: w.saveAnswers }).click();
      await expect(outcomes.getByText(w.measurementSaved)).toBeVisible();
      const records = outcomes.getByRole('region', { name: w.ucla3 });
      await expect(records.getByText(/score 9/).first()).toBeVisible();
      await check();

      await records.getByRole('button', { name: w.correctBaseline }).click();
      const amend = page.getByRole('dialog', { name: w.correctTitle });
      const first = amend.getByRole('group', { name: /^1\. / });
      await expect(first.getByLabel(w.often, { exact: true })).toBeChecked();
      await first.getByLabel(w.hardlyEver, { exact: true }).check();
      await expectNoAxeViolations(page);
      await amend.getByRole('button', { name: w.saveCorrected }).click();
      await expect(amend).toBeHidden();
      await expect(records.getByRole('status')).toHaveText(w.corrected);
      // 1 + 3 + 3: the corrected score is the one that counts.
      await expect(records.getByText(/score 7/).first()).toBeVisible();
      await records.getByText(w.corrections).click();
      const corrections = records.getByRole('group').filter({ hasText: w.corrections });
      await expect(corrections.locator('del')).toContainText('score 9');
      await expect(corrections).toContainText(w.correctedBy);
      await check();

      // The case's history, last.
      await tabs.getByRole('tab', { name: w.historyTab }).click();
      await expect(page.getByRole('region', { name: w.history, exact: true })).toBeVisible();
      await check();
    });
  }
}
