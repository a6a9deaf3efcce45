import { expect, test } from '@playwright/test';
import en from '../../src/shared/locales/en/web.json' with { type: 'json' };
import { apiAs, demo, expectNoAxeViolations, resetLanguage, signIn, signOut } from './support';

/** Grace, the Riverside demo link worker, is seeded in English, and the journeys after expect it. */
const linkWorker = 'linkworker.riverside@passerelle.example';

// The journeys switch the demo administrator and link worker; whatever happens, they go back.
// (each through a session of its own: the API refuses a sign-in over another's session)
test.afterEach(async ({ playwright, baseURL }) => {
  for (const [email, locale] of [
    [demo.admin.email, 'en'],
    [linkWorker, 'en'],
  ] as const) {
    const context = await playwright.request.newContext({ baseURL });
    await resetLanguage(context, email, locale);
    await context.dispose();
  }
});

/** A key of the web app's strings where its words should be (`cases.caseload.title`). */
const rawKey = new RegExp(`\\b(${Object.keys(en).join('|')})\\.[A-Za-z_.]+`, 'g');

type Screen = { path: string; en: string; fr: string; tab?: boolean };

test('an administrator signs in in English, switches to French, and the choice follows them', async ({
  page,
  browser,
}) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expectNoAxeViolations(page);

  await signIn(page, demo.admin.email);
  await expect(page.getByRole('heading', { level: 1, name: 'Welcome, Alex Martin' })).toBeVisible();
  await expect(page.getByText('Administrator', { exact: true })).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByRole('button', { name: 'Français' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Bienvenue, Alex Martin' }),
  ).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  const navigation = page.getByRole('navigation', { name: 'Navigation principale' });
  await expect(navigation.getByRole('link', { name: 'Comptes' })).toBeVisible();
  await expect(navigation.getByRole('link', { name: 'Journal d’audit' })).toBeVisible();
  await expect(page.getByText('Administrateur', { exact: true })).toBeVisible();
  await expectNoAxeViolations(page);

  await signOut(page, { menu: /menu du compte/, signOut: 'Se déconnecter' });
  await expect(page.getByRole('heading', { level: 1, name: 'Connexion' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expectNoAxeViolations(page);

  // A fresh browser in English: the account's saved choice wins over the browser's language.
  const elsewhere = await browser.newContext({ locale: 'en-CA' });
  const other = await elsewhere.newPage();
  await other.goto('/sign-in');
  await expect(other.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await signIn(other, demo.admin.email);
  await expect(
    other.getByRole('heading', { level: 1, name: 'Bienvenue, Alex Martin' }),
  ).toBeVisible();
  await expect(other.locator('html')).toHaveAttribute('lang', 'fr');

  // Put the demo administrator back in English for the other journeys.
  await other.getByRole('button', { name: 'English' }).click();
  await expect(
    other.getByRole('heading', { level: 1, name: 'Welcome, Alex Martin' }),
  ).toBeVisible();
  await expect(other.locator('html')).toHaveAttribute('lang', 'en');
  await signOut(other);
  await expect(other.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await elsewhere.close();
});

// Each screen fetches only its own strings: opened directly, switched, and reached after a
// switch, every one still speaks the language chosen, never a key.
test('a link worker switches language on each of their screens, and no screen shows a key', async ({
  page,
  request,
}) => {
  const api = await apiAs(request, linkWorker);
  await api.send('PATCH', '/api/me', { locale: 'en' });
  const caseload = await api.get<{ items: { id: string; personName: string }[] }>(
    '/api/cases/caseload',
  );
  const [first] = caseload.items;
  if (!first) throw new Error('The demo link worker has no case');
  const caseloadScreen: Screen = { path: '/cases', en: 'Caseload', fr: 'Dossiers' };
  const directory: Screen = { path: '/directory', en: 'Directory', fr: 'Répertoire' };
  const screens: Screen[] = [
    caseloadScreen,
    { path: `/cases/${first.id}`, en: first.personName, fr: first.personName, tab: true },
    directory,
    {
      path: '/cases/agency-referral',
      en: 'Record a referral from another agency',
      fr: 'Inscrire une demande d’un autre organisme',
    },
  ];
  const expectScreen = async (screen: Screen, locale: 'en' | 'fr'): Promise<void> => {
    await expect(page.getByRole('heading', { level: 1, name: screen[locale] })).toBeVisible();
    if (screen.tab) {
      const overview = locale === 'en' ? 'Overview' : 'Vue d’ensemble';
      await expect(page.getByRole('tab', { name: overview })).toBeVisible();
    }
    await expect(page.locator('html')).toHaveAttribute('lang', locale);
    const text = await page.locator('body').innerText();
    expect(text.match(rawKey) ?? []).toEqual([]);
  };

  await page.goto('/sign-in');
  await signIn(page, linkWorker);
  // Signed in (any heading would also match the sign-in page while it submits).
  await expect(page.getByRole('button', { name: /account menu/ })).toBeVisible();
  for (const screen of screens) {
    await page.goto(screen.path);
    await expectScreen(screen, 'en');
    await page.getByRole('button', { name: 'Français' }).click();
    await expectScreen(screen, 'fr');
    await page.getByRole('button', { name: 'English' }).click();
    await expectScreen(screen, 'en');
  }

  // Switched on one screen, then reached by a link: the next screen's strings come in French,
  // and back in English when switched again there.
  await page.goto('/cases');
  await page.getByRole('button', { name: 'Français' }).click();
  await expectScreen(caseloadScreen, 'fr');
  await page
    .getByRole('navigation', { name: 'Navigation principale' })
    .getByRole('link', { name: 'Répertoire' })
    .click();
  await expectScreen(directory, 'fr');
  await page.getByRole('button', { name: 'English' }).click();
  await expectScreen(directory, 'en');
  await expectNoAxeViolations(page);
});
