import { expect, type Locator, type Page, test } from '@playwright/test';
import {
  acceptByApi,
  apiAs,
  expectNoAxeViolations,
  expectNoSidewaysScroll,
  referByApi,
  resetLanguage,
  signIn,
} from './support';

const linkWorker = { email: 'linkworker.riverside@passerelle.example', name: 'Grace Okafor' };
const organisation = 'Riverside Community Garden';

// The journey switches the link worker to French; whatever happens, it goes back.
test.afterEach(({ request }) => resetLanguage(request, linkWorker.email));

/** The badge shows its whole text, on one line or wrapped, never cut. */
async function expectReadable(badge: Locator): Promise<void> {
  await expect(badge).toBeVisible();
  const cut = await badge.evaluate((element) => {
    const label = element.querySelector('.mantine-Badge-label') ?? element;
    return label.scrollWidth > label.clientWidth + 1;
  });
  expect(cut, 'the status badge cuts its text').toBe(false);
}

function connectionCard(page: Page): Locator {
  return page.getByRole('article', { name: new RegExp(organisation) });
}

test('a link worker records a partner’s acceptance by phone with a start date, then that the person did not attend', async ({
  page,
  request,
}) => {
  const familyName = `Nakamura-${Date.now()}`;
  const caseId = await referByApi(request, { givenName: 'Aiko', familyName });
  const api = await apiAs(request, linkWorker.email);
  // The link worker takes the case, records that the person accepts support, and sends a
  // connection to a partner who answers by phone.
  await acceptByApi(api, caseId);
  const proposed = await api.send<{ id: string; version: number }>(
    'POST',
    `/api/cases/${caseId}/connections`,
    {
      organisationName: organisation,
      activity: 'Gardening mornings',
      personWants: 'Be outdoors with others',
    },
  );
  await api.send('POST', `/api/connections/${proposed.id}/status`, {
    to: 'sent',
    version: proposed.version,
  });
  await api.send('POST', '/api/auth/sign-out', {});

  // In English, 1280 px wide: the partner phoned to accept, with a start date and a message.
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/sign-in');
  await signIn(page, linkWorker.email);
  await expect(page.getByRole('button', { name: /account menu/ })).toBeVisible();
  await page.goto(`/cases/${caseId}`);
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(familyName) })).toBeVisible();
  // The case screen shows its sections one at a time, as tabs.
  const tab = page.getByRole('tab', { name: 'Connections' });
  if (await tab.isVisible()) await tab.click();
  const card = connectionCard(page);
  await expect(card.getByText('Status: Sent to the partner')).toBeVisible();
  await card
    .getByRole('button', { name: `Record an answer from ${organisation} given by phone` })
    .click();
  const answer = card.getByRole('radiogroup', {
    name: `What ${organisation} told you about Gardening mornings`,
  });
  await answer.getByRole('radio', { name: 'Accepted by the partner' }).check();
  await card.getByLabel('Start date (optional)').fill('2026-12-12');
  await card
    .getByLabel('Message to the person (optional): where to go, what to bring')
    .fill('Meet at the greenhouse at 10; bring gloves.');
  await expectNoAxeViolations(page);
  await card.getByRole('button', { name: 'Record on the partner’s behalf' }).click();

  await expect(
    card.getByText(`Recorded on behalf of ${organisation}: accepted by the partner.`),
  ).toBeVisible();
  await expectReadable(card.locator('.mantine-Badge-root', { hasText: 'Status: Accepted' }));
  await expect(card.getByText('Starts on Dec 12, 2026')).toBeVisible();
  await expect(
    card.getByText(
      'Message from the partner to the person: Meet at the greenhouse at 10; bring gloves.',
    ),
  ).toBeVisible();
  await expect(
    card.getByText(`Recorded by ${linkWorker.name} on behalf of ${organisation}, by phone`),
  ).toBeVisible();
  await expectNoAxeViolations(page);

  // In French, the same acceptance in the interface's words.
  await page.getByRole('button', { name: 'Français' }).click();
  await expect(card.getByText(/^Début le 12 déc\.? 2026$/)).toBeVisible();
  await expect(
    card.getByText(`Noté par ${linkWorker.name} au nom de ${organisation}, par téléphone`),
  ).toBeVisible();
  await expectNoAxeViolations(page);

  // In French, 360 px wide: the person did not come on the day.
  await page.setViewportSize({ width: 360, height: 800 });
  await expectNoSidewaysScroll(page);
  await card
    .getByRole('button', { name: `Noter une réponse de ${organisation} donnée par téléphone` })
    .click();
  await card.getByRole('radio', { name: 'Ne s’est pas présentée' }).check();
  await expectNoSidewaysScroll(page);
  await card.getByRole('button', { name: 'Noter au nom du partenaire' }).click();
  const missed = card.locator('.mantine-Badge-root', { hasText: /^Statut/ });
  // French typography: a narrow no-break space before the colon.
  await expect.poll(() => missed.textContent()).toBe('Statut\u202f: Ne s’est pas présentée');
  await expectReadable(missed);
  // The start date stays: it says when the person was expected.
  await expect(card.getByText(/^Début le 12 déc\.? 2026$/)).toBeVisible();
  await expectNoSidewaysScroll(page);
  await expectNoAxeViolations(page);

  // Back in English, still 360 px wide.
  await page.getByRole('button', { name: 'English' }).click();
  await expectReadable(card.locator('.mantine-Badge-root', { hasText: 'Status: Did not attend' }));
  await expect(
    card.getByRole('button', { name: `Record an answer from ${organisation} given by phone` }),
  ).toBeVisible();
  await expectNoSidewaysScroll(page);
  await expectNoAxeViolations(page);
});
