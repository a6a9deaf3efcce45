import { type APIRequestContext, expect, type PlaywrightWorkerArgs, test } from '@playwright/test';
import {
  demoPassword,
  expectNoAxeViolations,
  expectNoSidewaysScroll,
  referByApi,
  signIn,
  signOut,
  waitForEmail,
} from './support';

/** One person's API session, in a request context of its own (cookies are not shared). */
type Session = {
  request: APIRequestContext;
  post: <T>(path: string, data: unknown) => Promise<T>;
  get: <T>(path: string) => Promise<T>;
};

async function signInApi(
  playwright: PlaywrightWorkerArgs['playwright'],
  baseURL: string | undefined,
  email: string,
): Promise<Session> {
  const request = await playwright.request.newContext({ baseURL });
  const response = await request.post('/api/auth/sign-in', {
    data: { email, password: demoPassword },
  });
  expect(response.status()).toBe(200);
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return {
    request,
    post: async <T>(path: string, data: unknown) => {
      const sent = await request.post(path, { data, headers: { 'x-csrf-token': csrfToken } });
      expect(sent.ok(), `${path}: ${await sent.text()}`).toBe(true);
      return (await sent.json()) as T;
    },
    get: async <T>(path: string) => {
      const got = await request.get(path);
      expect(got.ok(), `${path}: ${await got.text()}`).toBe(true);
      return (await got.json()) as T;
    },
  };
}

/**
 * The demo referrer refers someone; the Riverside link worker records the person's yes,
 * proposes a connection to a community group that answers by email, and sends it.
 */
async function connectionSentByEmail(
  playwright: PlaywrightWorkerArgs['playwright'],
  baseURL: string | undefined,
  partnerEmail: string,
): Promise<{ caseId: string; linkWorker: Session }> {
  const referral = await refer(playwright, baseURL);
  const linkWorker = await signInApi(
    playwright,
    baseURL,
    'linkworker.riverside@passerelle.example',
  );
  // Connections start once the person accepts: their yes is recorded first.
  await linkWorker.post(`/api/cases/${referral.id}/status`, { to: 'active', version: 1 });
  const connection = await linkWorker.post<{ id: string; version: number }>(
    `/api/cases/${referral.id}/connections`,
    {
      organisationName: 'Queen Street Choir',
      activity: 'Community choir',
      partnerEmail,
      personWants: 'Sing with other people on Thursdays',
    },
  );
  await linkWorker.post(`/api/connections/${connection.id}/status`, {
    to: 'sent',
    version: connection.version,
  });
  return { caseId: referral.id, linkWorker };
}

/** A referral by the demo referrer of Riverside, with private context a partner never sees. */
async function refer(
  playwright: PlaywrightWorkerArgs['playwright'],
  baseURL: string | undefined,
): Promise<{ id: string; familyName: string }> {
  const request = await playwright.request.newContext({ baseURL });
  const familyName = `Bouchard-${Date.now()}`;
  const id = await referByApi(
    request,
    { givenName: 'Hélène', familyName },
    { context: 'Private clinical context that a partner never sees.' },
  );
  await request.dispose();
  return { id, familyName };
}

test.describe('on a phone', () => {
  test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

  test('on a phone, a partner without an account accepts from an emailed link, then records attendance from the next email', async ({
    page,
    request,
    playwright,
    baseURL,
  }) => {
    const partnerEmail = `choir-${Date.now()}@example.org`;
    const started = new Date();
    const { caseId, linkWorker } = await connectionSentByEmail(playwright, baseURL, partnerEmail);

    const first = await waitForEmail(request, { to: partnerEmail, since: started });
    expect(first.text).toContain('Community choir');
    expect(first.text).not.toContain('Hélène');
    expect(first.links).toHaveLength(2);
    const [acceptLink] = first.links;
    if (!acceptLink) throw new Error('no accept link');

    await page.goto(acceptLink);
    await expect(
      page.getByRole('heading', { level: 1, name: 'A referral to Community choir' }),
    ).toBeVisible();
    const who = page.getByRole('table', { name: 'Who' });
    await expect(who).toContainText('Hélène Bouchard-');
    await expect(who).toContainText('Sing with other people on Thursdays');
    await expect(page.getByText('Private clinical context')).toHaveCount(0);
    await expectNoAxeViolations(page);
    await expectNoSidewaysScroll(page);

    const acceptedAt = new Date();
    await page.getByRole('button', { name: 'Confirm: Accept' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Thank you' })).toContainText(
      'your answer is recorded (accepted by the partner)',
    );
    await expectNoAxeViolations(page);

    // The same link a second time: spent.
    await page.goto(acceptLink);
    await expect(page.getByRole('alert')).toContainText('already been used');
    await expectNoAxeViolations(page);

    const next = await waitForEmail(request, {
      to: partnerEmail,
      subjectIncludes: 'Next step',
      since: acceptedAt,
    });
    const [attendedLink] = next.links;
    if (!attendedLink) throw new Error('no attendance link');
    await page.goto(attendedLink);
    await page.getByRole('button', { name: 'Français' }).click();
    await expect(
      page.getByRole('heading', { level: 1, name: 'Une orientation vers Community choir' }),
    ).toBeVisible();
    await page.getByLabel('Date de la première présence').fill('2026-11-05');
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Confirmer\u202f: Noter la première présence' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Merci' })).toContainText(
      'votre réponse est enregistrée (première présence)',
    );
    await expectNoSidewaysScroll(page);

    const list = await linkWorker.get<{
      items: { status: string; firstAttendedOn: string | null }[];
    }>(`/api/cases/${caseId}/connections`);
    expect(list.items[0]).toMatchObject({ status: 'attended', firstAttendedOn: '2026-11-05' });
  });
});

test('a link worker connects a person to a directory listing from the case screen; the partner answers from their inbox', async ({
  page,
  playwright,
  baseURL,
}) => {
  const referral = await refer(playwright, baseURL);
  const activity = 'Atelier de jardinage au jardin communautaire';
  // Connections start once the person accepts: their yes is recorded first.
  const worker = await signInApi(playwright, baseURL, 'linkworker.riverside@passerelle.example');
  await worker.post(`/api/cases/${referral.id}/status`, { to: 'active', version: 1 });

  await page.goto('/sign-in');
  await signIn(page, 'linkworker.riverside@passerelle.example');
  await expect(
    page.getByRole('heading', { level: 1, name: 'Welcome, Grace Okafor' }),
  ).toBeVisible();
  await page.goto(`/cases/${referral.id}/connections`);
  const section = page.getByRole('region', { name: 'Connections' });
  await expect(section.getByText('No connection yet.')).toBeVisible();
  await section.getByRole('button', { name: 'Propose a connection' }).click();
  const search = section.getByRole('search', { name: 'Search the directory' });
  await search.getByRole('searchbox', { name: 'Search the directory' }).fill('jardinage');
  await search.getByRole('button', { name: 'Search' }).click();
  await section.getByRole('button', { name: `Choose ${activity}` }).click();
  await expect(section.getByText(`Chosen: ${activity}`)).toBeVisible();
  await section
    .getByRole('textbox', { name: /What the person wants from the activity/ })
    .fill('Grow vegetables with others');
  await section.getByRole('button', { name: 'Propose the connection' }).click();

  const card = section.getByRole('article', { name: `${activity} – Jardins partagés de Cornwall` });
  await expect(card.getByText('Status: Proposed')).toBeVisible();
  await expect(card.getByText('What the person wants: Grow vegetables with others')).toBeVisible();
  await expectNoAxeViolations(page);
  await card.getByRole('button', { name: 'Record the next step' }).click();
  await card.getByRole('radio', { name: 'Send to the partner' }).check();
  await card.getByRole('button', { name: 'Save this step' }).click();
  await expect(card.getByText('Status: Sent to the partner')).toBeVisible();
  await expect(card.getByRole('list', { name: `History of ${activity}` })).toContainText(
    'Sent to the partner',
  );
  await expectNoAxeViolations(page);

  // The partner's staff member signs in (her account speaks French) and answers.
  await signOut(page);
  const partnerPage = page;
  await signIn(partnerPage, 'partner@passerelle.example');
  await partnerPage
    .getByRole('navigation', { name: /navigation/i })
    .getByRole('link', { name: 'Mises en lien à traiter' })
    .click();
  await expect(
    partnerPage.getByRole('heading', { level: 1, name: 'Mises en lien reçues' }),
  ).toBeVisible();
  await expectNoAxeViolations(partnerPage);
  await partnerPage
    .getByRole('link', { name: new RegExp(`Ouvrir ${activity} pour .*${referral.familyName}`) })
    .click();
  const who = partnerPage.getByRole('table', { name: 'Qui' });
  await expect(who).toContainText(referral.familyName);
  await expect(who).toContainText('Grow vegetables with others');
  await expect(partnerPage.getByText('Private clinical context')).toHaveCount(0);
  await expectNoAxeViolations(partnerPage);
  await partnerPage.getByRole('radio', { name: 'Accepter' }).check();
  await partnerPage.getByRole('button', { name: 'Enregistrer cette étape' }).click();
  await expect(partnerPage.getByText('Statut\u202f: Acceptée par le partenaire')).toBeVisible();
  await expectNoAxeViolations(partnerPage);

  const linkWorker = await signInApi(
    playwright,
    baseURL,
    'linkworker.riverside@passerelle.example',
  );
  const list = await linkWorker.get<{ items: { status: string }[] }>(
    `/api/cases/${referral.id}/connections`,
  );
  expect(list.items.map((item) => item.status)).toEqual(['accepted']);
});
