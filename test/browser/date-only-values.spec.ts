import { expect, test } from '@playwright/test';
import type { CaseSearchResult } from '../../src/shared/contracts/cases';
import { apiAs, expectNoAxeViolations, signIn } from './support';

const linkWorker = 'linkworker.riverside@passerelle.example';

// West of UTC, where a date read as UTC midnight would show the day before.
test.use({ timezoneId: 'America/Toronto' });

test('in Ontario, the case screen shows a date of birth as the day stored', async ({
  page,
  request,
}) => {
  // A demo person (src/server/demo/demo-riverside.ts), born 1964-02-18.
  const api = await apiAs(request, linkWorker);
  const found = await api.send<CaseSearchResult>('POST', '/api/cases/search', {
    query: 'Tomasz Kowalski',
  });
  const tomasz = found.items.find((item) => item.personName === 'Tomasz Kowalski');
  expect(tomasz?.dateOfBirth).toBe('1964-02-18');

  await page.goto('/sign-in');
  await signIn(page, linkWorker);
  await expect(page.getByRole('button', { name: /account menu/ })).toBeVisible();
  await page.goto(`/cases/${tomasz?.id ?? ''}`);

  const header = page.getByRole('region', { name: 'Tomasz Kowalski' });
  await expect(header.getByText(/^P-[0-9A-Z]{6} · \d+ years, born Feb 18, 1964$/)).toBeVisible();
  const referral = page.getByRole('region', { name: 'Referral and consent' });
  await expect(referral.getByText(/^Feb 18, 1964 \(\d+ years\)$/)).toBeVisible();
  await expectNoAxeViolations(page);
});
