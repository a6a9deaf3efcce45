import { type APIRequestContext, expect, type Page, test } from '@playwright/test';
import {
  acceptByApi,
  apiAs,
  expectNoAxeViolations,
  expectNoSidewaysScroll,
  referByApi,
  signIn,
} from './support';
import { siteDay } from '../helpers/site-day';

const linkWorker = 'linkworker.riverside@passerelle.example';

// The French journey switches the link worker to French; whatever happens, it goes back.
test.afterEach(({ request }) => speak(request, 'en'));

/** A new Riverside case, accepted, with a UCLA-3 baseline the link worker recorded (score 9, lonely). */
async function caseWithBaseline(request: APIRequestContext, familyName: string): Promise<string> {
  const caseId = await referByApi(request, {
    givenName: 'Maëlle',
    familyName: `${familyName}-${Date.now()}`,
  });
  const api = await apiAs(request, linkWorker);
  // The link worker takes the case and records that the person accepts support.
  await acceptByApi(api, caseId);
  await api.send('POST', `/api/cases/${caseId}/measurements`, {
    instrumentId: 'ucla3',
    timepoint: 'baseline',
    takenOn: siteDay(),
    answers: { companionship: 3, left_out: 3, isolated: 3 },
  });
  await api.send('POST', '/api/auth/sign-out', {});
  return caseId;
}

/** The link worker's interface language, set through their own session, which ends. */
async function speak(request: APIRequestContext, locale: 'en' | 'fr'): Promise<void> {
  const api = await apiAs(request, linkWorker);
  await api.send('PATCH', '/api/me', { locale });
  await api.send('POST', '/api/auth/sign-out', {});
}

/** Signs the link worker in and opens the case at its outcome measures. */
async function openOutcomes(page: Page, caseId: string, tabName: string): Promise<void> {
  await page.goto('/sign-in');
  await signIn(page, linkWorker);
  await expect(page.getByRole('button', { name: /account menu|menu du compte/ })).toBeVisible();
  await page.goto(`/cases/${caseId}`);
  await expect(page.getByRole('heading', { level: 1, name: /^Maëlle / })).toBeVisible();
  // The case screen shows its sections one at a time, as tabs.
  const tab = page.getByRole('tab', { name: tabName });
  if (await tab.isVisible()) await tab.click();
}

test('a link worker corrects a questionnaire\u2019s answers, then voids them, in English at 1280 px', async ({
  page,
  request,
}) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  const caseId = await caseWithBaseline(request, 'Corrections');
  await openOutcomes(page, caseId, 'Outcomes');
  const outcomes = page.getByRole('region', { name: 'Outcome measures' });
  const loneliness = outcomes.getByRole('region', { name: 'Loneliness (3 to 9)' });
  await expect(loneliness.getByRole('row', { name: /Baseline/ })).toContainText('9');

  // The form offers what is due: UCLA-3's baseline is recorded, so its 3-month follow-up,
  // and the baseline is not offered again (a recorded one is corrected instead).
  await outcomes.getByRole('button', { name: 'Record a questionnaire' }).click();
  const record = outcomes.getByRole('region', { name: 'Record a measurement' });
  await record
    .getByLabel('Questionnaire')
    .selectOption({ label: 'Three-item loneliness scale (UCLA-3)' });
  const timepoint = record.getByRole('combobox', { name: 'Timepoint' });
  await expect(timepoint).toHaveValue('month_3');
  await expect(timepoint.locator('option')).toHaveText([
    '3 months',
    '6 months',
    '12 months',
    'Discharge',
  ]);
  await expect(timepoint.locator('option', { hasText: 'Baseline' })).toHaveCount(0);

  // Correct the answers: the dialog starts from those recorded.
  const records = outcomes.getByRole('region', { name: 'Three-item loneliness scale (UCLA-3)' });
  await records.getByRole('button', { name: /^Correct the answers of Baseline/ }).click();
  const amend = page.getByRole('dialog', { name: /Correct the answers \(.*UCLA-3.*Baseline\)/ });
  const first = amend.getByRole('group', {
    name: '1. How often do you feel that you lack companionship?',
  });
  await expect(first.getByLabel('Often')).toBeChecked();
  await expectNoAxeViolations(page);
  await first.getByLabel('Hardly ever').check();
  await amend
    .getByRole('group', { name: '2. How often do you feel left out?' })
    .getByLabel('Hardly ever')
    .check();
  await amend.getByRole('button', { name: 'Save the corrected answers' }).click();
  await expect(amend).toBeHidden();
  await expect(records.getByRole('status')).toHaveText('The corrected answers are saved.');
  // Scored afresh: 1 + 1 + 3 = 5, not lonely; the chart shows the new score only.
  await expect(loneliness.getByRole('row', { name: /Baseline/ })).toContainText('5');
  await expect(loneliness.getByRole('row', { name: /Baseline/ })).toContainText('Not lonely');
  await expect(loneliness.getByRole('row')).toHaveCount(2);
  // The answers corrected stay, struck through, with who corrected them and when.
  await records.getByText('Corrections (1)').click();
  const history = records.getByRole('group').filter({ hasText: 'Corrections (1)' });
  await expect(history.locator('del')).toContainText('score 9 (Lonely)');
  await expect(history).toContainText(/Corrected by .+, /);
  await expectNoAxeViolations(page);

  // Void the corrected answers: a reason is asked for, and words for "another reason".
  await records.getByRole('button', { name: /^Void Baseline/ }).click();
  const voiding = page.getByRole('dialog', { name: /Void the answers/ });
  await voiding.getByRole('button', { name: 'Void the answers' }).click();
  await expect(voiding.getByRole('alert')).toBeVisible();
  await voiding.getByRole('radio', { name: 'Another reason' }).check();
  await voiding.getByRole('button', { name: 'Void the answers' }).click();
  await expect(voiding.getByRole('textbox', { name: 'Say why' })).toHaveAccessibleDescription(
    'Describe the other reason.',
  );
  await expectNoAxeViolations(page);
  await voiding.getByRole('textbox', { name: 'Say why' }).fill('Asked about last year');
  await voiding.getByRole('button', { name: 'Void the answers' }).click();
  await expect(voiding).toBeHidden();
  await expect(records.getByRole('status')).toHaveText('The answers are voided.');
  await expect(records.getByText('No answers count for this questionnaire now.')).toBeVisible();
  await expect(loneliness).toBeHidden();
  await records.getByText('Corrections (2)').click();
  const both = records.getByRole('group').filter({ hasText: 'Corrections (2)' });
  await expect(both).toContainText(/Voided by .+, .+ \(Asked about last year\)/);
  // Nothing counts at the baseline now: it is offered, and due, again.
  await expect(timepoint).toHaveValue('baseline');
  await expectNoAxeViolations(page);
});

test('un agent de liaison corrige puis invalide des réponses, en français, à 360 px', async ({
  page,
  request,
}) => {
  await page.setViewportSize({ width: 360, height: 740 });
  const caseId = await caseWithBaseline(request, 'Correctif');
  await speak(request, 'fr');
  await openOutcomes(page, caseId, 'Résultats');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  const outcomes = page.getByRole('region', { name: 'Mesure des résultats' });
  const records = outcomes.getByRole('region', {
    name: 'Échelle de solitude en trois questions (UCLA-3)',
  });
  await records.getByRole('button', { name: /^Corriger les réponses de Mesure initiale/ }).click();
  const amend = page.getByRole('dialog', { name: /Corriger les réponses/ });
  await amend
    .getByRole('group', { name: /^1\. À quelle fréquence avez-vous le sentiment/ })
    .getByLabel('Parfois')
    .check();
  await expectNoSidewaysScroll(page);
  await expectNoAxeViolations(page);
  await amend.getByRole('button', { name: 'Enregistrer les réponses corrigées' }).click();
  await expect(records.getByRole('status')).toHaveText('Les réponses corrigées sont enregistrées.');
  await expect(records.getByText(/score 8/).first()).toBeVisible();

  await records.getByRole('button', { name: /^Invalider Mesure initiale/ }).click();
  const voiding = page.getByRole('dialog', { name: /Invalider les réponses/ });
  await voiding.getByRole('radio', { name: 'Notées pour la mauvaise personne' }).check();
  await expectNoAxeViolations(page);
  await voiding.getByRole('button', { name: 'Invalider les réponses' }).click();
  await expect(records.getByRole('status')).toHaveText('Les réponses sont invalidées.');
  await records.getByText('Corrections (2)').click();
  const history = records.getByRole('group').filter({ hasText: 'Corrections (2)' });
  await expect(history).toContainText(/Invalidées par .+ \(Notées pour la mauvaise personne\)/);
  await expect(history).toContainText(/Corrigées par .+, /);
  await expect(history.locator('del')).toHaveCount(2);
  await expectNoSidewaysScroll(page);
  await expectNoAxeViolations(page);
});
