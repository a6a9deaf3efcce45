import { expect, type Locator, type Page, test } from '@playwright/test';
import {
  acceptByApi,
  apiAs,
  demo,
  expectNoAxeViolations,
  expectNoSidewaysScroll,
  referByApi,
  resetLanguage,
  signIn,
} from './support';

const linkWorker = 'linkworker.riverside@passerelle.example';

// The journey switches the link worker to French; whatever happens, it goes back.
test.afterEach(({ request }) => resetLanguage(request, linkWorker));

test('the case screen: who and what next in its header, one section at a time, each at its own address', async ({
  page,
  request,
}) => {
  const familyName = `Bergeron-${Date.now()}`;
  const caseId = await referByApi(request, {
    givenName: 'Lucienne',
    familyName,
    dateOfBirth: '1951-03-08',
    phone: '613-555-0199',
  });

  await page.goto('/sign-in');
  await signIn(page, linkWorker);
  await expect(page.getByRole('button', { name: /account menu/ })).toBeVisible();
  await page.goto(`/cases/${caseId}`);

  // The header: who the person is, how to reach them, where the case stands and what is next.
  const header = page.getByRole('region', { name: `Lucienne ${familyName}` });
  await expect(
    header.getByRole('heading', { level: 1, name: `Lucienne ${familyName}` }),
  ).toBeVisible();
  await expect(header.getByText(/^P-[0-9A-Z]{6} · \d+ years, born Mar 8, 1951$/)).toBeVisible();
  // Kept in E.164, written for reading.
  await expect(header.getByRole('link', { name: '613-555-0199' })).toHaveAttribute(
    'href',
    'tel:+16135550199',
  );
  await expect(header.getByText('Prefers: Phone, in English')).toBeVisible();
  await expect(header.getByText('Waiting for contact')).toBeVisible();
  await expect(header.getByText(/^First contact, due /)).toBeVisible();
  await expect(header.getByText(/^Not assigned · Riverside/)).toBeVisible();

  // The overview is the first section, alone.
  const tabs = page.getByRole('tablist', { name: 'Sections of the case' });
  await expect(tabs.getByRole('tab', { name: 'Overview' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  const referral = page.getByRole('region', { name: 'Referral and consent' });
  const referrer = referral
    .locator('dt', { hasText: /^Referrer$/ })
    .locator('xpath=following-sibling::dd[1]');
  await expect(referrer).toHaveText(`${demo.referrer.name}, Riverside Community Health Centre`);
  // Who gave consent, after other words, starts in lower case.
  await expect(referral.getByText(/^Given by the person on /)).toBeVisible();
  await expect(page.getByRole('region', { name: 'Contacts' })).toHaveCount(0);

  await page.getByRole('button', { name: 'Take this case' }).click();
  await expect(header.getByText('Status: Assigned')).toBeVisible();
  await expect(
    page.getByText('Closing as unreachable is possible after 3 failed contact attempts in a row.'),
  ).toBeVisible();
  await expectNoAxeViolations(page);

  // Contacts: at their own address, the form only once asked for.
  await tabs.getByRole('tab', { name: 'Contacts and notes' }).click();
  await expect(page).toHaveURL(new RegExp(`/cases/${caseId}/contacts$`));
  const contacts = page.getByRole('region', { name: 'Contacts' });
  await expect(referral).toHaveCount(0);
  const open = contacts.getByRole('button', { name: 'Record a contact' });
  await expect(open).toHaveAttribute('aria-expanded', 'false');
  await expect(contacts.getByLabel('Channel')).toHaveCount(0);
  await open.click();
  await expect(open).toHaveAttribute('aria-expanded', 'true');
  await expect(contacts.getByLabel('Channel')).toBeVisible();
  await expectNoAxeViolations(page);
  await contacts.getByRole('button', { name: 'Cancel' }).click();
  await expect(contacts.getByLabel('Channel')).toHaveCount(0);

  // The plan waits for the person's yes, and says so instead of showing a form.
  await tabs.getByRole('tab', { name: 'Plan' }).click();
  await expect(page).toHaveURL(new RegExp(`/cases/${caseId}/plan$`));
  await expect(
    page.getByText('This starts once the person accepts social prescribing.'),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: /save/i })).toHaveCount(0);
  await expectNoAxeViolations(page);

  // Back and forward walk the sections; a section's address opens it directly.
  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`/cases/${caseId}/contacts$`));
  await expect(tabs.getByRole('tab', { name: 'Contacts and notes' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`/cases/${caseId}$`));
  await expect(referral).toBeVisible();
  await page.goForward();
  await expect(page.getByRole('region', { name: 'Contacts' })).toBeVisible();
  await page.goto(`/cases/${caseId}/history`);
  await expect(page.getByRole('region', { name: 'History' })).toBeVisible();

  // The keyboard moves between sections with the arrow keys.
  await tabs.getByRole('tab', { name: 'History' }).focus();
  await page.keyboard.press('ArrowLeft');
  await expect(page).toHaveURL(new RegExp(`/cases/${caseId}/outcomes$`));
  await expect(tabs.getByRole('tab', { name: 'Outcomes' })).toBeFocused();

  await page.goto(`/cases/${caseId}`);
  await page.getByRole('button', { name: 'Français' }).click();
  await expect(page.getByRole('tab', { name: 'Vue d’ensemble' })).toBeVisible();
  await expect(header.getByText('Préfère\u202f: Téléphone, en anglais')).toBeVisible();
  await expect(
    page.getByText(
      'La fermeture comme injoignable est possible après 3 tentatives de contact sans réponse d’affilée.',
    ),
  ).toBeVisible();
  // Playwright's text matching folds every space into one, so the badge's own characters are
  // compared.
  const status = page.locator('.mantine-Badge-root', { hasText: /^Statut/ });
  await expect.poll(() => status.textContent()).toBe('Statut\u202f: Attribué');
  await expect(page.getByText(/^Donné par la personne le /)).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole('tab', { name: 'Plan' }).click();
  await expect(
    page.getByText('Cette étape commence quand la personne accepte la prescription sociale.'),
  ).toBeVisible();
  await expectNoAxeViolations(page);
});

/** No field of a form is on show in the region: it reads, it does not ask. */
async function expectNoFormField(region: Locator): Promise<void> {
  for (const role of ['textbox', 'combobox', 'checkbox', 'radio'] as const) {
    await expect(region.getByRole(role)).toHaveCount(0);
  }
}

/** Every button on the page lies within the screen's width and shows its whole label. */
async function expectButtonsWhole(page: Page): Promise<void> {
  const cut = await page.evaluate(() =>
    [...document.querySelectorAll('button, a.mantine-Button-root')]
      .filter((button) => {
        const box = button.getBoundingClientRect();
        if (box.width === 0) return false;
        return (
          box.left < 0 ||
          box.right > document.documentElement.clientWidth ||
          button.scrollWidth > button.clientWidth + 1
        );
      })
      .map((button) => button.textContent ?? ''),
  );
  expect(cut).toEqual([]);
}

/** A case the person accepted, whose assessment and plan were written through the API. */
async function caseWithAssessmentAndPlan(
  request: Parameters<typeof referByApi>[0],
  familyName: string,
): Promise<string> {
  const caseId = await referByApi(request, { givenName: 'Rosalie', familyName });
  const api = await apiAs(request, linkWorker);
  await acceptByApi(api, caseId);
  const { csrfToken } = (await (await request.get('/api/auth/session')).json()) as {
    csrfToken: string;
  };
  const headers = { 'x-csrf-token': csrfToken };
  const assessment = await request.put(`/api/cases/${caseId}/assessment`, {
    headers,
    data: {
      version: 0,
      whatMatters: 'Singing with others again',
      strengths: 'A warm voice',
      needs: { social_connection: 'high' },
      barriers: ['transport'],
    },
  });
  expect(assessment.status(), await assessment.text()).toBe(200);
  const plan = await request.put(`/api/cases/${caseId}/plan`, {
    headers,
    data: {
      version: 0,
      agreedOn: null,
      goals: [
        {
          text: 'Join a choir',
          steps: [{ text: 'Visit the Tuesday choir', owner: 'person', dueOn: null, done: false }],
        },
      ],
    },
  });
  expect(plan.status(), await plan.text()).toBe(200);
  await api.send('POST', '/api/auth/sign-out', {});
  return caseId;
}

const words = {
  en: {
    whatMattersTab: 'What matters',
    assessment: 'What matters to you',
    editAssessment: 'Edit what matters',
    whatMattersField: 'What matters to the person',
    saveAssessment: 'Save the assessment',
    planTab: 'Plan',
    plan: 'Action plan',
    editPlan: 'Edit the plan',
    goalField: "Goal, in the person's words",
    savePlan: 'Save the plan',
    goal: (text: string) => `Goal 1: ${text}`,
    saved: 'Changes saved.',
    cancel: 'Cancel',
    connectionsTab: 'Connections',
    connections: 'Connections',
    proposeConnection: 'Propose a connection',
    outcomesTab: 'Outcomes',
    outcomes: 'Outcome measures',
    recordQuestionnaire: 'Record a questionnaire',
  },
  fr: {
    whatMattersTab: 'Ce qui compte',
    assessment: 'Ce qui compte pour vous',
    editAssessment: 'Modifier ce qui compte',
    whatMattersField: 'Ce qui compte pour la personne',
    saveAssessment: 'Enregistrer l’évaluation',
    planTab: 'Plan',
    plan: 'Plan d’action',
    editPlan: 'Modifier le plan',
    goalField: 'Objectif, dans les mots de la personne',
    savePlan: 'Enregistrer le plan',
    goal: (text: string) => `Objectif 1\u202f: ${text}`,
    saved: 'Modifications enregistrées.',
    cancel: 'Annuler',
    connectionsTab: 'Mises en lien',
    connections: 'Mises en lien',
    proposeConnection: 'Proposer une mise en lien',
    outcomesTab: 'Résultats',
    outcomes: 'Mesure des résultats',
    recordQuestionnaire: 'Saisir un questionnaire',
  },
} as const;

/** Signs the link worker in, in the language given, and opens the case at a section. */
async function openCase(
  page: Page,
  language: 'en' | 'fr',
  caseId: string,
  section: string,
): Promise<void> {
  await page.goto('/sign-in');
  await signIn(page, linkWorker);
  await expect(page.getByRole('button', { name: /account menu/ })).toBeVisible();
  if (language === 'fr') {
    await page.getByRole('button', { name: 'Français' }).click();
    await expect(page.getByRole('button', { name: /menu du compte/ })).toBeVisible();
  }
  await page.goto(`/cases/${caseId}/${section}`);
}

for (const language of ['en', 'fr'] as const) {
  test(`what matters and the plan read first, and their form opens in place on request (${language})`, async ({
    page,
    request,
  }) => {
    const w = words[language];
    const caseId = await caseWithAssessmentAndPlan(request, `Gagnon-${Date.now()}`);
    await openCase(page, language, caseId, 'what-matters');

    // What matters: the saved content as text, and no field until Edit is pressed.
    const assessment = page.getByRole('region', { name: w.assessment });
    const before = 'Singing with others again';
    await expect(assessment.getByText(before)).toBeVisible();
    await expectNoFormField(assessment);
    await expectNoAxeViolations(page);

    // Cancel leaves it as it was, back on the button.
    const editAssessment = assessment.getByRole('button', { name: w.editAssessment });
    await editAssessment.click();
    const field = assessment.getByLabel(w.whatMattersField);
    await expect(field).toBeFocused();
    await expectNoAxeViolations(page);
    await field.fill('Something not kept');
    await assessment.getByRole('button', { name: w.cancel }).click();
    await expectNoFormField(assessment);
    await expect(assessment.getByText(before)).toBeVisible();
    await expect(editAssessment).toBeFocused();

    // Saved: the new words as text, and a message saying so.
    const after = `Chanter (${language})`;
    await editAssessment.click();
    await field.fill(after);
    await assessment.getByRole('button', { name: w.saveAssessment }).click();
    await expect(assessment.getByRole('status')).toHaveText(w.saved);
    await expectNoFormField(assessment);
    await expect(assessment.getByText(after)).toBeVisible();
    await expect(editAssessment).toBeFocused();
    await expectNoAxeViolations(page);

    // The plan: its goals and steps as text, the form in their place once asked for.
    await page.getByRole('tablist').getByRole('tab', { name: w.planTab, exact: true }).click();
    const plan = page.getByRole('region', { name: w.plan });
    const goalBefore = 'Join a choir';
    await expect(plan.getByRole('heading', { name: goalBefore })).toBeVisible();
    await expect(plan.getByText('Visit the Tuesday choir')).toBeVisible();
    await expectNoFormField(plan);
    await expectNoAxeViolations(page);
    const editPlan = plan.getByRole('button', { name: w.editPlan });
    await editPlan.click();
    const goalField = plan.getByLabel(w.goalField);
    await expect(goalField).toBeFocused();
    await expect(goalField).toHaveValue(goalBefore);
    await expectNoAxeViolations(page);
    const goalAfter = `Chorale (${language})`;
    await goalField.fill(goalAfter);
    await plan.getByRole('button', { name: w.savePlan }).click();
    await expect(plan.getByRole('status').filter({ hasText: w.saved })).toBeVisible();
    await expectNoFormField(plan);
    // The heading's own characters: French puts a narrow no-break space before its colon.
    await expect
      .poll(() => plan.getByRole('heading', { name: goalAfter }).textContent())
      .toBe(w.goal(goalAfter));
    await expect(editPlan).toBeFocused();
    await expectNoAxeViolations(page);
  });
}

test('on a phone, in French, each section of the case and each form it opens fit the screen, no button cut', async ({
  page,
  request,
}) => {
  const w = words.fr;
  const caseId = await caseWithAssessmentAndPlan(request, `Gagnon-Desrosiers-${Date.now()}`);
  await page.setViewportSize({ width: 360, height: 740 });
  await openCase(page, 'fr', caseId, 'what-matters');
  const opened: [string, string, string][] = [
    ['what-matters', w.assessment, w.editAssessment],
    ['plan', w.plan, w.editPlan],
    ['connections', w.connections, w.proposeConnection],
    ['outcomes', w.outcomes, w.recordQuestionnaire],
  ];
  for (const [section, name, button] of opened) {
    await page.goto(`/cases/${caseId}/${section}`);
    const region = page.getByRole('region', { name, exact: true });
    await expect(region.getByRole('button', { name: button })).toBeVisible();
    await expectNoSidewaysScroll(page);
    await expectButtonsWhole(page);
    await region.getByRole('button', { name: button }).click();
    await expect(region.getByRole('button', { name: w.cancel })).toBeVisible();
    await expectNoSidewaysScroll(page);
    await expectButtonsWhole(page);
  }
  await expectNoAxeViolations(page);
});
