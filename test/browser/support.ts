import AxeBuilder from '@axe-core/playwright';
import { type APIRequestContext, type APIResponse, expect, type Page } from '@playwright/test';

export const demoPassword = 'passerelle-demo';

export const demo = {
  admin: { email: 'admin@passerelle.example', name: 'Alex Martin' },
  referrer: { email: 'referrer@passerelle.example', name: 'Dr Emily Chen' },
  evaluator: { email: 'evaluator@passerelle.example', name: 'Jordan Lee' },
} as const;

/** Runs axe on the page as it stands and fails with a readable list of what it found. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const found = violations.map((violation) => ({
    rule: violation.id,
    impact: violation.impact,
    help: violation.help,
    targets: violation.nodes.map((node) => node.target.join(' ')),
  }));
  expect(found, `axe violations on ${page.url()}`).toEqual([]);
}

/** Signs in from the sign-in page, in English. */
export async function signIn(page: Page, email: string, password = demoPassword): Promise<void> {
  await page.getByRole('textbox', { name: 'Email address' }).fill(email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** Signs out through the account menu, whose names depend on the interface language. */
export async function signOut(
  page: Page,
  names: { menu: RegExp; signOut: string } = { menu: /account menu/, signOut: 'Sign out' },
): Promise<void> {
  await page.getByRole('button', { name: names.menu }).click();
  await page.getByRole('menuitem', { name: names.signOut }).click();
}

export type Api = {
  get: <T>(path: string) => Promise<T>;
  send: <T>(method: 'POST' | 'PATCH', path: string, body: unknown) => Promise<T>;
};

/** The administrator's API session, for arranging what a journey needs before it starts. */
export async function adminApi(request: APIRequestContext): Promise<Api> {
  const signIn = await request.post('/api/auth/sign-in', {
    data: { email: demo.admin.email, password: demoPassword },
  });
  expect(signIn.status()).toBe(200);
  const { csrfToken } = (await signIn.json()) as { csrfToken: string };
  const check = async (response: APIResponse): Promise<unknown> => {
    expect(response.ok(), `${response.url()}: ${await response.text()}`).toBe(true);
    return response.status() === 204 ? null : response.json();
  };
  return {
    get: async <T>(path: string) => (await check(await request.get(path))) as T,
    send: async <T>(method: 'POST' | 'PATCH', path: string, body: unknown) =>
      (await check(
        await request.fetch(path, { method, data: body, headers: { 'x-csrf-token': csrfToken } }),
      )) as T,
  };
}
