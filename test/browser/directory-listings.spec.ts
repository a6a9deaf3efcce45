import { type Browser, expect, type Page, test } from '@playwright/test';
import type { ChangeRequest, MyListings } from '../../src/shared/contracts/listings';
import {
  adminApi,
  expectNoAxeViolations,
  expectNoSidewaysScroll,
  resetLanguage,
  signIn,
} from './support';

const partner = 'partner@passerelle.example';
const manager = 'manager@passerelle.example';
// The demo partner Jardins partagés publishes this workshop with 6 of 20 places.
const workshop = 'Atelier de jardinage au jardin communautaire';
const workshopId = 'c3ee0354-11b9-5527-ad5c-f769703b6686';

/** Each person in their own browser, so one's language and session never reach the other. */
async function signedInPage(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto('/sign-in');
  await signIn(page, email);
  // Signed in once the app leaves the sign-in page; navigating sooner would cancel it.
  await expect(page).not.toHaveURL(/sign-in/);
  return page;
}

test.afterAll(async ({ request }) => {
  // Other journeys expect the demo workshop open to referrals: put its capacity back.
  const api = await adminApi(request);
  const listing = (await api.get<MyListings>('/api/directory/my-listings')).items.find(
    (l) => l.id === workshopId,
  );
  const capacity = listing?.capacities[0];
  if (!listing || !capacity || listing.referralStatus === 'open') return;
  const change = await api.send<ChangeRequest>('POST', '/api/directory/change-requests', {
    entityType: 'service_capacity',
    serviceId: workshopId,
    capacityId: capacity.id,
    available: 6,
    maximum: 20,
    referralStatus: 'open',
  });
  await api.send('POST', `/api/directory/change-requests/${change.id}/approve`, {
    version: change.version,
  });
});

test('a partner puts a service on a waiting list, a manager approves, the directory shows it', async ({
  browser,
}) => {
  // The demo partner works in French.
  const partnerPage = await signedInPage(browser, partner);
  await partnerPage
    .getByRole('navigation', { name: 'Navigation principale' })
    .getByRole('link', { name: 'Mes fiches' })
    .click();
  await expect(partnerPage.getByRole('heading', { level: 1, name: 'Mes fiches' })).toBeVisible();
  const listing = partnerPage.getByRole('article', { name: workshop });
  await expect(listing.getByText('Accepte les orientations')).toBeVisible();
  // Its days in words, never as the HSDS codes it stores them in (TU,SA).
  await expect(listing.getByText(/^Les mardis et les samedis · 09:30–11:30/)).toBeVisible();
  await expect(listing).not.toContainText('TU,SA');
  await expectNoAxeViolations(partnerPage);

  await listing.getByRole('button', { name: 'Modifier\u202f: Places et orientations' }).click();
  await listing.getByRole('textbox', { name: 'Places libres' }).fill('0');
  await listing.getByRole('combobox', { name: 'Orientations' }).selectOption('waitlist');
  await expectNoAxeViolations(partnerPage);
  await listing.getByRole('button', { name: 'Envoyer pour examen' }).click();
  await expect(listing.getByRole('status')).toHaveText(
    'Votre modification a été envoyée pour examen.',
  );
  await expect(listing.getByText(/Places et orientations — Proposée par/)).toBeVisible();
  // Still open to the public until someone approves.
  await expect(listing.getByText('Accepte les orientations')).toBeVisible();
  await listing
    .getByRole('button', { name: `Confirmer que ${workshop} est toujours exacte` })
    .click();
  await expect(listing.getByRole('status')).toHaveText(
    `Merci\u202f: ${workshop} est confirmée comme exacte.`,
  );

  // The demo site manager works in French too.
  const managerPage = await signedInPage(browser, manager);
  await managerPage
    .getByRole('navigation', { name: 'Navigation principale' })
    .getByRole('link', { name: 'Modifications de fiches' })
    .click();
  await expect(
    managerPage.getByRole('heading', { level: 1, name: 'Modifications de fiches' }),
  ).toBeVisible();
  const change = managerPage.getByRole('article', {
    name: `Places et orientations de ${workshop} (Jardins partagés de Cornwall)`,
  });
  await expect(change.getByRole('row', { name: /Places libres 6 0/ })).toBeVisible();
  await expect(
    change.getByRole('row', { name: /Orientations Accepte les orientations Liste d’attente/ }),
  ).toBeVisible();
  await expectNoAxeViolations(managerPage);
  await change.getByRole('button', { name: `Approuver la modification de ${workshop}` }).click();
  await expect(managerPage.getByRole('status').first()).toHaveText(
    'Modification approuvée et publiée.',
  );

  await managerPage.goto('/directory?q=jardinage');
  const hit = managerPage.getByRole('article', { name: workshop });
  await expect(hit.getByText('Liste d’attente')).toBeVisible();
  await expectNoAxeViolations(managerPage);

  await partnerPage.reload();
  await expect(
    partnerPage.getByRole('article', { name: workshop }).getByText('Liste d’attente'),
  ).toBeVisible();

  // On a phone the listings fit the screen's width.
  await partnerPage.setViewportSize({ width: 360, height: 800 });
  await expect(partnerPage.getByRole('article', { name: workshop })).toBeVisible();
  await expectNoSidewaysScroll(partnerPage);
  await expectNoAxeViolations(partnerPage);
});

test('a manager is told that an address a partner would change is shared, and with whom', async ({
  browser,
  request,
}) => {
  // West End's park stewardship meets at a park two other organisations' services use too.
  const stewardship = 'Park Stewardship Volunteers';
  const api = await adminApi(request);
  const listing = (await api.get<MyListings>('/api/directory/my-listings')).items.find(
    (l) => l.text.en.name === stewardship,
  );
  const place = listing?.locations.find((l) => l.address);
  if (!listing || !place?.address) throw new Error('the demo stewardship has no address');
  const change = await api.send<ChangeRequest>('POST', '/api/directory/change-requests', {
    entityType: 'location',
    serviceId: listing.id,
    locationId: place.id,
    address: {
      address1: `${place.address.address1} (north gate)`,
      city: place.address.city,
      stateProvince: place.address.stateProvince,
      postalCode: place.address.postalCode,
      country: place.address.country,
    },
  });

  // The demo site manager works in French.
  const managerPage = await signedInPage(browser, manager);
  await managerPage.goto('/admin/directory/changes');
  const card = managerPage.getByRole('article', {
    name: `Adresse de ${change.serviceName} (West End Green Neighbours)`,
  });
  await expect(card.getByText('Cette adresse est partagée')).toBeVisible();
  await expect(
    card.getByText(
      'Partagée avec\u202f: Lisgar Arts Collective, West End Community Health Centre. Approuver la modification déplace aussi leurs services.',
    ),
  ).toBeVisible();
  await expectNoAxeViolations(managerPage);

  // Left as the demo has it: the change is refused.
  await card
    .getByRole('button', { name: `Refuser la modification de ${change.serviceName}` })
    .click();
  await card
    .getByRole('textbox', { name: 'Motif du refus (le partenaire le verra)' })
    .fill('Adresse partagée : à voir avec les autres organismes.');
  await card.getByRole('button', { name: 'Refuser la modification' }).click();
  await expect(managerPage.getByRole('status').first()).toHaveText('Modification refusée.');
});

/** Picks a file the way a person does: through the file chooser the field opens. */
async function chooseFile(
  page: Page,
  file: { name: string; mimeType: string; buffer: Buffer },
): Promise<void> {
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.getByRole('button', { name: 'Files to import' }).click(),
  ]);
  await chooser.setFiles(file);
}

test('an administrator imports a dataset and watches it to its report', async ({ browser }) => {
  const page = await signedInPage(browser, 'admin@passerelle.example');
  await page
    .getByRole('navigation', { name: 'Main navigation' })
    .getByRole('link', { name: 'Directory import' })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Directory import' })).toBeVisible();
  await expectNoAxeViolations(page);
  const service = {
    id: '3f1c5a2e-8d4b-4c7a-9e1f-2b6d8a0c4e51',
    name: 'Imported from the browser',
    status: 'active',
  };
  await chooseFile(page, {
    name: 'services.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify([service])),
  });
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Imported' })).toHaveText(
    'Imported: 1 records read.',
  );
  await expect(page.getByText('service: 1 created, 0 updated, 0 unchanged')).toBeVisible();
  await expectNoAxeViolations(page);

  await chooseFile(page, {
    name: 'services.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify([{ id: 'not-a-uuid', name: 'Bad' }])),
  });
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByText(/Nothing was imported: \d+ problems were found\./)).toBeVisible();
  await expect(page.getByRole('region', { name: 'Problem' })).toBeVisible();
  await expectNoAxeViolations(page);
});

test("an administrator decides what an imported feed's own taxonomy terms mean, in English and French, on a phone", async ({
  browser,
  request,
}) => {
  const page = await signedInPage(browser, 'admin@passerelle.example');
  await page.goto('/admin/directory/import');
  const run = Math.random().toString(36).slice(2, 8);
  const term = (name: string) => ({
    id: crypto.randomUUID(),
    name,
    description: name,
    taxonomy: `Feed ${run}`,
  });
  const gardens = term(`Community Gardens ${run}`);
  const misc = term(`Miscellaneous Programs ${run}`);
  const services = [gardens, misc].map((t) => ({
    id: crypto.randomUUID(),
    name: `Service under ${t.name}`,
    status: 'active',
    attributes: [{ id: crypto.randomUUID(), taxonomy_term_id: t.id, taxonomy_term: t }],
  }));
  await chooseFile(page, {
    name: 'services.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(services)),
  });
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(
    page.getByText(
      '1 terms of the feed’s own taxonomy were matched to our categories and 1 need a decision.',
    ),
  ).toBeVisible();
  await page.getByRole('link', { name: 'Review the categories of imported feeds' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Categories of imported feeds' }),
  ).toBeVisible();

  const gardensRow = page.getByRole('row').filter({ hasText: gardens.name });
  await expect(gardensRow.getByText('Suggested')).toBeVisible();
  await expect(gardensRow.getByText(/^Matched on: community garden/)).toBeVisible();
  await expect(
    gardensRow.getByRole('combobox', { name: `Our category for ${gardens.name}` }),
  ).toHaveValue('nature');
  const miscRow = page.getByRole('row').filter({ hasText: misc.name });
  await expect(miscRow.getByText('Needs a decision')).toBeVisible();
  await expectNoAxeViolations(page);

  await miscRow
    .getByRole('combobox', { name: `Our category for ${misc.name}` })
    .selectOption({ label: 'Civic engagement and volunteering' });
  await miscRow.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').first()).toHaveText(`Category of “${misc.name}” saved.`);
  await expect(miscRow.getByText('Confirmed')).toBeVisible();

  // The link worker's category filter now finds the service.
  await page.goto('/directory?category=civic');
  await page.getByRole('searchbox', { name: 'What is the person looking for?' }).fill(run);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page.getByText(`Service under ${misc.name}`).first()).toBeVisible();

  await page.goto('/admin/directory/categories');
  try {
    await page.getByRole('button', { name: 'Français' }).click();
    await expect(
      page.getByRole('heading', { level: 1, name: 'Catégories des flux importés' }),
    ).toBeVisible();
    await expect(
      page.getByRole('row').filter({ hasText: misc.name }).getByText('Confirmée'),
    ).toBeVisible();
    await expectNoAxeViolations(page);
    await page.setViewportSize({ width: 360, height: 740 });
    await expectNoSidewaysScroll(page);
    await expectNoAxeViolations(page);
  } finally {
    await resetLanguage(request, 'admin@passerelle.example');
  }
});
