import { expect, test } from '@playwright/test';
import { adminApi, demo, expectNoAxeViolations, signIn } from './support';

type Organisation = { id: string; name: string; version: number };

test('a form shows the server’s field messages, and a conflicting edit reloads', async ({
  page,
  request,
}) => {
  const suffix = Date.now().toString(36);
  const api = await adminApi(request);
  const organisation = await api.send<Organisation>('POST', '/api/organisations', {
    name: `Bibliothèque publique ${suffix}`,
    kind: 'community_partner',
  });

  await page.goto('/sign-in');
  await signIn(page, demo.admin.email);
  await expect(page.getByRole('heading', { level: 1, name: 'Welcome, Alex Martin' })).toBeVisible();

  await page.goto('/admin/accounts/new');
  await page.getByRole('textbox', { name: 'Email address' }).fill('not-an-email');
  await page.getByRole('textbox', { name: 'Display name' }).fill('Someone');
  await page.getByLabel('Initial password').fill('short');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByLabel('Initial password')).toHaveAccessibleDescription(
    /Use at least 12 characters\./,
  );
  await page.getByLabel('Initial password').fill('a-long-enough-password');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('alert')).toContainText('Some fields need attention.');
  await expect(page.getByRole('textbox', { name: 'Email address' })).toHaveAccessibleDescription(
    'Enter a valid email address.',
  );
  await expectNoAxeViolations(page);

  await page.goto('/admin/organisations');
  await page.getByRole('button', { name: `Edit ${organisation.name}` }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit organisation' });
  await dialog.getByRole('textbox', { name: 'Name' }).fill(`${organisation.name} (mine)`);

  // Someone else saves first.
  const theirName = `${organisation.name} (theirs)`;
  await api.send('PATCH', `/api/organisations/${organisation.id}`, {
    name: theirName,
    version: organisation.version,
  });

  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.getByRole('alert')).toContainText('Someone else changed this record');
  await expect(dialog.getByRole('textbox', { name: 'Name' })).toHaveValue(theirName);
  await expectNoAxeViolations(page);

  await dialog.getByRole('textbox', { name: 'Name' }).fill(`${organisation.name} (agreed)`);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await expect(
    page.getByRole('cell', { name: `${organisation.name} (agreed)`, exact: true }),
  ).toBeVisible();
});
