/**
 * Runs after every journey (the "log scan" teardown project of playwright.config.ts): the
 * app's whole log of the run may hold no emailed-link token and no person's name, email or
 * phone. The tokens are those of every email the mail catcher received during the run; the
 * people, every person the journeys' database holds (demo and journeys' own).
 */
import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import pg from 'pg';
import { mailCatcherUrl, type ReceivedEmail } from './support';

const tokenShape = /^[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{43}$/;
/**
 * A link to set a new password carries its token in the fragment, alone; a person's sign-in
 * link to their own space an action link's token there (/me/sign-in#…).
 */
const fragmentTokenShape = /^[A-Za-z0-9_-]{43}$/;

/** Every emailed-link token in the emails (each action link's with its two halves). */
function tokensOf(emails: ReceivedEmail[]): string[] {
  const links = emails.flatMap((email) => email.links).map((link) => new URL(link));
  const segments = links.flatMap((url) => url.pathname.split('/'));
  const fragments = links.map((url) => url.hash.slice(1));
  return [
    ...new Set([
      ...segments.filter((segment) => tokenShape.test(segment)),
      ...fragments.filter(
        (fragment) => fragmentTokenShape.test(fragment) || tokenShape.test(fragment),
      ),
    ]),
  ];
}

type Person = { given_name: string; family_name: string; email: string | null; phone: string };

/**
 * Whoever the run's database knows. Without BROWSER_DATABASE_URL the app runs on its own
 * embedded database, out of reach: then the demo people, as the demo's sources name them.
 */
async function people(): Promise<Person[]> {
  const url = process.env.BROWSER_DATABASE_URL;
  if (!url) {
    const sources = ['demo-cornwall.ts', 'demo-riverside.ts'].map((file) =>
      fs.readFileSync(`src/server/demo/${file}`, 'utf8'),
    );
    return [...sources.join('\n').matchAll(/person\('([^']+)', '([^']+)'/g)].map((match) => ({
      given_name: match[1] ?? '',
      family_name: match[2] ?? '',
      email: null,
      phone: '',
    }));
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<Person>(
      'select given_name, family_name, email, phone from people',
    );
    return result.rows;
  } finally {
    await client.end();
  }
}

/** What must not be in the log, each with why, so a failure says what leaked. */
function forbidden(tokens: string[], known: Person[]): { what: string; pattern: RegExp }[] {
  const literal = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const word = (text: string): RegExp =>
    new RegExp(`(?<![\\p{L}\\d])${literal(text)}(?![\\p{L}\\d])`, 'u');
  return [
    ...tokens.flatMap((token) =>
      token.split('.').map((half) => ({ what: `a token of an emailed link`, pattern: word(half) })),
    ),
    ...known.flatMap((person) =>
      [person.given_name, person.family_name, person.email, person.phone]
        .filter((value): value is string => Boolean(value && value.length >= 3))
        .map((value) => ({ what: `a person's details (${value})`, pattern: word(value) })),
    ),
  ];
}

test('the app logged no emailed-link token and no person’s details during the journeys', async ({
  request,
}) => {
  const logFile = process.env.PLAYWRIGHT_APP_LOG;
  expect(logFile, 'playwright.config.ts names the app log').toBeTruthy();
  const lines = fs.readFileSync(logFile ?? '', 'utf8').split('\n');
  // The scan means something only if the requests were logged.
  expect(lines.some((line) => line.includes('"msg":"incoming request"'))).toBe(true);

  const response = await request.get(`${mailCatcherUrl}/messages`);
  expect(response.ok()).toBe(true);
  const tokens = tokensOf((await response.json()) as ReceivedEmail[]);
  const checks = forbidden(tokens, await people());
  test.info().annotations.push({
    type: 'scanned',
    description: `${lines.length} log lines for ${tokens.length} emailed tokens and ${checks.length} secrets in all`,
  });

  const leaks = lines.flatMap((line, index) =>
    checks
      .filter((check) => check.pattern.test(line))
      .map((check) => `line ${index + 1}: ${check.what}`),
  );
  expect(leaks).toEqual([]);
});
