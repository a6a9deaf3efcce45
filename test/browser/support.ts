import AxeBuilder from '@axe-core/playwright';
import { type APIRequestContext, type APIResponse, expect, type Page } from '@playwright/test';

export const demoPassword = 'passerelle-demo';

export const demo = {
  admin: { email: 'admin@passerelle.example', name: 'Alex Martin' },
  referrer: { email: 'referrer@passerelle.example', name: 'Dr Emily Chen' },
  evaluator: { email: 'evaluator@passerelle.example', name: 'Jordan Lee' },
} as const;

/**
 * Runs axe on the page as it stands and fails with a readable list of what it found. The
 * pointer leaves the page first: a hover tooltip caught half-drawn (a map marker's, after a
 * click moved the map under the pointer) is not the page's state. Nor is a dialog or button
 * caught mid-fade: axe reads a half-transparent label as failing contrast, so finite
 * animations and transitions finish first (a loader's endless spin is left to run), and a
 * map's tooltip redrawn with new results gets its words (for up to 2 s: one that stays
 * empty is axe's to report).
 */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  await page.mouse.move(0, 0);
  await page
    .waitForFunction(
      () =>
        [...document.querySelectorAll('[role="tooltip"]')].every((tip) => tip.textContent?.trim()),
      undefined,
      { timeout: 2000 },
    )
    .catch(() => undefined);
  await page.waitForFunction(() =>
    document
      .getAnimations()
      .every(
        (animation) =>
          animation.playState !== 'running' ||
          animation.effect?.getTiming().iterations === Infinity,
      ),
  );
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
  send: <T>(method: 'POST' | 'PATCH' | 'PUT', path: string, body: unknown) => Promise<T>;
};

/** A demo account's API session, for arranging what a journey needs or tidying after it. */
export async function apiAs(request: APIRequestContext, email: string): Promise<Api> {
  const signIn = await request.post('/api/auth/sign-in', {
    data: { email, password: demoPassword },
  });
  expect(signIn.status()).toBe(200);
  const { csrfToken } = (await signIn.json()) as { csrfToken: string };
  const check = async (response: APIResponse): Promise<unknown> => {
    expect(response.ok(), `${response.url()}: ${await response.text()}`).toBe(true);
    return response.status() === 204 ? null : response.json();
  };
  return {
    get: async <T>(path: string) => (await check(await request.get(path))) as T,
    send: async <T>(method: 'POST' | 'PATCH' | 'PUT', path: string, body: unknown) =>
      (await check(
        await request.fetch(path, { method, data: body, headers: { 'x-csrf-token': csrfToken } }),
      )) as T,
  };
}

/** The administrator's API session, for arranging what a journey needs before it starts. */
export function adminApi(request: APIRequestContext): Promise<Api> {
  return apiAs(request, demo.admin.email);
}

/**
 * Sets a demo account's interface language back, through its own API session: a journey
 * that switches it and then fails would otherwise leave it for the journeys after.
 */
export async function resetLanguage(
  request: APIRequestContext,
  email: string,
  locale: 'en' | 'fr' = 'en',
): Promise<void> {
  await (await apiAs(request, email)).send('PATCH', '/api/me', { locale });
}

/** An email as the browser suite's mail catcher received it (see mail-catcher.ts). */
export type ReceivedEmail = {
  to: string[];
  from: string;
  subject: string;
  text: string;
  html?: string;
  /** The http(s) addresses in the text, in order. */
  links: string[];
  receivedAt: string;
};

export const mailCatcherUrl = `http://127.0.0.1:${process.env.PLAYWRIGHT_MAIL_PORT ?? 24173}`;

/**
 * Waits for the app to send an email (serve:test delivers every 200 ms) and returns the
 * newest one to `to` whose subject contains `subjectIncludes`, received after `since`.
 * The catcher keeps every message of the run: use a fresh recipient or `since`.
 */
export async function waitForEmail(
  request: APIRequestContext,
  filter: { to: string; subjectIncludes?: string; since?: Date; timeoutMs?: number },
): Promise<ReceivedEmail> {
  const matches = async (): Promise<ReceivedEmail[]> => {
    const response = await request.get(`${mailCatcherUrl}/messages`, {
      params: { to: filter.to },
    });
    expect(response.ok(), 'mail catcher answered').toBe(true);
    const all = (await response.json()) as ReceivedEmail[];
    return all.filter(
      (email) =>
        (!filter.subjectIncludes || email.subject.includes(filter.subjectIncludes)) &&
        (!filter.since || new Date(email.receivedAt) >= filter.since),
    );
  };
  let found: ReceivedEmail[] = [];
  await expect
    .poll(
      async () => {
        found = await matches();
        return found.length;
      },
      {
        message: `an email to ${filter.to} about "${filter.subjectIncludes ?? ''}"`,
        timeout: filter.timeoutMs ?? 15_000,
      },
    )
    .toBeGreaterThan(0);
  const newest = found[found.length - 1];
  if (!newest) throw new Error('no email found');
  return newest;
}

/** Who a journey refers: the form's person fields, with the rest defaulted. */
export type ReferredPerson = {
  givenName: string;
  familyName: string;
  dateOfBirth?: string;
  preferredLanguage?: 'fr' | 'en';
  contactPreference?: 'phone' | 'email' | 'text_message';
  phone?: string;
  email?: string;
};

/**
 * A demo referrer (Riverside's unless named) refers a person through the API, with consent
 * to be referred and to hear back (and to share with partners where said), and signs out
 * again; returns the new case's id. For journeys that start further down the pathway (the
 * referral screen has a journey of its own).
 */
export async function referByApi(
  request: APIRequestContext,
  person: ReferredPerson,
  referral: {
    reasons?: string[];
    urgency?: string;
    context?: string;
    referrer?: string;
    sharingWithPartners?: boolean;
  } = {},
): Promise<string> {
  const session = await request.post('/api/auth/sign-in', {
    data: { email: referral.referrer ?? demo.referrer.email, password: demoPassword },
  });
  expect(session.status()).toBe(200);
  const { csrfToken } = (await session.json()) as { csrfToken: string };
  const response = await request.post('/api/referrals', {
    headers: { 'x-csrf-token': csrfToken },
    data: {
      person: {
        dateOfBirth: '1950-06-02',
        preferredLanguage: 'en',
        contactPreference: person.email ? 'email' : 'phone',
        ...(person.email ? {} : { phone: '613-555-0123' }),
        ...person,
      },
      reasons: referral.reasons ?? ['loneliness_isolation'],
      urgency: referral.urgency ?? 'routine',
      ...(referral.context ? { context: referral.context } : {}),
      consent: {
        givenBy: 'person',
        givenAt: new Date(Date.now() - 60_000).toISOString(),
        coversReferral: true,
        coversReferrerUpdates: true,
        ...(referral.sharingWithPartners === undefined
          ? {}
          : { coversSharingWithPartners: referral.sharingWithPartners }),
      },
    },
  });
  expect(response.status(), await response.text()).toBe(201);
  await request.post('/api/auth/sign-out', { headers: { 'x-csrf-token': csrfToken } });
  return ((await response.json()) as { id: string }).id;
}

/**
 * A link worker takes the case and records the person's yes to support, through the API:
 * the plan, connections and questionnaires start only then. Returns the case's new version.
 */
export async function acceptByApi(api: Api, caseId: string): Promise<number> {
  const { version } = await api.get<{ version: number }>(`/api/cases/${caseId}`);
  const taken = await api.send<{ version: number }>('POST', `/api/cases/${caseId}/take`, {
    version,
  });
  const accepted = await api.send<{ version: number }>('POST', `/api/cases/${caseId}/status`, {
    to: 'active',
    version: taken.version,
  });
  return accepted.version;
}

/** A connection to a listing, sent to its partner and accepted by them: the person's activity. */
export async function connectByApi(
  api: Api,
  caseId: string,
  connection: { serviceId: string; personWants: string },
): Promise<string> {
  const proposed = await api.send<{ id: string; version: number }>(
    'POST',
    `/api/cases/${caseId}/connections`,
    connection,
  );
  const sent = await api.send<{ version: number }>(
    'POST',
    `/api/connections/${proposed.id}/status`,
    { to: 'sent', version: proposed.version },
  );
  await api.send('POST', `/api/connections/${proposed.id}/partner-answers`, {
    to: 'accepted',
    version: sent.version,
  });
  return proposed.id;
}

/** The demo directory's garden workshop at an Estrie partner: an address, Tuesdays and Saturdays. */
export const gardenWorkshop = 'c3ee0354-11b9-5527-ad5c-f769703b6686';

/**
 * A person referred in French by the Estrie referrer with partner sharing agreed, accepted by
 * the link worker (with a plan of one step, if given), connected to the garden workshop, and
 * invited to their own space: the invitation's sign-in link, as the email brings it.
 */
export async function invitePersonByApi(
  request: APIRequestContext,
  person: { givenName: string; familyName: string; dateOfBirth: string; email: string },
  plan?: { goal: string; step: string },
): Promise<{ caseId: string; linkWorker: Api; invitation: ReceivedEmail; link: URL }> {
  const caseId = await referByApi(
    request,
    { ...person, preferredLanguage: 'fr', contactPreference: 'email' },
    { referrer: 'referrer.estrie@passerelle.example', sharingWithPartners: true },
  );
  const linkWorker = await apiAs(request, 'linkworker@passerelle.example');
  await acceptByApi(linkWorker, caseId);
  if (plan) {
    const current = await linkWorker.get<{ version: number }>(`/api/cases/${caseId}/plan`);
    await linkWorker.send('PUT', `/api/cases/${caseId}/plan`, {
      version: current.version,
      goals: [{ text: plan.goal, steps: [{ text: plan.step, owner: 'person', dueOn: null }] }],
      agreedOn: null,
    });
  }
  await connectByApi(linkWorker, caseId, {
    serviceId: gardenWorkshop,
    personWants: 'Jardiner avec d’autres',
  });
  await linkWorker.send('POST', `/api/cases/${caseId}/person-invitations`, {});
  const invitation = await waitForEmail(request, {
    to: person.email,
    subjectIncludes: 'Votre plan',
  });
  const link = new URL(invitation.links.find((href) => href.includes('/me/sign-in#')) ?? '');
  return { caseId, linkWorker, invitation, link };
}

/**
 * The page fits the viewport's width the test set: no sideways scrolling. On a phone the
 * browser widens its layout viewport to the content (window.innerWidth grows with it), so
 * the document's and the body's scroll widths are compared with the width the test asked
 * for. Polled, because a layout that just changed (a viewport resized, the side menu sliding
 * away) settles over a few frames; a page that stays too wide fails with its widest elements.
 */
export async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const width = page.viewportSize()?.width ?? (await page.evaluate(() => window.innerWidth));
  const tooWide = (): Promise<string> =>
    page.evaluate((limit) => {
      const scrollWidth = Math.max(
        document.documentElement.scrollWidth,
        document.body.scrollWidth,
        window.innerWidth,
      );
      if (scrollWidth <= limit) return 'fits';
      const clipped = (element: Element): boolean => {
        for (let up = element.parentElement; up && up !== document.body; up = up.parentElement) {
          if (getComputedStyle(up).overflowX !== 'visible') return true;
        }
        return false;
      };
      const offenders: { right: number; description: string }[] = [];
      for (const element of Array.from(document.body.querySelectorAll('*'))) {
        const box = element.getBoundingClientRect();
        const right = Math.ceil(box.right + window.scrollX);
        if (box.width === 0 || right <= limit || box.left + window.scrollX >= limit) continue;
        // Off the page on purpose (the collapsed navigation), or inside a box that scrolls.
        if (element.closest('[inert], [aria-hidden="true"]') || clipped(element)) continue;
        const text = (element.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 60);
        const wide = `${Math.round(box.width)} px wide, right edge at ${right} px`;
        offenders.push({
          right,
          description: `<${element.tagName.toLowerCase()}> "${text}" ${wide}`,
        });
      }
      offenders.sort((a, b) => b.right - a.right);
      const widest = offenders.slice(0, 8).map((offender) => offender.description);
      return [`${scrollWidth} px wide, widest elements:`, ...widest].join('\n');
    }, width);
  await expect
    .poll(tooWide, { message: `${page.url()} fits ${width} px without sideways scrolling` })
    .toBe('fits');
}

/**
 * Every Mantine badge on the page is readable: its text has at least 4.5:1 contrast (WCAG AA
 * for normal text) with the background it is drawn on, and its label is whole, never cut.
 * The background is the badge's own, or, where that is transparent (an outline badge), the
 * nearest ancestor's that is not; a translucent one is laid over what is behind it.
 */
export async function expectReadableBadges(page: Page): Promise<void> {
  const unreadable = await page.evaluate(() => {
    type Rgba = [number, number, number, number];
    /** A computed colour: rgb(), rgba() or color(srgb …), the forms Chromium computes. */
    const parse = (colour: string): Rgba => {
      const numbers = colour.match(/[\d.]+/g)?.map(Number) ?? [];
      const [r = 0, g = 0, b = 0, a = 1] = numbers;
      if (colour.startsWith('rgb')) return [r, g, b, a];
      if (colour.startsWith('color(srgb')) return [r * 255, g * 255, b * 255, a];
      throw new Error(`a badge colour this check cannot read: ${colour}`);
    };
    const over = (top: Rgba, below: Rgba): Rgba => {
      const a = top[3];
      return [
        top[0] * a + below[0] * (1 - a),
        top[1] * a + below[1] * (1 - a),
        top[2] * a + below[2] * (1 - a),
        1,
      ];
    };
    /** The colour an element's box is painted with, its translucent layers laid on white. */
    const backgroundOf = (element: Element): Rgba => {
      const layers: Rgba[] = [];
      for (let at: Element | null = element; at; at = at.parentElement) {
        const layer = parse(getComputedStyle(at).backgroundColor);
        if (layer[3] === 0) continue;
        layers.push(layer);
        if (layer[3] === 1) break;
      }
      return layers.reduceRight<Rgba>((below, layer) => over(layer, below), [255, 255, 255, 1]);
    };
    const luminance = ([r, g, b]: Rgba): number => {
      const channel = (value: number): number => {
        const c = value / 255;
        return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    const problems: string[] = [];
    for (const badge of Array.from(document.querySelectorAll('.mantine-Badge-root'))) {
      const box = badge.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      const label = badge.querySelector('.mantine-Badge-label') ?? badge;
      const text = (label.textContent ?? '').trim();
      const background = backgroundOf(badge);
      const colour = over(parse(getComputedStyle(label).color), background);
      const [light, dark] = [luminance(colour), luminance(background)].sort((a, b) => b - a);
      const ratio = ((light ?? 0) + 0.05) / ((dark ?? 0) + 0.05);
      if (ratio < 4.5) {
        const rgb = (c: Rgba): string => `rgb(${c.slice(0, 3).map(Math.round).join(', ')})`;
        const shown = `${rgb(colour)} on ${rgb(background)}`;
        problems.push(`"${text}": contrast ${ratio.toFixed(2)}:1 (${shown})`);
      }
      for (const part of [badge, label]) {
        if (part.scrollWidth > part.clientWidth) {
          problems.push(
            `"${text}": cut (${part.scrollWidth} px of text in ${part.clientWidth} px)`,
          );
        }
      }
    }
    return problems;
  });
  expect(unreadable, `unreadable badges on ${page.url()}`).toEqual([]);
}
