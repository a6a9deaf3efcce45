import { type APIRequestContext, type Browser, expect, type Page, test } from '@playwright/test';
import type { OutcomesReport } from '../../src/shared/contracts/reports';
import {
  acceptByApi,
  apiAs,
  demo,
  expectNoAxeViolations,
  expectNoSidewaysScroll,
  referByApi,
  signIn,
  waitForEmail,
} from './support';

/** The evaluator's reports page. */
async function evaluatorReports(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto('/sign-in');
  await signIn(page, demo.evaluator.email);
  await expect(page.getByRole('button', { name: /account menu/ })).toBeVisible();
  return page;
}

/**
 * Opens the reports for the Riverside site only and returns what they say of the people
 * with both a UCLA-3 baseline and a follow-up there, as the page shows it (checked against
 * the answer the page received, so a figure of the whole programme shown a moment before
 * cannot pass), with the time the figures were computed.
 */
async function riversideLoneliness(
  page: Page,
): Promise<{ n: number | null; suppressed: boolean; asOf: string | null }> {
  await page.goto('/reports');
  const answer = page.waitForResponse(
    (response) =>
      response.url().includes('/api/reports/outcomes?') && response.url().includes('scope=site'),
  );
  await page
    .getByRole('combobox', { name: 'Covering' })
    .selectOption({ label: 'Riverside CHC – Queen Street' });
  const report = (await (await answer).json()) as OutcomesReport;
  const loneliness = report.items.find((item) => item.instrumentId === 'ucla3');
  const row = page
    .getByRole('table', { name: 'Change between baseline and the latest follow-up' })
    .getByRole('row', { name: /UCLA-3/ });
  if (!loneliness || loneliness.suppressed) {
    await expect(row).toContainText('Not shown: fewer than 10 people with both scores');
  } else {
    await expect(row.getByRole('cell').first()).toHaveText(String(loneliness.n));
    expect((loneliness.n ?? 0) % report.protection.roundTo).toBe(0);
  }
  return {
    n: loneliness?.n ?? null,
    suppressed: loneliness?.suppressed ?? true,
    asOf: report.scope.asOf,
  };
}

const linkWorker = 'linkworker.riverside@passerelle.example';

/**
 * A referral by the demo referrer for a French-speaking person with an email address, taken
 * by the Riverside link worker and accepted by the person: outcomes start from acceptance.
 */
async function referFrenchSpeaker(request: APIRequestContext, email: string): Promise<string> {
  const caseId = await referByApi(request, {
    givenName: 'Odile',
    familyName: `Lavoie-${Date.now()}`,
    dateOfBirth: '1949-09-14',
    preferredLanguage: 'fr',
    email,
  });
  const api = await apiAs(request, linkWorker);
  await acceptByApi(api, caseId);
  await api.send('POST', '/api/auth/sign-out', {});
  return caseId;
}

/** The case screen at its Outcomes section. */
async function openOutcomes(page: Page, caseId: string): Promise<void> {
  await page.goto(`/cases/${caseId}`);
  await page.getByRole('tab', { name: 'Outcomes' }).click();
}

test('a baseline by the link worker and a follow-up by the person show the change on the case', async ({
  page,
  browser,
  request,
}) => {
  const personEmail = `odile-${Date.now()}@example.org`;
  const caseId = await referFrenchSpeaker(request, personEmail);
  // The site's dashboard before: the demo data gives Riverside 13 UCLA-3 pairs in the year,
  // but 6 in its second quarter, so the year's change would single out fewer than 10
  // people beside that quarter's report (the overlap rule) and is not shown.
  const reports = await evaluatorReports(browser);
  const before = await riversideLoneliness(reports);
  expect(before.suppressed).toBe(true);

  await page.goto('/sign-in');
  await signIn(page, linkWorker);
  await expect(page.getByRole('button', { name: /account menu/ })).toBeVisible();
  await openOutcomes(page, caseId);

  const outcomes = page.getByRole('region', { name: 'Outcome measures' });
  await expect(outcomes.getByText('No measurement recorded yet.')).toBeVisible();

  // The link worker records the baseline UCLA-3 with the person, in the room: the form
  // opens when asked for.
  const record = outcomes.getByRole('region', { name: 'Record a measurement' });
  await expect(record).toHaveCount(0);
  await outcomes.getByRole('button', { name: 'Record a questionnaire' }).click();
  await record
    .getByLabel('Questionnaire')
    .selectOption({ label: 'Three-item loneliness scale (UCLA-3)' });
  await record.getByLabel('Timepoint').selectOption({ label: 'Baseline' });
  await record
    .getByRole('group', { name: '1. How often do you feel that you lack companionship?' })
    .getByLabel('Often')
    .check();
  await record
    .getByRole('group', { name: '2. How often do you feel left out?' })
    .getByLabel('Often')
    .check();
  await record
    .getByRole('group', { name: '3. How often do you feel isolated from others?' })
    .getByLabel('Some of the time')
    .check();
  await record.getByRole('button', { name: 'Save the answers' }).click();
  await expect(
    outcomes.getByRole('status').filter({ hasText: 'Measurement saved.' }),
  ).toBeVisible();
  await expect(record).toHaveCount(0);
  const loneliness = outcomes.getByRole('region', { name: 'Loneliness (3 to 9)' });
  await expect(loneliness.getByRole('row', { name: /Baseline/ })).toContainText('8');
  await expect(loneliness.getByRole('row', { name: /Baseline/ })).toContainText('Lonely');
  await expectNoAxeViolations(page);

  // The follow-up: a link for the person, emailed and shown as a QR code.
  const linkForm = outcomes.getByRole('region', { name: 'Let the person answer' });
  await linkForm.getByRole('button', { name: 'Prepare a link' }).click();
  await linkForm.getByLabel('Timepoint').selectOption({ label: '3 months' });
  // The ONS4 baseline is still due, so it comes ticked: this link asks UCLA-3 only.
  await linkForm.getByRole('checkbox', { name: /ONS4/ }).uncheck();
  await linkForm.getByLabel('Three-item loneliness scale (UCLA-3)').check();
  await linkForm.getByLabel('Also send the link by email').check();
  const since = new Date();
  await linkForm.getByRole('button', { name: 'Create the link' }).click();
  await expect(
    linkForm.getByRole('img', { name: 'QR code of the questionnaire link' }),
  ).toBeVisible();
  await expect(linkForm.getByText('The link was emailed to the person.')).toBeVisible();
  const shownUrl = await linkForm.getByTestId('questionnaire-link').textContent();
  const email = await waitForEmail(request, {
    to: personEmail,
    subjectIncludes: 'questionnaire',
    since,
  });
  const emailedUrl = email.links.find((url) => url.includes('/questionnaire/'));
  expect(emailedUrl).toBe(shownUrl);
  expect(email.text).not.toMatch(/solitude|loneliness/i);
  await expectNoAxeViolations(page);

  // The person opens the link on their phone and answers in French, one question at a time.
  const phone = await browser.newContext({
    viewport: { width: 360, height: 740 },
    locale: 'en-CA',
    isMobile: true,
    hasTouch: true,
  });
  const personPage = await phone.newPage();
  const path = new URL(emailedUrl ?? '').pathname;
  await personPage.goto(path);
  await expect(personPage.getByRole('heading', { level: 1, name: 'Bonjour Odile' })).toBeVisible();
  await expect(personPage.getByText('Question 1 sur 3')).toBeVisible();
  await expectNoAxeViolations(personPage);
  const answers = ['Parfois', 'Presque jamais', 'Presque jamais'];
  for (const [index, answer] of answers.entries()) {
    await expect(personPage.getByText(`Question ${index + 1} sur 3`)).toBeVisible();
    await personPage.getByRole('radio', { name: answer }).check();
    if (index === 1) {
      // Back keeps the answer given, then on again.
      await personPage.getByRole('button', { name: 'Précédente' }).click();
      await expect(personPage.getByRole('radio', { name: 'Parfois' })).toBeChecked();
      await personPage.getByRole('button', { name: 'Suivante' }).click();
      await expect(personPage.getByRole('radio', { name: 'Presque jamais' })).toBeChecked();
    }
    await personPage
      .getByRole('button', { name: index === 2 ? 'Envoyer mes réponses' : 'Suivante' })
      .click();
  }
  await expect(personPage.getByRole('heading', { level: 1, name: 'Merci' })).toBeVisible();
  await expectNoSidewaysScroll(personPage);
  await expectNoAxeViolations(personPage);
  // The link works once.
  await personPage.goto(path);
  await expect(personPage.getByRole('alert')).toContainText('déjà été envoyées');
  await phone.close();

  // The link worker sees both points and the change.
  await page.reload();
  const chart = page
    .getByRole('region', { name: 'Outcome measures' })
    .getByRole('region', { name: 'Loneliness (3 to 9)' });
  await expect(
    chart.getByRole('img', { name: /Loneliness \(3 to 9\): scores over time/ }),
  ).toBeVisible();
  await expect(chart.getByRole('row', { name: /Baseline/ })).toContainText('8');
  const followUp = chart.getByRole('row', { name: /3 months/ });
  await expect(followUp).toContainText('4');
  await expect(followUp).toContainText('Not lonely');
  await expect(followUp).toContainText('The person');
  await expect(chart.getByText('Change from Baseline to 3 months: -4 (improved)')).toBeVisible();
  // Its labels stand inside the drawing ("3 months" was cut to "3 mont").
  const drawing = chart.getByRole('img', { name: /Loneliness \(3 to 9\): scores over time/ });
  const cut = await drawing.evaluate((svg: SVGSVGElement) =>
    [...svg.querySelectorAll('text')]
      .filter((text) => {
        const box = text.getBBox();
        const view = svg.viewBox.baseVal;
        return box.x < view.x || box.x + box.width > view.x + view.width;
      })
      .map((text) => text.textContent),
  );
  expect(cut).toEqual([]);
  await expect(drawing.getByText('3 months')).toBeVisible();
  await expectNoAxeViolations(page);

  // ...and once the figures are refreshed (every half second in the browser suite, every
  // minute by default), the site's dashboard still hides the change: the second quarter
  // still holds all but 8 of the year's pairs.
  const answered = Date.now();
  await expect
    .poll(async () => Date.parse((await riversideLoneliness(reports)).asOf ?? '') || 0, {
      timeout: 20_000,
    })
    .toBeGreaterThan(answered);
  expect((await riversideLoneliness(reports)).suppressed).toBe(true);
  await expect(reports.getByTestId('reports-as-of')).toContainText('Figures as of');
  await expectNoAxeViolations(reports);
  await reports.context().close();
});

test('a PHQ-9 answer about self-harm shows the safeguarding alert and what to do next', async ({
  page,
  request,
}) => {
  const caseId = await referFrenchSpeaker(request, `paul-${Date.now()}@example.org`);
  await page.goto('/sign-in');
  await signIn(page, linkWorker);
  await expect(page.getByRole('button', { name: /account menu/ })).toBeVisible();
  await openOutcomes(page, caseId);
  const outcomes = page.getByRole('region', { name: 'Outcome measures' });
  await outcomes.getByRole('button', { name: 'Record a questionnaire' }).click();
  const record = outcomes.getByRole('region', { name: 'Record a measurement' });
  await record
    .getByLabel('Questionnaire')
    .selectOption({ label: 'Patient Health Questionnaire (PHQ-9)' });
  await record
    .getByRole('group', { name: /^9\. Thoughts that you would be better off dead/ })
    .getByLabel('Several days')
    .check();
  await record.getByRole('button', { name: 'Save the answers' }).click();
  const alert = outcomes.getByRole('alert').filter({ hasText: 'Safeguarding alert' });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('What to do next');
  await expect(alert).toContainText('Tell the site manager today');
  // Only item 9 was answered: no depression score, said in words rather than a zero.
  await expect(
    outcomes
      .getByRole('region', { name: 'Depression (0 to 27)' })
      .getByRole('row', { name: /Baseline/ }),
  ).toContainText('no score: too many questions unanswered');
  await expectNoAxeViolations(page);
});
