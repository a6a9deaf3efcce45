import { type Browser, expect, type Page, test } from '@playwright/test';
import { generate } from 'otplib';
import {
  adminApi,
  type Api,
  demoPassword,
  expectNoAxeViolations,
  signIn,
  signOut,
} from './support';

type Created = { id: string };
type Site = { id: string; version: number };

test('a site that requires two-factor sign-in walks its people through setting it up', async ({
  page,
  request,
  browser,
}) => {
  const suffix = Date.now().toString(36);
  const person = {
    email: `secure.${suffix}@passerelle.example`,
    name: `Noor Haddad ${suffix}`,
    password: 'a-long-enough-password',
  };
  const api = await adminApi(request);
  const { items: organisations } = await api.get<{ items: Created[] }>('/api/organisations');
  const organisation = organisations[0];
  if (!organisation) throw new Error('The demo data has no organisation');
  const site = await api.send<Site>('POST', '/api/sites', {
    organisationId: organisation.id,
    name: `Clinique sécurisée ${suffix}`,
    defaultLocale: 'en',
    twoFactorRequired: false,
  });
  await api.send('POST', '/api/accounts', {
    email: person.email,
    displayName: person.name,
    locale: 'en',
    password: person.password,
    grants: [{ role: 'link_worker', siteId: site.id }],
  });
  // Last, because from then on administrators too must set up two-factor sign-in.
  const secured = await api.send<Site>('PATCH', `/api/sites/${site.id}`, {
    twoFactorRequired: true,
    version: site.version,
  });
  try {
    await walkThroughTwoFactor(page, browser, person);
  } finally {
    await releaseAdministrator(api, secured);
  }
});

/**
 * Gives the demo administrator back a password-only sign-in for the other journeys: set up
 * two-factor (required now), lift the site's requirement, then turn two-factor off again.
 */
async function releaseAdministrator(api: Api, site: Site): Promise<void> {
  const { secret } = await api.send<{ secret: string }>('POST', '/api/me/two-factor/setup', {});
  await api.send('POST', '/api/me/two-factor/enable', { code: await generate({ secret }) });
  await api.send('PATCH', `/api/sites/${site.id}`, {
    twoFactorRequired: false,
    version: site.version,
  });
  await api.send('POST', '/api/me/two-factor/disable', {
    password: demoPassword,
    code: await nextStepCode(secret),
  });
}

/** The code of the next 30-second step: a step already used cannot be replayed. */
function nextStepCode(secret: string): Promise<string> {
  return generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });
}

async function walkThroughTwoFactor(
  page: Page,
  browser: Browser,
  person: { email: string; name: string; password: string },
): Promise<void> {
  // The same person signed in with the password alone on another device, left waiting.
  const elsewhere = await (await browser.newContext()).newPage();
  await elsewhere.goto('/sign-in');
  await signIn(elsewhere, person.email, person.password);
  await expect(elsewhere).toHaveURL(/\/account\/two-factor$/);

  await page.goto('/sign-in');
  await signIn(page, person.email, person.password);
  await expect(
    page.getByRole('heading', { level: 1, name: 'Set up two-factor sign-in' }),
  ).toBeVisible();
  await expect(page).toHaveURL(/\/account\/two-factor$/);
  await expect(page.getByText('Your site requires two-factor sign-in')).toBeVisible();
  await expectNoAxeViolations(page);

  // Until it is set up, every other screen leads back here.
  await page.goto('/admin/accounts');
  await expect(page).toHaveURL(/\/account\/two-factor$/);

  await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
  await expect(
    page.getByRole('img', { name: 'QR code to scan with your authenticator app' }),
  ).toBeVisible();
  await expectNoAxeViolations(page);
  const secret = (await page.locator('code').innerText()).trim();
  await page.getByRole('textbox', { name: '6-digit code' }).fill(await generate({ secret }));
  await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: `Welcome, ${person.name}` }),
  ).toBeVisible();

  // Turning two-factor on ended the other device's session: it is asked to sign in again.
  await elsewhere.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
  await expect(elsewhere.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await expect(elsewhere.getByRole('status')).toHaveText(/Your session has ended/);
  await expectNoAxeViolations(elsewhere);
  await elsewhere.context().close();

  await signOut(page);
  await signIn(page, person.email, person.password);
  await expect(page.getByRole('alert')).toHaveText(
    'Enter the 6-digit code from your authenticator app.',
  );
  const code = page.getByRole('textbox', { name: 'Authentication code' });
  await expect(code).toBeFocused();
  await expectNoAxeViolations(page);
  await code.fill('000000');
  await page.getByRole('button', { name: 'Verify and sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('This code is incorrect or has expired.');
  await expect(code).toHaveAccessibleDescription(/This code is incorrect or has expired\./);

  await code.fill(await nextStepCode(secret));
  await page.getByRole('button', { name: 'Verify and sign in' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: `Welcome, ${person.name}` }),
  ).toBeVisible();

  await page
    .getByRole('navigation', { name: 'Main navigation' })
    .getByRole('link', { name: 'My account' })
    .click();
  const twoFactor = page.getByRole('region', { name: 'Two-factor sign-in' });
  await expect(twoFactor.getByText('On', { exact: true })).toBeVisible();
  await expectNoAxeViolations(page);
}
