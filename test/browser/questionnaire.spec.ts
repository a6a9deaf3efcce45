import { expect, test } from '@playwright/test';
import type { MeasurementLink } from '../../src/shared/contracts/outcomes';
import { acceptByApi, apiAs, expectNoAxeViolations, referByApi } from './support';

test('the person’s questionnaire speaks to them, not through an interviewer, and names no scale', async ({
  page,
  request,
}) => {
  const caseId = await referByApi(request, {
    givenName: 'Théo',
    familyName: `Marchand-${Date.now()}`,
    preferredLanguage: 'en',
  });
  const linkWorker = await apiAs(request, 'linkworker.riverside@passerelle.example');
  // Questionnaires start once the person said yes to support: take the case, record the yes.
  await acceptByApi(linkWorker, caseId);
  const link = await linkWorker.send<MeasurementLink>(
    'POST',
    `/api/cases/${caseId}/measurement-links`,
    { instrumentIds: ['ucla3', 'ons4'], timepoint: 'baseline', sendByEmail: false },
  );

  await page.goto(new URL(link.url).pathname);
  await expect(page.getByRole('heading', { level: 1, name: 'Hello Théo' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Question 1 of 7' })).toBeVisible();
  await expect(
    page.getByRole('group', { name: 'How often do you feel that you lack companionship?' }),
  ).toBeVisible();
  const main = page.getByRole('main');
  await expect(main).not.toContainText(/tell me|UCLA|loneliness/i);
  await expectNoAxeViolations(page);

  // On to the wellbeing questions: no "I would like to ask you", no "ONS".
  for (let question = 1; question <= 3; question += 1) {
    await page.getByRole('button', { name: 'Next' }).click();
  }
  await expect(page.getByRole('heading', { level: 2, name: 'Question 4 of 7' })).toBeVisible();
  await expect(
    page.getByRole('group', { name: 'Overall, how satisfied are you with your life nowadays?' }),
  ).toBeVisible();
  await expect(main).not.toContainText(/I would like|I’d like|ONS|wellbeing/i);

  await page.getByRole('button', { name: 'Français' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Question 4 sur 7' })).toBeVisible();
  await expect(main).not.toContainText(/je voudrais|ONS|bien-être/i);
  await expectNoAxeViolations(page);
});
