import { expect, test } from '@playwright/test';
import { demo, expectNoAxeViolations, referByApi, resetLanguage, signIn } from './support';

const linkWorker = 'linkworker.riverside@passerelle.example';

// The journey switches the link worker to French; whatever happens, it goes back.
test.afterEach(({ request }) => resetLanguage(request, linkWorker));

test('the case screen names the referring clinician and what closing as unreachable needs', async ({
  page,
  request,
}) => {
  const familyName = `Bergeron-${Date.now()}`;
  const caseId = await referByApi(request, {
    givenName: 'Lucienne',
    familyName,
    dateOfBirth: '1951-03-08',
  });

  await page.goto('/sign-in');
  await signIn(page, linkWorker);
  await expect(page.getByRole('button', { name: /account menu/ })).toBeVisible();
  await page.goto(`/cases/${caseId}`);
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(familyName) })).toBeVisible();

  // The referrer is the clinician who made the referral, as the history already says.
  const referral = page.getByRole('region', { name: 'Referral and consent' });
  const referrer = referral
    .locator('dt', { hasText: /^Referrer$/ })
    .locator('xpath=following-sibling::dd[1]');
  await expect(referrer).toHaveText(`${demo.referrer.name}, Riverside Community Health Centre`);
  // Who gave consent, after other words, starts in lower case.
  await expect(referral.getByText(/^Given by the person on /)).toBeVisible();

  await page.getByRole('button', { name: 'Take this case' }).click();
  await expect(page.getByText('Status: Assigned')).toBeVisible();
  await expect(
    page.getByText('Closing as unreachable is possible after 3 failed contact attempts in a row.'),
  ).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByRole('button', { name: 'Français' }).click();
  await expect(
    page.getByText(
      'La fermeture comme injoignable est possible après 3 tentatives de contact sans réponse d’affilée.',
    ),
  ).toBeVisible();
  // French typography: a narrow no-break space before each label's colon. Playwright's text
  // matching folds every space into one, so the badge's own characters are compared.
  const status = page.locator('.mantine-Badge-root', { hasText: /^Statut/ });
  await expect.poll(() => status.textContent()).toBe('Statut\u202f: Attribué');
  await expect(page.getByText(/^Donné par la personne le /)).toBeVisible();
  await expectNoAxeViolations(page);
});
