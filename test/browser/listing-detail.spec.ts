import { type APIRequestContext, expect, test } from '@playwright/test';
import {
  apiAs,
  expectNoAxeViolations,
  expectNoSidewaysScroll,
  resetLanguage,
  signIn,
} from './support';

// Karim Haddad works at the francophone site, where Fatou's case is (demo-cornwall.ts): what
// matters to her is social connection, and she likes cooking and gardening.
const linkWorker = 'linkworker@passerelle.example';
const gardenWorkshop = 'Atelier de jardinage au jardin communautaire';

/** Fatou's case, and Karim's interface language set, through his API session. */
async function fatouCaseId(request: APIRequestContext, locale: 'en' | 'fr'): Promise<string> {
  const api = await apiAs(request, linkWorker);
  await api.send('PATCH', '/api/me', { locale });
  const caseload = await api.get<{ items: { id: string; personName: string }[] }>(
    '/api/cases/caseload',
  );
  const found = caseload.items.find((item) => item.personName.startsWith('Fatou'));
  if (!found) throw new Error('Fatou’s demo case is not in the caseload');
  return found.id;
}

test.describe('finding an activity for a person and connecting them', () => {
  // Karim speaks French by default; the English journey switches him and sets him back.
  test.afterEach(async ({ playwright, baseURL }) => {
    const context = await playwright.request.newContext({ baseURL });
    await resetLanguage(context, linkWorker, 'fr');
    await context.dispose();
  });

  test('in English on a desktop: from the case to a listing’s details and back, connected', async ({
    page,
    request,
  }) => {
    await page.setViewportSize({ width: 1280, height: 900 });
    const caseId = await fatouCaseId(request, 'en');
    await page.goto('/sign-in');
    await signIn(page, linkWorker);
    await expect(page).not.toHaveURL(/sign-in/);
    await page.goto(`/cases/${caseId}/connections`);

    await page.getByRole('link', { name: 'Find an activity' }).click();
    // Only the case's id travels in the address: the page reads the rest from the case.
    await expect(page).toHaveURL(new RegExp(`/directory\\?case=${caseId}$`));
    const rankedFor = page.getByRole('region', { name: 'Ranked for Fatou' });
    await expect(rankedFor).toContainText('Language: French');
    await expect(rankedFor).toContainText('Interests: cuisine and jardinage');
    await expect(rankedFor).toContainText('Needs: Social connection');
    const first = page.getByRole('article').first();
    await expect(first).toHaveAccessibleName(gardenWorkshop);
    await expect(first).toContainText('For Fatou: answers Social connection');
    await expect(first).toContainText('speaks of jardinage');
    await expect(first.getByRole('button', { name: 'Connect Fatou' })).toBeVisible();
    await expectNoAxeViolations(page);

    await first.getByRole('link', { name: gardenWorkshop }).click();
    await expect(page).toHaveURL(new RegExp(`/directory/services/[^?]+\\?case=${caseId}$`));
    await expect(page.getByRole('heading', { level: 1, name: gardenWorkshop })).toBeVisible();
    await expect(page.getByText('Tuesdays and Saturdays 09:30 to 11:30')).toBeVisible();
    await expect(page.getByText('100, rue Water Ouest')).toBeVisible();
    await expect(page.getByText('6 of 20 places available')).toBeVisible();
    await expect(page.getByRole('region', { name: 'Map of the places' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Print' })).toBeVisible();
    // Fatou gave a phone number only: the listing cannot be emailed to her.
    await expect(page.getByRole('button', { name: 'Email to Fatou' })).toBeDisabled();
    await expect(page.getByText('Fatou has no email address on file.')).toBeVisible();
    await expectNoAxeViolations(page);

    await page.getByRole('button', { name: 'Connect Fatou' }).click();
    const dialog = page.getByRole('dialog', { name: `Connect Fatou to ${gardenWorkshop}` });
    await dialog
      .getByRole('textbox', { name: 'What Fatou hopes to get from it' })
      .fill('Meet people while gardening.');
    await expectNoAxeViolations(page);
    await dialog.getByRole('button', { name: 'Propose the connection' }).click();

    await expect(page).toHaveURL(new RegExp(`/cases/${caseId}/connections$`));
    const connection = page.getByRole('article', { name: new RegExp(`^${gardenWorkshop} – `) });
    await expect(connection.filter({ hasText: 'Meet people while gardening.' })).toBeVisible();
    await expectNoAxeViolations(page);
  });

  test('en français sur un téléphone de 360 px', async ({ page, request }) => {
    await page.setViewportSize({ width: 360, height: 780 });
    const caseId = await fatouCaseId(request, 'fr');
    await page.goto('/sign-in');
    await signIn(page, linkWorker);
    await expect(page).not.toHaveURL(/sign-in/);
    await page.goto(`/cases/${caseId}/connections`);

    await page.getByRole('link', { name: 'Trouver une activité' }).click();
    const rankedFor = page.getByRole('region', { name: 'Classées pour Fatou' });
    await expect(rankedFor).toContainText('Langue\u202f: Français');
    await expect(rankedFor).toContainText('Intérêts\u202f: cuisine et jardinage');
    await expectNoSidewaysScroll(page);
    await expectNoAxeViolations(page);

    await page.getByRole('link', { name: gardenWorkshop }).click();
    await expect(page.getByRole('heading', { level: 1, name: gardenWorkshop })).toBeVisible();
    await expect(page.getByText('Les mardis et les samedis de 9 h 30 à 11 h 30')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Imprimer' })).toBeVisible();
    await expectNoSidewaysScroll(page);
    await expectNoAxeViolations(page);

    await page.getByRole('button', { name: 'Mettre Fatou en lien' }).click();
    const dialog = page.getByRole('dialog', {
      name: `Mettre Fatou en lien avec ${gardenWorkshop}`,
    });
    await dialog
      .getByRole('textbox', { name: 'Ce que Fatou en attend' })
      .fill('Jardiner en groupe.');
    await dialog.getByRole('button', { name: 'Proposer la mise en lien' }).click();
    await expect(page).toHaveURL(new RegExp(`/cases/${caseId}/connections$`));
    await expect(page.getByText('Jardiner en groupe.').first()).toBeVisible();
    await expectNoSidewaysScroll(page);
    await expectNoAxeViolations(page);
  });
});
