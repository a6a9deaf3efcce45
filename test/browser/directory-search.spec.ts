import { expect, type Page, test } from '@playwright/test';
import { expectNoAxeViolations, expectNoSidewaysScroll, resetLanguage, signIn } from './support';

const linkWorker = 'linkworker.riverside@passerelle.example';
// From the demo directory (src/server/features/directory/data/judged-queries.json, q18 and q37).
const frenchGardeningWorkshop = 'Atelier de jardinage au jardin communautaire';
const englishHousingDesk = 'Parkdale Housing Help Desk';

/** Fails the journey if the map asks any server for tiles: none is configured in tests. */
function refuseTileRequests(page: Page): string[] {
  const images: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'image' && !request.url().startsWith('data:')) {
      images.push(request.url());
    }
  });
  return images;
}

test.describe('on a desktop', () => {
  // The journey switches the demo link worker to French; whatever happens, it goes back.
  test.afterEach(({ request }) => resetLanguage(request, linkWorker));

  test('a link worker searches the directory in English and French, with filters', async ({
    page,
  }) => {
    const images = refuseTileRequests(page);
    await page.goto('/sign-in');
    await signIn(page, linkWorker);
    const navigation = page.getByRole('navigation', { name: 'Main navigation' });
    await navigation.getByRole('link', { name: 'Directory' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Directory' })).toBeVisible();
    await expectNoAxeViolations(page);

    // An English query finds a listing written only in French, and says it was translated.
    await page
      .getByRole('searchbox', { name: 'What is the person looking for?' })
      .fill('gardening');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect(page).toHaveURL(/[?&]q=gardening/);
    const workshop = page.getByRole('article', { name: frenchGardeningWorkshop });
    await expect(workshop).toBeVisible();
    await expect(workshop).toContainText('(translated from gardening)');
    await expect(workshop).toContainText('listed in French');
    await expect(workshop.getByText('Open to referrals')).toBeVisible();
    await expect(
      page.getByRole('heading', { level: 3, name: frenchGardeningWorkshop }),
    ).toHaveAttribute('lang', 'fr');
    const map = page.getByRole('region', { name: 'Map of the results' });
    await expect(map.locator('.leaflet-container')).toBeVisible();
    await expect(map.locator('path.leaflet-interactive').first()).toBeAttached();
    await expectNoAxeViolations(page);

    // In French, "logement" near M6K within 5 km finds the English-only housing help desk.
    await page.getByRole('button', { name: 'Français' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Répertoire' })).toBeVisible();
    await page
      .getByRole('searchbox', { name: 'Que recherche la personne\u202f?' })
      .fill('logement');
    await page.getByRole('textbox', { name: 'Près du code postal' }).fill('M6K');
    await page.getByRole('combobox', { name: 'Dans un rayon de' }).selectOption('5');
    await page.getByRole('button', { name: 'Rechercher', exact: true }).click();
    await expect(page).toHaveURL(/postalCode=M6K&km=5/);
    const desk = page.getByRole('article', { name: englishHousingDesk });
    await expect(desk).toBeVisible();
    await expect(desk).toContainText('fiche en anglais');
    await expect(desk).toContainText(/à 0,\d km/);
    await expect(
      page.getByRole('region', { name: 'Carte des résultats' }).getByText('Point de recherche'),
    ).toBeVisible();
    await expectNoAxeViolations(page);

    // A category narrows the results, and the back button undoes it.
    await page.getByRole('checkbox', { name: /^Soutien pratique/ }).check();
    await page.getByRole('button', { name: 'Rechercher', exact: true }).click();
    await expect(page).toHaveURL(/category=practical/);
    await expect(desk).toBeVisible();
    const categoryLists = page.getByRole('list', { name: /^Catégories de / });
    for (const list of await categoryLists.all()) {
      await expect(list).toContainText('Soutien pratique');
    }
    await expectNoAxeViolations(page);
    await page.goBack();
    await expect(page).not.toHaveURL(/category=/);
    await expect(page.getByRole('checkbox', { name: /^Soutien pratique/ })).not.toBeChecked();

    // Put the demo link worker back in English for the other journeys.
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Directory' })).toBeVisible();
    expect(images).toEqual([]);
  });

  test('why a listing matched is said in the words typed and the listing’s own', async ({
    page,
  }) => {
    await page.goto('/sign-in');
    await signIn(page, linkWorker);
    await expect(page.getByRole('button', { name: /account menu/ })).toBeVisible();

    // Typed with its accent, shown with it ("isolé", not "isole"); a related word found is the
    // listing's own ("isolement").
    await page.goto(`/directory?q=${encodeURIComponent('isolé')}`);
    const visits = page.getByRole('article', { name: "Visites d'amitié à domicile" });
    const why = visits.getByText(/^Why it matched: .+/);
    await expect(why).toContainText('matches isolé');
    await expect(why).toContainText('isolement (related to isolé)');
    await expect(why).not.toContainText(/\bisole\b/);

    // The garden is found for its "jardin", not for the vocabulary's "jardiner" it never says.
    await page.goto('/directory?q=jardinier');
    const garden = page.getByRole('article', { name: 'Vanier Community Garden' });
    await expect(garden.getByText(/^Why it matched: .+/)).toContainText(
      'jardin (related to jardinier)',
    );
    await expect(garden.getByText(/^Why it matched: .+/)).not.toContainText('jardiner');
    await expectNoAxeViolations(page);
  });

  test('needs read from the words are chips the link worker can remove', async ({ page }) => {
    await page.goto('/sign-in');
    await signIn(page, linkWorker);
    await expect(page.getByRole('button', { name: /account menu/ })).toBeVisible();
    await page.goto('/directory');
    const words = page.getByRole('searchbox', { name: 'What is the person looking for?' });
    await words.fill('yoga free');
    await page.getByRole('button', { name: 'Search', exact: true }).click();

    // "free" is a filter, not a word to find: no yoga class of the demo directory is free.
    const chips = page.getByRole('list', { name: 'Read from your words:' });
    await expect(chips.getByRole('listitem')).toHaveText(['Free from “free”']);
    await expect(page.getByText('Nothing matches.', { exact: false })).toBeVisible();
    await expectNoAxeViolations(page);

    // Removing the chip searches again without it, and the address remembers.
    await chips.getByRole('button', { name: 'Remove the filter Free' }).click();
    await expect(page).toHaveURL(/[?&]ignore=free/);
    await expect(chips).toHaveCount(0);
    await expect(page.getByRole('article', { name: 'Gentle Yoga for Seniors' })).toBeVisible();
    await expect(words).toHaveValue('yoga free');

    // New words are read afresh, in French too.
    await page.getByRole('button', { name: 'Français' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Répertoire' })).toBeVisible();
    await page
      .getByRole('searchbox', { name: 'Que recherche la personne\u202f?' })
      .fill('chorale le soir');
    await page.getByRole('button', { name: 'Rechercher', exact: true }).click();
    await expect(page).not.toHaveURL(/ignore=/);
    const puces = page.getByRole('list', { name: 'Compris dans vos mots\u202f:' });
    await expect(puces.getByRole('listitem')).toHaveText(['Le soir d’après «\u202fsoir\u202f»']);
    await expect(
      page.getByRole('article', { name: "Chorale communautaire Les Voix de l'Est" }),
    ).toBeVisible();
    await expectNoAxeViolations(page);
    await puces.getByRole('button', { name: 'Retirer le filtre Le soir' }).click();
    await expect(page).toHaveURL(/[?&]ignore=evening/);
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Directory' })).toBeVisible();
  });
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

  test('the result list works, and the map opens on request', async ({ page }) => {
    const images = refuseTileRequests(page);
    await page.goto('/sign-in');
    await signIn(page, linkWorker);
    await expect(page.getByRole('heading', { level: 1, name: /^Welcome/ })).toBeVisible();
    // A shared search opens as it was.
    await page.goto('/directory?q=gardening');
    await expect(
      page.getByRole('searchbox', { name: 'What is the person looking for?' }),
    ).toHaveValue('gardening');
    await expect(page.getByRole('article', { name: frenchGardeningWorkshop })).toBeVisible();
    await expectNoAxeViolations(page);
    await expectNoSidewaysScroll(page);

    const toggle = page.getByRole('button', { name: 'Show the map' });
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await expect(page.locator('.leaflet-container')).toHaveCount(0);
    await toggle.click();
    const hide = page.getByRole('button', { name: 'Hide the map' });
    await expect(hide).toHaveAttribute('aria-expanded', 'true');
    await expect(page.locator('.leaflet-container')).toBeVisible();
    await expectNoAxeViolations(page);
    await expectNoSidewaysScroll(page);

    await hide.click();
    await expect(page.locator('.leaflet-container')).toHaveCount(0);

    // Needs read from the words fit the screen as chips.
    await page.goto(`/directory?q=${encodeURIComponent('walking free near me on weekends')}`);
    await expect(
      page.getByRole('list', { name: 'Read from your words:' }).getByRole('listitem'),
    ).toHaveCount(2);
    await expectNoSidewaysScroll(page);

    // Filters alone list the directory a page at a time.
    await page.goto('/directory?category=social');
    await expect(page.getByRole('status').filter({ hasText: /results shown/ })).toHaveText(
      '20 results shown',
    );
    await page.getByRole('button', { name: 'More results' }).click();
    await expect(page.getByRole('status').filter({ hasText: /results shown/ })).toHaveText(
      /^(2[1-9]|[3-9]\d) results shown$/,
    );
    await expectNoSidewaysScroll(page);
    expect(images).toEqual([]);
  });
});
