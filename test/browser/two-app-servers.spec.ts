import { expect, type Page, test } from '@playwright/test';
import { type AppProcess, startAppProcess } from '../helpers/app-spawn';
import { freePort, type LoadBalancer, startLoadBalancer } from './load-balancer';
import { referByApi, signIn } from './support';

/*
 * Two app processes on the journeys' database behind HAProxy, as a health centre would run
 * them: a link worker works through the balancer, reaching both, and one process is killed
 * (kill -9) in the middle. Sessions, CSRF tokens and rate limits live in the database, so
 * the other process carries on; the balancer sends it the request the dead one dropped.
 */

const linkWorker = 'linkworker.riverside@passerelle.example';
let apps: AppProcess[] = [];
let balancer: LoadBalancer | undefined;

test.beforeAll(async () => {
  const database = process.env.BROWSER_DATABASE_URL;
  if (!database) throw new Error('This journey needs BROWSER_DATABASE_URL, as npm test sets it');
  const port = await freePort();
  const env = {
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    MAP_TILE_URL: 'off',
    SMTP_URL: `smtp://127.0.0.1:${process.env.PLAYWRIGHT_SMTP_PORT ?? ''}`,
    MAIL_POLL_MS: '200',
    REPORTS_REFRESH_MS: '500',
  };
  apps = await Promise.all([startAppProcess(database, env), startAppProcess(database, env)]);
  balancer = await startLoadBalancer(
    port,
    apps.map((app) => app.port),
  );
});

test.afterAll(async () => {
  await balancer?.stop();
  for (const app of apps) {
    app.child.kill('SIGTERM');
    await app.exited;
  }
});

/** API requests a process served, read from its request log. */
function apiRequestsServed(app: AppProcess): number {
  return app.output().match(/"path":"\/api\//g)?.length ?? 0;
}

/** Every answer the browser got that a user would notice: a 5xx, or no answer at all. */
function watchFailures(page: Page): string[] {
  const failures: string[] = [];
  page.on('response', (response) => {
    if (response.status() >= 500) failures.push(`${response.status()} ${response.url()}`);
  });
  page.on('requestfailed', (request) => {
    // A page left before its loads finished cancels them: the user asked for that.
    const error = request.failure()?.errorText;
    if (error !== 'net::ERR_ABORTED') failures.push(`${error} ${request.url()}`);
  });
  return failures;
}

async function addNote(page: Page, text: string): Promise<void> {
  const notes = page.getByRole('region', { name: 'Notes' });
  await notes.getByRole('button', { name: 'Add a note' }).click();
  await notes.getByRole('textbox', { name: 'Note' }).fill(text);
  await notes.getByRole('button', { name: 'Save the note' }).click();
  await expect(notes.getByText('Note saved.')).toBeVisible();
  await expect(notes.getByText(text)).toBeVisible();
}

test('a link worker works through a load balancer over two app processes, and does not notice one being killed', async ({
  page,
  request,
}) => {
  const [first, second] = apps;
  if (!balancer || !first || !second) throw new Error('the processes did not start');
  const familyName = `Tremblay-${Date.now()}`;
  const caseId = await referByApi(request, { givenName: 'Yvonne', familyName });
  const failures = watchFailures(page);

  await page.goto(`${balancer.url}/sign-in`);
  await signIn(page, linkWorker);
  await expect(page.getByRole('button', { name: /account menu/ })).toBeVisible();
  await page.goto(`${balancer.url}/cases/${caseId}/contacts`);
  await addNote(page, 'Called in the morning; prefers afternoons.');
  await page.goto(`${balancer.url}/caseload`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  // Round robin: the one signed-in session was served by both processes.
  expect(apiRequestsServed(first)).toBeGreaterThan(0);
  expect(apiRequestsServed(second)).toBeGreaterThan(0);

  // One process dies mid-run, before the balancer's health check has noticed.
  first.child.kill('SIGKILL');
  await first.exited;
  const servedBefore = apiRequestsServed(second);
  await page.goto(`${balancer.url}/cases/${caseId}/contacts`);
  await addNote(page, 'Would like to try the walking group.');
  await page.reload();
  const notes = page.getByRole('region', { name: 'Notes' });
  await expect(notes.getByText('Called in the morning; prefers afternoons.')).toBeVisible();
  await expect(notes.getByText('Would like to try the walking group.')).toBeVisible();
  await expect(page.getByRole('button', { name: /account menu/ })).toBeVisible();

  expect(apiRequestsServed(second)).toBeGreaterThan(servedBefore);
  expect(failures).toEqual([]);
});
