import { expect, test } from '@playwright/test';
import {
  acceptByApi,
  apiAs,
  expectNoAxeViolations,
  expectNoSidewaysScroll,
  referByApi,
} from './support';

const phone = { width: 360, height: 740 };
const smsCatcherUrl = `http://127.0.0.1:${process.env.PLAYWRIGHT_SMS_PORT ?? 34173}`;

test('the person signs in on their phone, in French, with a code sent by text message', async ({
  browser,
  request,
}) => {
  const stamp = Date.now();
  const digits = String(stamp).slice(-8);
  const e164 = `+336${digits}`;
  const caseId = await referByApi(
    request,
    {
      givenName: 'Inès',
      familyName: `Gagnon-${stamp}`,
      dateOfBirth: '1987-05-02',
      preferredLanguage: 'fr',
      contactPreference: 'text_message',
      phone: `06 ${digits.replace(/(\d{2})(?=\d)/g, '$1 ')}`,
    },
    { referrer: 'referrer.estrie@passerelle.example', sharingWithPartners: false },
  );
  await acceptByApi(await apiAs(request, 'linkworker@passerelle.example'), caseId);

  const context = await browser.newContext({ viewport: phone, locale: 'fr-CA' });
  const person = await context.newPage();
  await person.goto('/me/sign-in');
  await expect(
    person.getByRole('heading', { name: 'Se connecter avec un code par texto' }),
  ).toBeVisible();
  await person.getByLabel('Votre numéro de mobile').fill(e164);
  await person.getByRole('button', { name: 'M’envoyer un code' }).click();
  await expect(person.getByText('Si ce numéro figure à votre dossier')).toBeVisible();
  await expectNoAxeViolations(person);
  await expectNoSidewaysScroll(person);

  let code = '';
  await expect
    .poll(
      async () => {
        const texts = (await (
          await request.get(`${smsCatcherUrl}/messages?to=${encodeURIComponent(e164)}`)
        ).json()) as { body: string }[];
        code = /\b(\d{6})\b/.exec(texts.at(-1)?.body ?? '')?.[1] ?? '';
        return texts.at(-1)?.body ?? '';
      },
      { timeout: 20_000 },
    )
    .toMatch(/^Passerelle\u202f: votre code de connexion est \d{6}/);
  await person.getByLabel('Le code à 6 chiffres').fill(code);
  await person.getByRole('button', { name: 'Me connecter' }).click();
  await expect(person.getByRole('heading', { level: 1, name: 'Bonjour Inès' })).toBeVisible();
  await expectNoAxeViolations(person);
  await expectNoSidewaysScroll(person);
  await context.close();
});
