import { expect, test } from '@playwright/test';
import { apiAs, expectNoAxeViolations, referByApi, signIn } from './support';

const linkWorker = 'linkworker.riverside@passerelle.example';

test('a link worker merges a self-referral into the existing record, keeping its contact details', async ({
  page,
  request,
}) => {
  // A person the clinic referred, then an anonymous self-referral under the same name and birth date.
  const familyName = `Moreau-${Date.now().toString(36)}`;
  const original = `${familyName.toLowerCase()}@example.org`;
  const planted = `${familyName.toLowerCase()}@attacker.example`;
  const existingCaseId = await referByApi(request, {
    givenName: 'Lucie',
    familyName,
    dateOfBirth: '1949-05-14',
    email: original,
  });
  const sites = (await (await request.get('/api/public/sites')).json()) as {
    items: { id: string; name: string }[];
  };
  const team = await apiAs(request, linkWorker);
  const existing = await team.get<{ siteId: string }>(`/api/cases/${existingCaseId}`);
  expect(sites.items.map((s) => s.id)).toContain(existing.siteId);
  // The public form is posted signed out, as a stranger would.
  await team.send('POST', '/api/auth/sign-out', {});
  const selfReferral = await request.post('/api/public/self-referrals', {
    data: {
      siteId: existing.siteId,
      person: {
        givenName: 'Lucie',
        familyName,
        dateOfBirth: '1949-05-14',
        email: planted,
        preferredLanguage: 'fr',
        contactPreference: 'email',
      },
      reasons: ['low_mood_stress'],
      consent: true,
      website: '',
    },
  });
  expect(selfReferral.status(), await selfReferral.text()).toBe(201);
  const { reference } = (await selfReferral.json()) as { reference: string };
  const triage = await (
    await apiAs(request, linkWorker)
  ).get<{ items: { id: string; reference: string }[] }>('/api/cases/triage?sort=newest');
  const newCase = triage.items.find((item) => item.reference === reference);
  if (!newCase) throw new Error(`case ${reference} not in triage`);

  await page.goto('/sign-in');
  await signIn(page, linkWorker);
  await expect(page).not.toHaveURL(/sign-in/);
  await page.goto(`/cases/${newCase.id}`);
  await page.getByRole('button', { name: 'Compare with the existing record' }).click();
  const table = page.getByRole('table', {
    name: 'The existing record and this referral, side by side',
  });
  await expect(table.getByRole('row', { name: /^Email / })).toContainText(original);
  await expect(table.getByRole('row', { name: /^Email / })).toContainText(planted);
  const emailChoice = page.getByRole('radiogroup', { name: 'Email', exact: true });
  await expect(
    emailChoice.getByRole('radio', { name: `Existing record: ${original}` }),
  ).toBeChecked();
  await expect(
    emailChoice.getByRole('radio', { name: `This referral: ${planted}` }),
  ).not.toBeChecked();
  await expect(page.getByRole('radiogroup', { name: 'Preferred language' })).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByRole('button', { name: 'Same person: merge the records' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'The records were merged.' }),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: 'Compare with the existing record' })).toHaveCount(
    0,
  );
  await expect(page.getByText(original).first()).toBeVisible();
  await expect(page.getByText(planted)).toHaveCount(0);
  await expectNoAxeViolations(page);
});
