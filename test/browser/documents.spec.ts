import fs from 'node:fs';
import { expect, type Locator, test } from '@playwright/test';
import {
  expectNoAxeViolations,
  expectNoSidewaysScroll,
  referByApi,
  resetLanguage,
  signIn,
} from './support';

const linkWorker = 'linkworker.riverside@passerelle.example';

// On a phone: the section, its dialog and its list must work 360 px wide.
test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

// The journey switches the link worker to French; whatever happens, it goes back.
test.afterEach(({ request }) => resetLanguage(request, linkWorker));

/**
 * Nothing of the section reaches past a 360 px screen. (In French, the page's header and the
 * safeguarding button, which are not this section's, are wider than that today, so the
 * page-wide check is made in English.)
 */
async function expectFitsPhone(section: Locator): Promise<void> {
  await expect
    .poll(() =>
      section.evaluate((element) =>
        Math.max(
          element.getBoundingClientRect().right,
          ...[...element.querySelectorAll('*')].map((child) => child.getBoundingClientRect().right),
        ),
      ),
    )
    .toBeLessThanOrEqual(360);
}

/** A small but real PDF, about 2 KB, made here rather than kept as a fixture. */
function consentPdf(): Buffer {
  const text = `%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${'signed consent '.repeat(130)}\ntrailer << /Root 1 0 R >>\n%%EOF\n`;
  return Buffer.from(text, 'latin1');
}

test('a link worker attaches a signed consent to a case, sees it listed and downloads it', async ({
  page,
  request,
}) => {
  const familyName = `Documents-${Date.now()}`;
  const caseId = await referByApi(request, { givenName: 'Odile', familyName });
  // Unique, so the app's log can be searched for it afterwards.
  const fileName = `consent-${familyName}.pdf`;
  const pdf = consentPdf();

  await page.goto('/sign-in');
  await signIn(page, linkWorker);
  await expect(page.getByRole('button', { name: 'Navigation menu' })).toBeVisible();
  await page.goto(`/cases/${caseId}`);
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(familyName) })).toBeVisible();

  const section = page.getByRole('region', { name: 'Documents', exact: true });
  await expect(section.getByText('No document yet.')).toBeVisible();
  await section.getByRole('button', { name: 'Attach a document' }).click();
  const dialog = page.getByRole('dialog', { name: 'Attach a document' });
  await expect(dialog).toBeVisible();

  // Nothing chosen: the form says so at the file field.
  await dialog.getByRole('button', { name: 'Attach', exact: true }).click();
  await expect(dialog.getByText('Choose a file.').first()).toBeVisible();
  await expectNoAxeViolations(page);
  await expectNoSidewaysScroll(page);

  // A PDF dressed as a PNG is refused, in words, at the field.
  await dialog.getByLabel(/^File/).setInputFiles({
    name: 'photo.png',
    mimeType: 'image/png',
    buffer: pdf,
  });
  await dialog.getByRole('button', { name: 'Attach', exact: true }).click();
  await expect(dialog.getByText(/not that of a \.png file/).first()).toBeVisible();

  await dialog.getByLabel(/^File/).setInputFiles({
    name: fileName,
    mimeType: 'application/pdf',
    buffer: pdf,
  });
  await dialog.getByLabel('Kind of document').selectOption({ label: 'Signed consent' });
  await dialog.getByRole('button', { name: 'Attach', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(section.getByRole('status')).toHaveText(`${fileName} attached.`);

  const documents = section.getByRole('list', { name: 'Documents of the case' });
  const item = documents.getByRole('listitem');
  await expect(item).toHaveCount(1);
  await expect(item.getByText(/^Signed consent · 2\sKB · added by .+ on .+/)).toBeVisible();
  await expectNoAxeViolations(page);
  await expectNoSidewaysScroll(page);

  await page.getByRole('button', { name: 'Français' }).click();
  const sectionFr = page.getByRole('region', { name: 'Documents', exact: true });
  await expect(sectionFr.getByRole('button', { name: 'Joindre un document' })).toBeVisible();
  await expect(
    sectionFr.getByText(/^Consentement signé · 2\sKo · ajouté par .+ le .+/),
  ).toBeVisible();
  await expect(sectionFr.getByRole('button', { name: `Retirer ${fileName}` })).toBeVisible();
  await expectNoAxeViolations(page);
  await expectFitsPhone(sectionFr);

  // Pressed from the keyboard: on a phone, the French page's overflow (see expectFitsPhone)
  // shifts where a tap lands near the page's foot.
  await sectionFr.getByRole('button', { name: 'Joindre un document' }).press('Enter');
  const dialogFr = page.getByRole('dialog', { name: 'Joindre un document' });
  await expect(dialogFr.getByLabel('Type de document')).toBeVisible();
  await expectNoAxeViolations(page);
  await dialogFr.getByRole('button', { name: 'Annuler' }).click();

  // The download is the same file, under its own name.
  const downloading = page.waitForEvent('download');
  await sectionFr.getByRole('link', { name: fileName }).press('Enter');
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(fileName);
  expect(fs.readFileSync(await download.path()).equals(pdf)).toBe(true);

  // Removed: the file is gone, the list says who removed it and when.
  await sectionFr.getByRole('button', { name: `Retirer ${fileName}` }).press('Enter');
  const confirm = page.getByRole('dialog', { name: 'Retirer ce document\u202f?' });
  await confirm.getByRole('button', { name: 'Retirer', exact: true }).click();
  await expect(confirm).toBeHidden();
  await expect(sectionFr.getByText(/^Retiré par .+ le .+/)).toBeVisible();
  await expect(sectionFr.getByRole('link', { name: fileName })).toHaveCount(0);
  await expectNoAxeViolations(page);

  // The file's name never reached an address the app logged.
  const log = fs.readFileSync(process.env.PLAYWRIGHT_APP_LOG ?? '', 'utf8');
  expect(log).toContain('/api/documents/');
  expect(log).not.toContain(familyName);
});
