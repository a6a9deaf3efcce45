import { type APIRequestContext, expect, type Page, test } from '@playwright/test';
import { expectNoAxeViolations, referByApi, signIn } from './support';
import { siteDay } from '../helpers/site-day';

/** A referral by the demo referrer for a French-speaking person: the case the journey works on. */
function referFrenchSpeaker(request: APIRequestContext): Promise<string> {
  return referByApi(request, {
    givenName: 'Élise',
    familyName: `Beaulieu-${Date.now()}`,
    dateOfBirth: '1951-05-02',
    preferredLanguage: 'fr',
    phone: '613-555-0199',
  });
}

type Plan = {
  version: number;
  agreedOn: string | null;
  goals: {
    id: string;
    text: string;
    steps: { id: string; text: string; owner: string; dueOn: string | null; done: boolean }[];
  }[];
};

async function csrfToken(page: Page): Promise<string> {
  const session = (await (await page.request.get('/api/auth/session')).json()) as {
    csrfToken: string;
  };
  return session.csrfToken;
}

async function expectSaved(page: Page, section: string): Promise<void> {
  await expect(
    page
      .getByRole('region', { name: section })
      .getByRole('status')
      .filter({ hasText: 'Changes saved.' }),
  ).toBeVisible();
}

test('a link worker assesses, plans with the person and prints the plan in their language', async ({
  page,
  request,
}) => {
  const caseId = await referFrenchSpeaker(request);

  await page.goto('/sign-in');
  await signIn(page, 'linkworker.riverside@passerelle.example');
  await expect(page.getByRole('button', { name: /account menu/ })).toBeVisible();
  // The plan starts once the person accepts: the link worker records their yes first.
  const accepted = await page.request.post(`/api/cases/${caseId}/status`, {
    headers: { 'x-csrf-token': await csrfToken(page) },
    data: { to: 'active', version: 1 },
  });
  expect(accepted.status()).toBe(200);
  await page.goto(`/cases/${caseId}/what-matters`);

  const assessment = page.getByRole('region', { name: 'What matters to you' });
  // Nothing recorded yet: a sentence says so, and the form opens when asked for.
  await expect(
    assessment.getByText('Nothing is recorded yet about what matters to the person.'),
  ).toBeVisible();
  await expect(assessment.getByLabel('What matters to the person')).toHaveCount(0);
  await assessment.getByRole('button', { name: 'Record what matters' }).click();
  await expect(assessment.getByLabel('What matters to the person')).toBeFocused();
  await assessment.getByLabel('What matters to the person').fill('Chanter à nouveau');
  await assessment.getByLabel('Strengths').fill('Connaît bien le quartier');
  await assessment.getByLabel('Interests and talents').fill('Chorale, jardinage');
  await assessment
    .getByRole('radiogroup', { name: 'Social connection' })
    .getByRole('radio', { name: 'High need' })
    .check();
  await assessment.getByRole('checkbox', { name: 'Transport' }).check();
  await assessment.getByRole('checkbox', { name: 'Assessment completed' }).check();
  await assessment.getByRole('button', { name: 'Save the assessment' }).click();
  await expectSaved(page, 'What matters to you');
  await expect(assessment.getByText(/^Assessment completed on /)).toBeVisible();
  await expect(assessment.getByText('Chanter à nouveau')).toBeVisible();
  await expect(assessment.getByText('Social connection: High need')).toBeVisible();
  await expect(assessment.getByRole('button', { name: 'Edit what matters' })).toBeFocused();

  await page.setViewportSize({ width: 360, height: 740 });
  const whatMatters = await assessment.boundingBox();
  expect(whatMatters && whatMatters.x + whatMatters.width).toBeLessThanOrEqual(360);
  await page.setViewportSize({ width: 1280, height: 720 });

  await page.getByRole('tab', { name: 'Plan' }).click();
  const plan = page.getByRole('region', { name: 'Action plan' });
  await expect(plan.getByText('No plan is written yet.')).toBeVisible();
  await plan.getByRole('button', { name: 'Write the plan' }).click();
  const goal = plan.getByRole('group', { name: 'Goal 1' });
  await goal.getByLabel("Goal, in the person's words").fill('Je veux chanter avec d’autres');
  const step = goal.getByRole('group', { name: 'Step 1' });
  await step.getByLabel('What will be done').fill('Trouver une chorale près de chez moi');
  await step.getByLabel('Who').selectOption({ label: 'Link worker' });
  await step.getByLabel('By when').fill(siteDay(14));
  await plan.getByLabel('Agreed with the person on').fill(siteDay());
  await plan.getByRole('button', { name: 'Save the plan' }).click();
  await expectSaved(page, 'Action plan');
  await expect(
    plan.getByRole('heading', { name: 'Goal 1: Je veux chanter avec d’autres' }),
  ).toBeVisible();
  await expect(plan.getByText('Trouver une chorale près de chez moi')).toBeVisible();

  // Someone else saves the plan meanwhile: the next save is refused and says why, and the
  // form starts again from their version.
  const current = (await (await page.request.get(`/api/cases/${caseId}/plan`)).json()) as Plan;
  const theirs = await page.request.put(`/api/cases/${caseId}/plan`, {
    headers: { 'x-csrf-token': await csrfToken(page) },
    data: {
      version: current.version,
      agreedOn: current.agreedOn,
      goals: current.goals.map((g) => ({
        id: g.id,
        text: `${g.text} (bis)`,
        steps: g.steps.map(({ id, text, owner, dueOn, done }) => ({
          id,
          text,
          owner,
          dueOn,
          done,
        })),
      })),
    },
  });
  expect(theirs.status()).toBe(200);
  await plan.getByRole('button', { name: 'Edit the plan' }).click();
  await goal.getByLabel("Goal, in the person's words").fill('Autre chose');
  await plan.getByRole('button', { name: 'Save the plan' }).click();
  await expect(plan.getByRole('alert')).toContainText('Someone else changed this record');
  await expect(goal.getByLabel("Goal, in the person's words")).toHaveValue(
    'Je veux chanter avec d’autres (bis)',
  );

  // The link worker's dated step became a follow-up.
  const followUps = page.getByRole('region', { name: 'Follow-ups' });
  await expect(followUps.getByRole('listitem').filter({ hasText: 'Call' })).toContainText(
    'Upcoming',
  );
  await expectNoAxeViolations(page);

  // Usable on a phone: nothing of the plan sections is wider than the screen.
  await page.setViewportSize({ width: 360, height: 740 });
  for (const name of ['Action plan', 'Follow-ups']) {
    const box = await page.getByRole('region', { name }).boundingBox();
    expect(box && box.x + box.width).toBeLessThanOrEqual(360);
  }
  await page.setViewportSize({ width: 1280, height: 720 });

  await plan.getByRole('link', { name: 'Print the plan' }).click();
  await expect(page).toHaveURL(new RegExp(`/cases/${caseId}/plan/print$`));
  await expect(page.getByRole('heading', { level: 1, name: 'Mon plan d’action' })).toBeVisible();
  await expect(page.getByText('Pour Élise')).toBeVisible();
  const table = page.getByRole('table');
  await expect(table.getByRole('columnheader', { name: 'Pour quand' })).toBeVisible();
  await expect(table.getByRole('cell', { name: 'Agent de liaison' })).toBeVisible();
  await expect(page.getByText(/^Convenu le /)).toBeVisible();
  // The screen around the printout stays in the interface language.
  await expect(page.getByRole('button', { name: 'Print', exact: true })).toBeVisible();
  await expectNoAxeViolations(page);

  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('button', { name: 'Print', exact: true })).toBeHidden();
  await expect(page.getByRole('heading', { level: 1, name: 'Mon plan d’action' })).toBeVisible();
});
