import { expect, test } from '@playwright/test';
import { expectNoAxeViolations, expectNoSidewaysScroll, invitePersonByApi } from './support';

const phone = { width: 360, height: 740 };

type WebAppManifest = {
  name: string;
  short_name: string;
  start_url: string;
  scope: string;
  display: string;
  theme_color: string;
  icons: { src: string; sizes: string; type: string; purpose: string }[];
};

test('the person installs their space, reads their plan and activities offline, and signing out leaves nothing of them', async ({
  browser,
  request,
}) => {
  const stamp = Date.now();
  const email = `ines.${stamp}@example.org`;
  const { link } = await invitePersonByApi(
    request,
    { givenName: 'Inès', familyName: `Tremblay-${stamp}`, dateOfBirth: '1955-09-21', email },
    { goal: 'Sortir de chez moi chaque semaine', step: 'Aller à l’atelier de jardinage' },
  );

  // Inès, on her phone, in French.
  const context = await browser.newContext({ viewport: phone, locale: 'fr-CA' });
  const person = await context.newPage();
  await person.goto(`${link.pathname}${link.hash}`);
  await expect(person.getByRole('heading', { level: 1, name: 'Bonjour Inès' })).toBeVisible();
  const planSection = person.getByRole('region', { name: 'Votre plan' });
  const activities = person.getByRole('region', { name: 'Vos activités' });
  await expect(planSection).toContainText('Sortir de chez moi chaque semaine');
  await expect(activities).toContainText('Atelier de jardinage au jardin communautaire');

  // The page names its manifest: an installable app of its own, the space at /me.
  const manifestHref = await person.locator('link[rel="manifest"]').getAttribute('href');
  expect(manifestHref).toBe('/me.webmanifest');
  const manifestAnswer = await request.get('/me.webmanifest');
  expect(manifestAnswer.status()).toBe(200);
  expect(manifestAnswer.headers()['content-type']).toMatch(/^application\/manifest\+json/);
  const manifest = (await manifestAnswer.json()) as WebAppManifest;
  expect(manifest).toMatchObject({
    short_name: 'Passerelle',
    start_url: '/me',
    scope: '/me',
    display: 'standalone',
    theme_color: '#0b5cad',
  });
  expect(manifest.name).toContain('Mon espace');
  for (const wanted of ['192x192 any', '512x512 any', '192x192 maskable', '512x512 maskable']) {
    expect(manifest.icons.map((icon) => `${icon.sizes} ${icon.purpose}`)).toContain(wanted);
  }
  for (const icon of manifest.icons) {
    const image = await request.get(icon.src);
    expect(image.headers()['content-type']).toBe('image/png');
    const size = Number(icon.sizes.split('x')[0]);
    const bytes = await image.body();
    // A PNG of the size it says: the signature, then IHDR's width and height.
    expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([size, size]);
  }
  // The staff app names none.
  const staffPage = await (await request.get('/sign-in')).text();
  expect(staffPage).not.toContain('manifest');

  // The worker: served fresh each time, and in charge of the page once active.
  const worker = await request.get('/me-sw.js');
  expect(worker.headers()['content-type']).toMatch(/^(application|text)\/javascript/);
  expect(worker.headers()['cache-control']).toBe('no-cache');
  const scope = await person.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    return new URL(registration.scope).pathname;
  });
  expect(scope).toBe('/me');
  await expect
    .poll(() => person.evaluate(() => navigator.serviceWorker.controller?.state ?? null))
    .toBe('activated');
  const devtools = await context.newCDPSession(person);
  const { installabilityErrors } = (await devtools.send('Page.getInstallabilityErrors')) as {
    installabilityErrors: { errorId: string }[];
  };
  // A test's browser context is incognito-like, which Chromium never installs from; nothing
  // else stands in the way (a missing icon, name, start address or worker would be listed).
  expect(installabilityErrors.map((error) => error.errorId)).toEqual(['in-incognito']);

  // Read once while in charge, the plan and activities are kept; then the phone loses its
  // network and she opens her space again.
  await person.reload();
  await expect(planSection).toContainText('Sortir de chez moi chaque semaine');
  await expect(activities).toContainText('Atelier de jardinage au jardin communautaire');
  await context.setOffline(true);
  await person.reload();
  await expect(person.getByRole('heading', { level: 1, name: 'Bonjour Inès' })).toBeVisible();
  await expect(
    person
      .getByRole('status')
      .filter({ hasText: /^Vous êtes hors ligne\u202f: voici votre plan tel qu’il était le / }),
  ).toBeVisible();
  await expect(planSection).toContainText('Sortir de chez moi chaque semaine');
  await expect(planSection).toContainText('Aller à l’atelier de jardinage');
  await expect(activities).toContainText('Atelier de jardinage au jardin communautaire');
  await expect(activities).toContainText('Gratuit');
  await expectNoSidewaysScroll(person);
  await expectNoAxeViolations(person);

  // Back online, she signs out: the phone keeps nothing of her.
  await context.setOffline(false);
  await person.reload();
  await expect(person.getByRole('heading', { level: 1, name: 'Bonjour Inès' })).toBeVisible();
  await expect(person.getByText(/^Vous êtes hors ligne/)).toHaveCount(0);
  await person.getByRole('button', { name: 'Me déconnecter' }).click();
  await expect(
    person.getByRole('heading', { level: 1, name: 'Vous n’êtes pas connecté' }),
  ).toBeVisible();
  const kept = await person.evaluate(async () => {
    const found: string[] = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const entry of await cache.keys()) {
        const response = await cache.match(entry);
        found.push(`${new URL(entry.url).pathname} ${(await response?.text()) ?? ''}`);
      }
    }
    return found;
  });
  expect(kept.filter((entry) => entry.startsWith('/api/'))).toEqual([]);
  expect(kept.filter((entry) => /Inès|Tremblay/.test(entry))).toEqual([]);
  // Offline again, signed out: the page opens, and shows nobody's plan.
  await context.setOffline(true);
  await person.reload();
  await expect(person.getByRole('heading', { level: 1 })).not.toContainText('Inès');
  await expect(planSection).toHaveCount(0);
  await expectNoAxeViolations(person);
  await context.close();
});
