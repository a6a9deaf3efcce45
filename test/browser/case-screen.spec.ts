import { expect, test } from '@playwright/test';
import { demo, expectNoAxeViolations, referByApi, resetLanguage, signIn } from './support';

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
  await expect(header.getByRole('link', { name: '613-555-0199' })).toHaveAttribute(
    'href',
    'tel:613-555-0199',
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
