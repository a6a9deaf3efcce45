import { type Browser, type BrowserContext, expect, type Page, test } from '@playwright/test';
import { adminApi, expectNoAxeViolations, signIn, waitForEmail } from './support';
import { siteDay } from '../helpers/site-day';

/*
 * The whole social prescribing pathway (domain.md, steps 1 to 6), driven through the
 * screens by four different people, each in a browser of their own: the clinician refers,
 * the link worker works the case, a community partner without an account answers from
 * emailed links, and the site manager acts on a safeguarding alert. Emails go through the
 * app's real SMTP delivery to the suite's mail catcher.
 */

const clinician = 'referrer@passerelle.example';
const linkWorker = 'linkworker.riverside@passerelle.example';
const activity = 'Lakeshore Walking Group';
const organisation = 'West End Community Health Centre';
const partnerAddress = 'info@westend-chc.example.org';

type Person = { context: BrowserContext; page: Page };

async function open(browser: Browser, baseURL: string | undefined): Promise<Person> {
  const context = await browser.newContext({ baseURL, locale: 'en-CA' });
  return { context, page: await context.newPage() };
}

async function signedIn(
  browser: Browser,
  baseURL: string | undefined,
  email: string,
  password?: string,
): Promise<Person> {
  const person = await open(browser, baseURL);
  await person.page.goto('/sign-in');
  await signIn(person.page, email, password);
  await expect(person.page.getByRole('button', { name: /account menu/ })).toBeVisible();
  return person;
}

/** Riverside has no site manager in the demo data: the administrator appoints one. */
async function appointRiversideManager(
  request: Parameters<typeof adminApi>[0],
): Promise<{ email: string; password: string }> {
  const admin = await adminApi(request);
  const sites = await admin.get<{ items: { id: string; name: string }[] }>('/api/sites');
  const riverside = sites.items.find((site) => site.name.startsWith('Riverside'));
  if (!riverside) throw new Error('no Riverside site in the demo data');
  const manager = {
    email: `manager.${Date.now().toString(36)}@example.org`,
    password: 'a long enough passphrase',
  };
  await admin.send('POST', '/api/accounts', {
    email: manager.email,
    displayName: 'Priya Raman',
    password: manager.password,
    locale: 'en',
    grants: [{ role: 'site_manager', siteId: riverside.id }],
  });
  return manager;
}

async function refer(page: Page, familyName: string): Promise<string> {
  await page.getByRole('link', { name: 'Refer someone' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Refer someone' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Given name' }).fill('Walter');
  await page.getByRole('textbox', { name: 'Family name' }).fill(familyName);
  await page.getByLabel('Date of birth').fill('1947-03-09');
  await page.getByRole('radio', { name: 'English' }).check();
  await page.getByRole('textbox', { name: 'Phone' }).fill('416-555-0188');
  await page.getByRole('textbox', { name: 'Postal code' }).fill('M6K 1X9');
  await page.getByRole('checkbox', { name: 'Loneliness or isolation' }).check();
  await page.getByRole('checkbox', { name: 'Physical inactivity' }).check();
  await page
    .getByRole('textbox', { name: 'Context' })
    .fill('Widowed last year; stopped going out.');
  await page
    .getByRole('checkbox', { name: 'The person agrees to be referred to social prescribing' })
    .check();
  await page
    .getByRole('checkbox', {
      name: 'The person agrees that I receive updates and a summary when support ends',
    })
    .check();
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Send the referral' }).click();
  const sent = page.getByRole('status').filter({ hasText: 'sent to the link-worker team' });
  await expect(sent).toBeVisible();
  return ((await sent.textContent()) ?? '').match(/P-[0-9A-Z]{6}/)?.[0] ?? '';
}

async function takeFromTriage(page: Page, familyName: string): Promise<void> {
  await page.getByRole('link', { name: 'Triage', exact: true }).click();
  await page.getByLabel('Order').selectOption('newest');
  const card = page.getByRole('listitem').filter({ hasText: familyName });
  await card.getByRole('button', { name: /^Take case/ }).click();
  await expect(page.getByRole('status').filter({ hasText: /is now yours/ })).toBeVisible();
  await page.getByRole('link', { name: 'Caseload', exact: true }).click();
  await page.getByRole('row').filter({ hasText: familyName }).getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(familyName) })).toBeVisible();
}

async function recordContact(page: Page, outcome: 'no_answer' | 'reached'): Promise<void> {
  await page.getByRole('tab', { name: 'Contacts and notes' }).click();
  const contacts = page.getByRole('region', { name: 'Contacts' });
  await contacts.getByRole('button', { name: 'Record a contact' }).click();
  await contacts.getByLabel('Channel').selectOption('phone');
  await contacts.getByLabel('Outcome').selectOption(outcome);
  if (outcome === 'reached') {
    await contacts.getByLabel('Duration (minutes)').fill('25');
    await contacts.getByLabel('Notes').fill('Keen to walk with others, mornings are best.');
  }
  await contacts.getByRole('button', { name: 'Record contact' }).click();
  await expect(contacts.getByRole('status')).toHaveText('Contact recorded.');
}

async function assessAndPlan(page: Page): Promise<void> {
  await page.getByRole('tab', { name: 'What matters' }).click();
  const assessment = page.getByRole('region', { name: 'What matters to you' });
  await assessment.getByRole('button', { name: 'Record what matters' }).click();
  await assessment.getByLabel('What matters to the person').fill('Getting out of the house again');
  await assessment.getByLabel('Strengths').fill('Knows every street of Parkdale');
  await assessment.getByLabel('Interests and talents').fill('Walking, local history');
  await assessment
    .getByRole('radiogroup', { name: 'Social connection' })
    .getByRole('radio', { name: 'High need' })
    .check();
  await assessment.getByRole('checkbox', { name: 'Confidence' }).check();
  await assessment.getByRole('checkbox', { name: 'Assessment completed' }).check();
  await assessment.getByRole('button', { name: 'Save the assessment' }).click();
  await expect(assessment.getByText(/^Assessment completed on /)).toBeVisible();

  await page.getByRole('tab', { name: 'Plan' }).click();
  const plan = page.getByRole('region', { name: 'Action plan' });
  await plan.getByRole('button', { name: 'Write the plan' }).click();
  const goal = plan.getByRole('group', { name: 'Goal 1' });
  await goal
    .getByLabel("Goal, in the person's words")
    .fill('I want to walk with people twice a week');
  const step = goal.getByRole('group', { name: 'Step 1' });
  await step.getByLabel('What will be done').fill('Join the Lakeshore walking group');
  await step.getByLabel('Who').selectOption({ label: 'The person' });
  await plan.getByLabel('Agreed with the person on').fill(siteDay());
  await plan.getByRole('button', { name: 'Save the plan' }).click();
  await expect(plan.getByRole('status').filter({ hasText: 'Changes saved.' })).toBeVisible();
}

async function connectAndSend(page: Page): Promise<void> {
  await page.getByRole('tab', { name: 'Connections' }).click();
  const section = page.getByRole('region', { name: 'Connections' });
  await section.getByRole('button', { name: 'Propose a connection' }).click();
  const search = section.getByRole('search', { name: 'Search the directory' });
  await search.getByRole('searchbox', { name: 'Search the directory' }).fill('walking group');
  await search.getByRole('button', { name: 'Search' }).click();
  await section.getByRole('button', { name: `Choose ${activity}` }).click();
  await section
    .getByRole('textbox', { name: /What the person wants from the activity/ })
    .fill('Company on a morning walk');
  await section.getByRole('button', { name: 'Propose the connection' }).click();
  const card = section.getByRole('article', { name: `${activity} – ${organisation}` });
  await expect(card.getByText('Status: Proposed')).toBeVisible();
  await card.getByRole('button', { name: 'Record the next step' }).click();
  await card.getByRole('radio', { name: 'Send to the partner' }).check();
  await card.getByRole('button', { name: 'Save this step' }).click();
  await expect(card.getByText('Status: Sent to the partner')).toBeVisible();
}

test('the pathway end to end: refer, take, contact, assess, plan, connect, partner answers by email, safeguarding, discharge, summary back', async ({
  browser,
  baseURL,
  request,
}) => {
  test.setTimeout(300_000);
  const manager = await appointRiversideManager(request);
  const familyName = `Kowalski-${Date.now().toString(36)}`;
  const started = new Date();

  // 1. The clinician refers, from one screen, with the person's consent.
  const doctor = await signedIn(browser, baseURL, clinician);
  const reference = await refer(doctor.page, familyName);
  expect(reference).toMatch(/^P-/);
  const teamEmail = await waitForEmail(request, {
    to: linkWorker,
    subjectIncludes: reference,
    since: started,
  });
  expect(teamEmail.text).not.toContain(familyName);

  // 2. The link worker takes the case from triage and records contact attempts.
  const worker = await signedIn(browser, baseURL, linkWorker);
  await takeFromTriage(worker.page, familyName);
  await recordContact(worker.page, 'no_answer');
  await recordContact(worker.page, 'reached');
  await worker.page.getByRole('tab', { name: 'Overview' }).click();
  await worker.page.getByRole('button', { name: 'Record acceptance' }).click();
  const accept = worker.page.getByRole('dialog', {
    name: 'The person accepts social prescribing',
  });
  await accept.getByRole('button', { name: 'Confirm' }).click();
  // The answer in words; its SNOMED CT code only in the badge's tooltip, for whoever codes.
  const outcome = worker.page.getByText('Outcome: Social prescribing referral accepted');
  await expect(outcome).toBeVisible();
  await expect(worker.page.getByRole('main')).not.toContainText('871731000000106');
  await outcome.hover();
  await expect(worker.page.getByRole('tooltip')).toHaveText('SNOMED CT code 871731000000106');
  await worker.page.mouse.move(0, 0);

  // 3 and 4. What matters to the person, and the plan co-produced with them.
  await assessAndPlan(worker.page);

  // 5. A connection from the directory, sent to the partner.
  const sentAt = new Date();
  await connectAndSend(worker.page);
  await expectNoAxeViolations(worker.page);

  // The partner has no account: it answers from the emailed links, one action each.
  const partner = await open(browser, baseURL);
  const offer = await waitForEmail(request, { to: partnerAddress, since: sentAt });
  expect(offer.text).not.toContain(familyName);
  const [acceptLink] = offer.links;
  if (!acceptLink) throw new Error('the partner email carries no link');
  await partner.page.goto(acceptLink);
  await expect(partner.page.getByRole('table', { name: 'Who' })).toContainText(familyName);
  await expect(partner.page.getByText('Widowed last year')).toHaveCount(0);
  const acceptedAt = new Date();
  await partner.page.getByRole('button', { name: 'Confirm: Accept' }).click();
  await expect(partner.page.getByRole('status').filter({ hasText: 'Thank you' })).toBeVisible();
  const next = await waitForEmail(request, {
    to: partnerAddress,
    subjectIncludes: 'Next step',
    since: acceptedAt,
  });
  const [attendedLink] = next.links;
  if (!attendedLink) throw new Error('the next-step email carries no link');
  await partner.page.goto(attendedLink);
  await partner.page.getByLabel('Date of the first attendance').fill(siteDay());
  await partner.page.getByRole('button', { name: 'Confirm: Record first attendance' }).click();
  await expect(partner.page.getByRole('status').filter({ hasText: 'Thank you' })).toBeVisible();
  await expectNoAxeViolations(partner.page);

  // The loop closes on the case screen.
  await worker.page.reload();
  const card = worker.page
    .getByRole('region', { name: 'Connections' })
    .getByRole('article', { name: `${activity} – ${organisation}` });
  await expect(card.getByText('Status: First attended')).toBeVisible();
  await expect(card.getByText('answered through an emailed link').first()).toBeVisible();

  // A safeguarding concern alerts the site manager at once, who acknowledges it.
  await worker.page.getByRole('tab', { name: 'Overview' }).click();
  const safeguarding = worker.page.getByRole('region', { name: 'Safeguarding' });
  await safeguarding.getByRole('button', { name: 'Raise a safeguarding concern' }).click();
  // The form, fetched when asked for, takes the keyboard's place as it opens.
  await expect(safeguarding.getByRole('combobox')).toBeFocused();
  await safeguarding.getByLabel('What happened').fill('Mentioned a fall at home last week.');
  await safeguarding.getByRole('button', { name: 'Raise concern' }).click();
  await expect(safeguarding.getByRole('status')).toHaveText('The site managers were alerted.');
  const alert = await waitForEmail(request, {
    to: manager.email,
    subjectIncludes: reference,
    since: sentAt,
  });
  const caseLink = alert.links.find((link) => link.includes('/cases/'));
  if (!caseLink) throw new Error('the safeguarding alert carries no link to the case');
  const siteManager = await signedIn(browser, baseURL, manager.email, manager.password);
  await siteManager.page.goto(caseLink);
  const concerns = siteManager.page.getByRole('region', { name: 'Safeguarding' });
  await expect(concerns.getByText('Not yet acknowledged')).toBeVisible();
  await concerns.getByRole('button', { name: 'Acknowledge' }).click();
  await expect(concerns.getByText(/Acknowledged by Priya Raman/)).toBeVisible();
  await expectNoAxeViolations(siteManager.page);

  // 6. The link worker discharges: goals met.
  await worker.page.reload();
  await worker.page.getByRole('button', { name: 'Discharge' }).click();
  const discharge = worker.page.getByRole('dialog', { name: 'Discharge the person' });
  await discharge.getByLabel('Reason').selectOption({ label: 'Goals met' });
  await discharge.getByRole('button', { name: 'Confirm' }).click();
  await expect(worker.page.getByText('Status: Discharged')).toBeVisible();

  // The clinician is told, and reads the summary back.
  const closed = await waitForEmail(request, {
    to: clinician,
    subjectIncludes: reference,
    since: sentAt,
  });
  expect(closed.text).not.toContain(familyName);
  const summaryLink = closed.links.find((link) => link.includes('/referrals/'));
  if (!summaryLink) throw new Error('the closing email carries no link to the referral');
  await doctor.page.goto(summaryLink);
  await expect(
    doctor.page.getByRole('heading', { level: 1, name: `Referral ${reference}` }),
  ).toBeVisible();
  const summary = doctor.page.getByRole('region', { name: 'Summary back' });
  await expect(summary.getByText('Goals met')).toBeVisible();
  await expect(summary).toContainText(activity);
  await expect(doctor.page.getByText('Keen to walk with others')).toHaveCount(0);
  await expectNoAxeViolations(doctor.page);

  for (const person of [doctor, worker, partner, siteManager]) await person.context.close();
});
