import { expect, test } from '@playwright/test';
import { apiAs, expectNoAxeViolations, referByApi, signIn } from './support';

const linkWorker = 'linkworker.riverside@passerelle.example';

test('a link worker re-refers a closed case: the person’s consent is asked again', async ({
  page,
  request,
}) => {
  const familyName = `Okafor-${Date.now().toString(36)}`;
  const caseId = await referByApi(request, { givenName: 'Ada', familyName });
  const team = await apiAs(request, linkWorker);
  await team.send('POST', `/api/cases/${caseId}/status`, {
    to: 'declined',
    reason: 'not_the_right_time',
    version: 1,
  });
  await team.send('POST', '/api/auth/sign-out', {});

  await page.goto('/sign-in');
  await signIn(page, linkWorker);
  await expect(page).not.toHaveURL(/sign-in/);
  await page.goto(`/cases/${caseId}`);
  await page.getByRole('button', { name: 'Re-refer' }).click();
  const dialog = page.getByRole('dialog', { name: 'Open a new episode for this person' });
  await expect(dialog.getByRole('group', { name: 'Consent' })).toBeVisible();
  await expectNoAxeViolations(page);

  // Without the person's agreement nothing opens, and the form says so where it is asked.
  await dialog.getByRole('checkbox', { name: 'Money' }).check();
  await dialog.getByRole('button', { name: 'Open new case' }).click();
  await expect(dialog.getByRole('alert').first()).toBeVisible();
  await expect(
    dialog.getByText('The person must agree to be referred before the referral can be sent.'),
  ).not.toHaveCount(0);
  await expectNoAxeViolations(page);

  await dialog
    .getByRole('checkbox', { name: 'The person agrees to be referred to social prescribing' })
    .check();
  await dialog
    .getByRole('checkbox', {
      name: 'The person agrees that community partners see what they shared, beyond the minimum',
    })
    .check();
  await dialog.getByRole('button', { name: 'Open new case' }).click();
  await expect(page).not.toHaveURL(new RegExp(`/cases/${caseId}$`));
  await expect(
    page.getByRole('heading', { level: 1, name: new RegExp(`Ada ${familyName}`) }),
  ).toBeVisible();
  await expectNoAxeViolations(page);

  // The clinician who made the first referral is not credited with this one.
  const newId = new URL(page.url()).pathname.split('/').at(-1);
  const clinician = await apiAs(request, 'referrer@passerelle.example');
  const mine = await clinician.get<{ items: { id: string }[] }>('/api/referrals/mine?limit=100');
  expect(mine.items.map((i) => i.id)).not.toContain(newId);
});
