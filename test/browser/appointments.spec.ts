import { expect, test } from '@playwright/test';
import {
  expectNoAxeViolations,
  expectNoSidewaysScroll,
  referByApi,
  resetLanguage,
  signIn,
  waitForEmail,
} from './support';

const linkWorker = 'linkworker.riverside@passerelle.example';

// The journey switches the link worker to French; whatever happens, it goes back.
test.afterEach(({ request }) => resetLanguage(request, linkWorker));

/** Tomorrow in the browser's time zone (America/Toronto), as a date input holds it. */
function tomorrow(): { iso: string; date: Date } {
  const date = new Date(Date.now() + 86_400_000);
  const iso = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'America/Toronto',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(date);
  return { iso, date };
}

test('a link worker plans an appointment, invites the person, writes a note and finds it in the agenda, in English and French, on a desktop and a phone', async ({
  page,
  request,
}) => {
  const familyName = `Gagnon-${Date.now()}`;
  const email = `${familyName.toLowerCase()}@example.org`;
  const caseId = await referByApi(request, {
    givenName: 'Hélène',
    familyName,
    email,
    preferredLanguage: 'fr',
  });
  const since = new Date();
  const day = tomorrow();

  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/sign-in');
  await signIn(page, linkWorker);
  await expect(page.getByRole('button', { name: /account menu/ })).toBeVisible();
  await page.goto(`/cases/${caseId}/contacts`);

  // An appointment: the form opens when asked.
  const appointments = page.getByRole('region', { name: 'Appointments' });
  await expect(appointments.getByText('No appointments yet.')).toBeVisible();
  await expect(appointments.getByLabel('Date')).toHaveCount(0);
  await appointments.getByRole('button', { name: 'Plan an appointment' }).click();
  await appointments.getByLabel('Date').fill(day.iso);
  await appointments.getByLabel('Time').fill('10:30');
  await appointments.getByLabel('Duration').selectOption('60');
  await appointments.getByLabel('How').selectOption('in_person');
  await appointments.getByLabel('Address').fill('Riverside CHC, room 4');
  await appointments.getByLabel('Send an invitation').check();
  await expectNoAxeViolations(page);
  await appointments.getByRole('button', { name: 'Plan the appointment' }).click();
  await expect(appointments.getByText('Appointment saved.')).toBeVisible();
  const item = appointments.getByRole('listitem').filter({ hasText: 'Riverside CHC, room 4' });
  await expect(item.getByText('Planned')).toBeVisible();
  await expect(item.getByText(/^60 min · In person · with /)).toBeVisible();
  await expect(item.getByText('Invitation emailed to the person.')).toBeVisible();

  // The person is invited in their language (French), with the calendar file.
  const invitation = await waitForEmail(request, {
    to: email,
    subjectIncludes: 'Votre rendez-vous avec',
    since,
  });
  expect(invitation.text).toContain('Riverside CHC, room 4');
  // The time typed, on the site's clocks, with the site's zone named.
  expect(invitation.text).toContain('10 h 30 (heure de Toronto)');
  const attachments = (
    invitation as unknown as { attachments: { filename: string; content: string }[] }
  ).attachments;
  expect(attachments.map((a) => a.filename)).toEqual(['invite.ics']);
  expect(attachments[0]?.content).toContain('METHOD:REQUEST');

  // A note: dated, signed, changeable by its author for a while.
  const notes = page.getByRole('region', { name: 'Notes' });
  await expect(notes.getByRole('textbox', { name: 'Note' })).toHaveCount(0);
  await notes.getByRole('button', { name: 'Add a note' }).click();
  await notes
    .getByRole('textbox', { name: 'Note' })
    .fill('Prefers mornings; bring the bus schedule.');
  await notes.getByRole('button', { name: 'Save the note' }).click();
  await expect(notes.getByText('Note saved.')).toBeVisible();
  await expect(notes.getByText('Prefers mornings; bring the bus schedule.')).toBeVisible();
  await expect(notes.getByRole('button', { name: /^Change the note of / })).toBeVisible();
  await expectNoAxeViolations(page);

  // The agenda: the day of the appointment, then its week.
  await page.getByRole('link', { name: 'Agenda' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Agenda' })).toBeVisible();
  await page.getByRole('button', { name: 'Next day' }).click();
  const entry = page.getByRole('listitem').filter({ hasText: `Hélène ${familyName}` });
  await expect(entry).toBeVisible();
  await expect(entry.getByText(/^In person · Riverside CHC, room 4$/)).toBeVisible();
  await expect(entry).toContainText('10:30');
  await expectNoAxeViolations(page);
  await page.getByText('Week', { exact: true }).click();
  await expect(page.getByRole('heading', { level: 2, name: /^Week of / })).toBeVisible();
  await expect(entry).toBeVisible();
  await entry.getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`/cases/${caseId}$`));

  // In French, on a phone.
  await page.getByRole('button', { name: 'Français' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Hélène ${familyName}` })).toBeVisible();
  await page.setViewportSize({ width: 360, height: 780 });
  await page.goto(`/cases/${caseId}/contacts`);
  const notesFr = page.getByRole('region', { name: 'Notes' });
  await notesFr.getByRole('button', { name: 'Ajouter une note' }).click();
  await notesFr.getByRole('textbox', { name: 'Note' }).fill('A confirmé par téléphone.');
  await notesFr.getByRole('button', { name: 'Enregistrer la note' }).click();
  await expect(notesFr.getByText('Note enregistrée.')).toBeVisible();
  const list = notesFr.getByRole('list', { name: 'Notes, les plus récentes d’abord' });
  await expect(list.getByRole('listitem').first()).toContainText('A confirmé par téléphone.');
  const rdv = page.getByRole('region', { name: 'Rendez-vous' });
  await expect(rdv.getByText('Riverside CHC, room 4')).toBeVisible();
  await rdv.getByRole('button', { name: 'Prévoir un rendez-vous' }).click();
  await expect(rdv.getByLabel('Adresse')).toBeVisible();
  await expectNoSidewaysScroll(page);
  await expectNoAxeViolations(page);
  await rdv.getByRole('button', { name: 'Annuler' }).click();

  await page.goto(`/agenda?view=week&day=${day.iso}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Agenda' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: /^Semaine du / })).toBeVisible();
  await expect(
    page.getByRole('listitem').filter({ hasText: `Hélène ${familyName}` }),
  ).toBeVisible();
  await expect(page.getByText(/^En personne · Riverside CHC, room 4$/)).toBeVisible();
  await expectNoSidewaysScroll(page);
  await expectNoAxeViolations(page);
});
