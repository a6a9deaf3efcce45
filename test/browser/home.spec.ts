import { type Page, expect, test } from '@playwright/test';
import {
  expectNoAxeViolations,
  expectNoSidewaysScroll,
  referByApi,
  resetLanguage,
  signIn,
} from './support';

const linkWorker = 'linkworker.riverside@passerelle.example';

test.afterEach(async ({ request }) => {
  await resetLanguage(request, linkWorker);
});

/** The bell in the header, whatever it says of the unread. */
function bell(page: Page): ReturnType<Page['getByRole']> {
  return page.getByRole('banner').getByRole('link', { name: /^Notifications/ });
}

test('a link worker’s home counts the day’s work with links, in English and French; the bell leads to notifications', async ({
  page,
  request,
}) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  const familyName = `Lindqvist-${Date.now()}`;
  const caseId = await referByApi(request, { givenName: 'Ingrid', familyName });
  // A second referral, whose notification stays unread after the first is opened.
  await referByApi(request, { givenName: 'Ingrid', familyName: `${familyName}-b` });

  await page.goto('/sign-in');
  await signIn(page, linkWorker);
  const work = page.getByRole('region', { name: 'Your cases' });
  const triage = work.getByRole('link', { name: /^\d+ new cases? waiting in triage$/ });
  await expect(triage).toBeVisible();
  await expect(triage).toHaveAttribute('href', /^\/cases\/(triage|[0-9a-f-]{36})$/);
  for (const count of [
    /^\d+ cases? to contact today or overdue$/,
    /^\d+ cases? with a follow-up due this week$/,
    /^\d+ cases? with questionnaires due this week$/,
    /^\d+ appointments? today$/,
  ]) {
    await expect(work.getByRole('link', { name: count })).toBeVisible();
  }
  await expect(work.getByRole('link', { name: /appointments? today$/ })).toHaveAttribute(
    'href',
    '/agenda',
  );
  // A person's name is never on the home page: counts only.
  await expect(page.getByText(familyName)).toHaveCount(0);
  await expectNoAxeViolations(page);
  await expectNoSidewaysScroll(page);

  await page.getByRole('button', { name: 'Français' }).click();
  const travail = page.getByRole('region', { name: 'Vos dossiers' });
  await expect(
    travail.getByRole('link', { name: /^\d+ nouveaux? dossiers? en attente au tri$/ }),
  ).toBeVisible();
  await expect(page.getByRole('region', { name: 'Vos rôles' })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'English' }).click();

  await triage.click();
  await expect(page).toHaveURL(/\/cases\/(triage|[0-9a-f-]{36})$/);

  // The referral's email to the site's link workers is also a notification, unread.
  await expect(bell(page)).toHaveAccessibleName(/^Notifications \(\d+ unread\)$/);
  await bell(page).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Notifications' })).toBeVisible();
  const item = page
    .getByRole('listitem')
    .filter({ has: page.locator(`a[href="/cases/${caseId}"]`) });
  await expect(item.getByRole('link')).toHaveText(/^New referral \S+ for your site$/);
  await expect(item.getByText('Unread', { exact: true })).toBeVisible();
  await expectNoAxeViolations(page);

  // Opening it marks it read.
  await item.getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`/cases/${caseId}$`));
  await bell(page).click();
  await expect(item.getByText('Read', { exact: true })).toBeVisible();

  await page.getByRole('button', { name: 'Français' }).click();
  await expect(item.getByRole('link')).toHaveText(/^Nouvelle orientation \S+ pour votre site$/);
  await expect(item.getByText('Lue', { exact: true })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Tout marquer comme lu' }).click();
  await expect(page.getByRole('status').filter({ hasText: /marquées comme lues/ })).toBeVisible();
  await expect(bell(page)).toHaveAccessibleName('Notifications');
  await expect(page.getByText('Non lue', { exact: true })).toHaveCount(0);
});

test('on a phone, the home and the notifications fit 360 pixels', async ({ page, request }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await referByApi(request, { givenName: 'Ole', familyName: `Berg-${Date.now()}` });
  await page.goto('/sign-in');
  await signIn(page, linkWorker);
  const work = page.getByRole('region', { name: 'Your cases' });
  await expect(work.getByRole('link', { name: /new cases? waiting in triage$/ })).toBeVisible();
  await expect(bell(page)).toBeVisible();
  await expectNoAxeViolations(page);
  await expectNoSidewaysScroll(page);

  await bell(page).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Notifications' })).toBeVisible();
  await expect(page.getByRole('listitem').first()).toBeVisible();
  await expectNoAxeViolations(page);
  await expectNoSidewaysScroll(page);
  await page.getByRole('button', { name: 'Mark all as read' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'marked as read' })).toBeVisible();
  await expect(bell(page)).toHaveAccessibleName('Notifications');
  await expectNoSidewaysScroll(page);
});
