import { expect, test } from '@playwright/test';
import { expectNoAxeViolations, expectNoSidewaysScroll, signIn } from './support';

test.describe('on a phone', () => {
  test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

  test('a link worker records a referral another agency made by phone, from triage', async ({
    page,
  }) => {
    await page.goto('/sign-in');
    await signIn(page, 'linkworker.riverside@passerelle.example');
    await expect(page).not.toHaveURL(/sign-in/);

    await page.goto('/cases/triage');
    await page.getByRole('link', { name: 'Record a referral from another agency' }).click();
    await expect(
      page.getByRole('heading', { level: 1, name: 'Record a referral from another agency' }),
    ).toBeVisible();
    await expectNoAxeViolations(page);

    // Without who referred, nothing is recorded and the form says which field.
    const familyName = `Nguyen-${Date.now().toString(36)}`;
    await page.getByRole('textbox', { name: 'Given name' }).fill('Linh');
    await page.getByRole('textbox', { name: 'Family name' }).fill(familyName);
    await page.getByLabel('Date of birth').fill('1983-02-17');
    await page.getByRole('textbox', { name: 'Phone' }).fill('416-555-0142');
    await page.getByRole('checkbox', { name: 'Loneliness or isolation' }).check();
    await page
      .getByRole('checkbox', {
        name: 'The person agrees to be referred to social prescribing',
      })
      .check();
    await page.getByRole('button', { name: 'Record the referral' }).click();
    await expect(page.getByRole('alert').first()).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      'Record a referral from another agency',
    );

    await page
      .getByRole('textbox', { name: 'Name of the person who referred' })
      .fill('Ana Ferreira');
    await page
      .getByRole('textbox', { name: 'Organisation', exact: true })
      .fill('Queen West Newcomer Services');
    await page
      .getByRole('textbox', { name: 'How to reach them' })
      .fill('ana.ferreira@newcomers.example.org');
    await expectNoAxeViolations(page);
    await expectNoSidewaysScroll(page);
    await page.getByRole('button', { name: 'Record the referral' }).click();

    // The team goes straight on with the new case, which names the agency that referred.
    await expect(
      page.getByRole('heading', { level: 1, name: new RegExp(`Linh ${familyName}`) }),
    ).toBeVisible();
    await expect(page.getByText('Queen West Newcomer Services').first()).toBeVisible();
    await expectNoAxeViolations(page);
  });
});
