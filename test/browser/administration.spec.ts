import { expect, test } from '@playwright/test';
import { demo, expectNoAxeViolations, signIn, signOut } from './support';

test('an administrator creates a site and a link worker there, who then signs in', async ({
  page,
}) => {
  const suffix = Date.now().toString(36);
  const siteName = `Maison du quartier ${suffix}`;
  const worker = {
    email: `link.worker.${suffix}@passerelle.example`,
    name: `Camille Roy ${suffix}`,
    password: 'a-long-enough-password',
  };

  await page.goto('/sign-in');
  await signIn(page, demo.admin.email);
  await expect(page.getByRole('heading', { level: 1, name: 'Welcome, Alex Martin' })).toBeVisible();
  const navigation = page.getByRole('navigation', { name: 'Main navigation' });

  await navigation.getByRole('link', { name: 'Organisations' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Organisations' })).toBeVisible();
  await expect(
    page.getByRole('cell', { name: 'Riverside Community Health Centre', exact: true }),
  ).toBeVisible();
  await expectNoAxeViolations(page);

  await navigation.getByRole('link', { name: 'Sites' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sites' })).toBeVisible();
  await expect(
    page.getByRole('cell', { name: 'Riverside CHC – Queen Street', exact: true }),
  ).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByRole('button', { name: 'New site' }).click();
  const dialog = page.getByRole('dialog', { name: 'New site' });
  await expect(dialog).toBeVisible();
  await dialog
    .getByRole('combobox', { name: 'Organisation' })
    .selectOption({ label: 'Centre de santé communautaire de l’Estrie' });
  await dialog.getByLabel('Name').fill(siteName);
  await dialog
    .getByRole('combobox', { name: 'Default language' })
    .selectOption({ label: 'French' });
  await dialog.getByRole('combobox', { name: 'Time zone' }).selectOption({ label: 'Paris time' });
  await expectNoAxeViolations(page);
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(dialog).toBeHidden();
  const siteRow = page.getByRole('row', { name: new RegExp(siteName) });
  await expect(siteRow).toContainText('Centre de santé communautaire de l’Estrie');
  await expect(siteRow).toContainText('French');
  await expect(siteRow).toContainText('Paris time');

  await navigation.getByRole('link', { name: 'Accounts' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Accounts' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Karim Haddad' })).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByRole('link', { name: 'New account' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'New account' })).toBeVisible();
  await page.getByLabel('Email address').fill(worker.email);
  await page.getByLabel('Display name').fill(worker.name);
  await page.getByRole('combobox', { name: 'Language' }).selectOption({ label: 'French' });
  await page.getByLabel('Initial password').fill(worker.password);
  const grant = page.getByRole('group', { name: 'Role 1' });
  await grant.getByRole('combobox', { name: 'Role' }).selectOption({ label: 'Link worker' });
  await grant.getByRole('combobox', { name: 'Site' }).selectOption({ label: siteName });
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Create account' }).click();

  await expect(page.getByRole('heading', { level: 1, name: worker.name })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Account created' })).toBeVisible();
  await expect(page.getByText(`Link worker – ${siteName}`)).toBeVisible();
  await expectNoAxeViolations(page);

  // A role that sees people's records is never one administrators give themselves.
  await navigation.getByRole('link', { name: 'Accounts' }).click();
  await page.getByRole('link', { name: demo.admin.name }).click();
  await expect(page.getByRole('heading', { level: 1, name: demo.admin.name })).toBeVisible();
  const addRole = page.getByRole('form', { name: 'Add a role' });
  await expect(addRole).toContainText('must be given to you by another administrator');
  await addRole.getByRole('combobox', { name: 'Role' }).selectOption({ label: 'Link worker' });
  await addRole.getByRole('combobox', { name: 'Site' }).selectOption({ label: siteName });
  await addRole.getByRole('button', { name: 'Add role' }).click();
  await expect(addRole.getByRole('alert')).toHaveText(
    'You cannot give yourself a role that sees people’s records: another administrator must do it.',
  );
  await expect(page.getByText(`Link worker – ${siteName}`)).toHaveCount(0);
  await expectNoAxeViolations(page);

  await navigation.getByRole('link', { name: 'Audit trail' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Audit trail' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Account created' }).first()).toBeVisible();
  // Every action the trail records is offered by name, the pathway's included.
  const actions = page.getByRole('combobox', { name: 'Action' });
  await expect(actions.locator('option', { hasText: 'Safeguarding concern raised' })).toHaveCount(
    1,
  );
  await expect(actions.locator('option', { hasText: /^[a-z_]+\.[a-z_]+$/ })).toHaveCount(0);
  await expectNoAxeViolations(page);

  await signOut(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await signIn(page, worker.email, worker.password);

  // The new account chose French, so the interface switches to it.
  await expect(
    page.getByRole('heading', { level: 1, name: `Bienvenue, ${worker.name}` }),
  ).toBeVisible();
  const roles = page.getByRole('region', { name: 'Vos rôles' });
  await expect(roles.getByRole('listitem')).toHaveText(`Agent de liaison – ${siteName}`);
  await expect(
    page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', {
      name: 'Comptes',
    }),
  ).toHaveCount(0);
  await expectNoAxeViolations(page);
});
