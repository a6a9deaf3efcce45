import { randomUUID } from 'node:crypto';
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import {
  directoryOrganizations,
  notifications,
  programmeSettings,
  sites,
} from '../../src/server/db/schema';
import type { Account, AccountList } from '../../src/shared/contracts/accounts';
import type { SessionView, TwoFactorSetup } from '../../src/shared/contracts/auth';
import type { OrganisationList } from '../../src/shared/contracts/organisations';
import type { SiteList } from '../../src/shared/contracts/sites';
import { isSiteRole, roles } from '../../src/shared/roles';
import { Client, startTestApp, type TestApp } from '../helpers/app';
import {
  makeAccount,
  makeFailedEmail,
  makeOrganisation,
  makeSite,
  testPassword,
} from '../helpers/factories';
import {
  type Action,
  Caller,
  actionsOf,
  type Grants,
  expectCoverage,
  expectOutcome,
  read,
  runAs,
  write,
} from '../helpers/permission-matrix';
import { type SystemKey, makeSystemKey, registerSystem } from '../helpers/fhir-systems';
import { accountMatrix } from './permission-routes';

/*
 * Who may do what on accounts, organisations, sites, the session, audit, emails, the
 * directory and reports. Every action names the operation of the OpenAPI document it
 * exercises (permission-routes.ts gives this matrix its operations: each needs an action
 * here) and has a row in `matrix`. The home roles hold their site roles at the home site,
 * whose organisation is the partner of a directory listing; the last two columns are a
 * site manager of another site and partner staff of another organisation.
 */

const callers = [
  'referrer',
  'link_worker',
  'partner_staff',
  'site_manager',
  'evaluator',
  'administrator',
  'other_site_manager',
  'other_partner_staff',
] as const;
type CallerName = (typeof callers)[number];

let t: TestApp;
let homeOrganisation: { id: string; name: string };
let homeSite: { id: string; name: string };
let otherSite: { id: string; name: string };
const clients = new Map<CallerName, Caller>();

beforeAll(async () => {
  t = await startTestApp();
  homeOrganisation = await makeOrganisation(t.database.db);
  homeSite = await makeSite(t.database.db, { organisationId: homeOrganisation.id });
  otherSite = await makeSite(t.database.db);
  const otherPartner = await makeOrganisation(t.database.db, 'community_partner');
  const otherPartnerSite = await makeSite(t.database.db, { organisationId: otherPartner.id });
  const grantsOf = (caller: CallerName): Grants => {
    if (caller === 'other_site_manager') return [{ role: 'site_manager', siteId: otherSite.id }];
    if (caller === 'other_partner_staff')
      return [{ role: 'partner_staff', siteId: otherPartnerSite.id }];
    return [{ role: caller, siteId: isSiteRole(caller) ? homeSite.id : null }];
  };
  for (const caller of callers) clients.set(caller, await Caller.signedIn(t, grantsOf(caller)));
});
afterAll(() => t.close());

function clientOf(caller: CallerName): Caller {
  const client = clients.get(caller);
  if (!client) throw new Error(`no client signed in as ${caller}`);
  return client;
}

let person: Promise<Caller> | undefined;
/** A person of the home site signed in to their own space, made once. */
function personCaller(): Promise<Caller> {
  person ??= Caller.person(t, homeSite.id);
  return person;
}

/** What the administrator sees, to tell whether a write took effect. */
function adminRead<T>(url: string): () => Promise<T> {
  return async () => (await clientOf('administrator').get(url)).json<T>();
}

function unique(prefix: string): string {
  return `${prefix} ${Math.random().toString(36).slice(2, 10)}`;
}

/** A fresh vocabulary entry, made by the administrator, for a cell to change or remove. */
async function vocabularyEntryId(): Promise<string> {
  const response = await clientOf('administrator').post('/api/search/vocabulary', {
    en: [unique('entry')],
    fr: [unique('entrée')],
  });
  expect(response.statusCode).toBe(201);
  return response.json<{ id: string }>().id;
}

/** A fresh term of a feed's own taxonomy, imported by the administrator, for a cell to map. */
async function feedTermId(): Promise<string> {
  const name = unique('Term');
  const term = { id: randomUUID(), name, description: name, taxonomy: 'Feed terms' };
  const service = {
    id: randomUUID(),
    name: unique('Service'),
    status: 'active',
    attributes: [{ id: randomUUID(), taxonomy_term_id: term.id, taxonomy_term: term }],
  };
  const imported = await clientOf('administrator').post('/api/directory/imports', {
    format: 'json',
    files: { 'services.json': JSON.stringify([service]) },
  });
  expect(imported.json<{ status: string }>().status).toBe('imported');
  return term.id;
}

/** Two fresh sites for a grouping of its own (no two groupings may share their sites). */
async function freshSiteIds(): Promise<string[]> {
  return [(await makeSite(t.database.db)).id, (await makeSite(t.database.db)).id];
}

/** A grouping of sites for reports, made by the administrator. */
async function reportGroupingId(): Promise<string> {
  const response = await clientOf('administrator').post('/api/report-groupings', {
    name: unique('Grouping'),
    siteIds: await freshSiteIds(),
  });
  expect(response.statusCode).toBe(201);
  return response.json<{ id: string }>().id;
}

let listing: Promise<{ serviceId: string; capacityId: string }> | undefined;

/** One directory listing of the home organisation (a partner), imported once by the administrator. */
function partnerListing(): Promise<{ serviceId: string; capacityId: string }> {
  listing ??= (async () => {
    const ids = { organization: randomUUID(), serviceId: randomUUID(), capacityId: randomUUID() };
    const service = {
      id: ids.serviceId,
      name: unique('Listing'),
      status: 'active',
      organization: { id: ids.organization, name: unique('Partner'), description: 'A partner' },
      capacities: [
        {
          id: ids.capacityId,
          unit: { id: randomUUID(), name: 'place', scheme: 'test', identifier: 'place' },
          available: 5,
          updated: new Date().toISOString(),
        },
      ],
    };
    const imported = await clientOf('administrator').post('/api/directory/imports', {
      format: 'json',
      files: { 'services.json': JSON.stringify([service]) },
    });
    expect(imported.json<{ status: string }>().status).toBe('imported');
    await t.database.db
      .update(directoryOrganizations)
      .set({ partnerOrganisationId: homeOrganisation.id })
      .where(eq(directoryOrganizations.id, ids.organization));
    return { serviceId: ids.serviceId, capacityId: ids.capacityId };
  })();
  return listing;
}

/** A fresh pending change to the home partner's listing, proposed by the administrator. */
async function pendingChange(): Promise<{ id: string; version: number }> {
  const { serviceId, capacityId } = await partnerListing();
  const response = await clientOf('administrator').post('/api/directory/change-requests', {
    entityType: 'service_capacity',
    serviceId,
    capacityId,
    available: Math.floor(Math.random() * 100),
    referralStatus: 'open',
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: string; version: number }>();
}

let importJobId: Promise<string> | undefined;

/** An unread notification of the account (a fresh one's when anonymous). */
async function notificationOf(accountId: string | null): Promise<string> {
  const [row] = await t.database.db
    .insert(notifications)
    .values({ accountId: accountId ?? (await accountWithoutRoles()), kind: 'referral.received' })
    .returning({ id: notifications.id });
  if (!row) throw new Error('no notification');
  return row.id;
}

/** Whether the notification was read, as the database says. */
function readAtOf(id: string): () => Promise<unknown> {
  return async () =>
    (
      await t.database.db
        .select({ readAt: notifications.readAt })
        .from(notifications)
        .where(eq(notifications.id, id))
    )[0]?.readAt ?? null;
}

async function accountWithoutRoles(): Promise<string> {
  return (await makeAccount(t.database.db, [])).id;
}

/** Whether the server still takes a session: asked with a copy of its cookie, not the client's own. */
function sessionAlive(session: Client): () => Promise<number> {
  const witness = new Client(t.app);
  witness.cookie = session.cookie;
  return async () => (await witness.get('/api/auth/session')).statusCode;
}

/** Whether two-factor sign-in is on, as the account's own session says (its status if refused). */
function twoFactorOf(session: Client): () => Promise<boolean | number> {
  return async () => {
    const response = await session.get('/api/auth/session');
    if (response.statusCode !== 200) return response.statusCode;
    return response.json<SessionView>().account.twoFactorEnabled;
  };
}

/**
 * Starts two-factor setup; the secret, or null when refused. Codes come from the step of
 * now and the next one: the server takes one step either side, never the same step twice.
 */
async function twoFactorSecret(session: Client): Promise<string | null> {
  const setup = await session.post('/api/me/two-factor/setup');
  return setup.statusCode === 200 ? setup.json<TwoFactorSetup>().secret : null;
}

function codeOf(secret: string | null, stepsAhead: number): Promise<string> {
  if (!secret) return Promise.resolve('000000');
  return generate({ secret, epoch: Math.floor(Date.now() / 1000) + stepsAhead * 30 });
}

let systemKey: Promise<SystemKey> | undefined;

/** What an administrator registers for a connected system of the home site (one key for all). */
async function systemBody(): Promise<Record<string, unknown>> {
  systemKey ??= makeSystemKey();
  return {
    name: unique('EHR'),
    locale: 'fr',
    jwks: { keys: [(await systemKey).publicJwk] },
    allowedScopes: ['system/Task.rs'],
    siteIds: [homeSite.id],
  };
}

/** A fresh connected system, registered by the administrator. */
async function systemId(): Promise<string> {
  systemKey ??= makeSystemKey();
  const made = await registerSystem(clientOf('administrator'), {
    siteIds: [homeSite.id],
    keys: [await systemKey],
  });
  return made.id;
}

const on = actionsOf(accountMatrix);

/** Every action built so far. A new one gets an entry here and a row in the matrix below. */
const actions = {
  'list organisations': on('GET /api/organisations', (caller) =>
    read(caller.get('/api/organisations')),
  ),
  'create an organisation': on('POST /api/organisations', (caller) =>
    write(adminRead<OrganisationList>('/api/organisations'), () =>
      caller.post('/api/organisations', {
        name: unique('Organisation'),
        kind: 'community_partner',
      }),
    ),
  ),
  'update an organisation': on('PATCH /api/organisations/{id}', async (caller) => {
    const { id } = await makeOrganisation(t.database.db);
    return write(adminRead<OrganisationList>('/api/organisations'), () =>
      caller.patch(`/api/organisations/${id}`, { name: unique('Renamed'), version: 1 }),
    );
  }),
  'list sites': on('GET /api/sites', (caller) => read(caller.get('/api/sites'))),
  'create a site': on('POST /api/sites', (caller) =>
    write(adminRead<SiteList>('/api/sites'), () =>
      caller.post('/api/sites', {
        organisationId: homeOrganisation.id,
        name: unique('Site'),
        defaultLocale: 'fr',
      }),
    ),
  ),
  'update a site': on('PATCH /api/sites/{id}', async (caller) => {
    const { id } = await makeSite(t.database.db);
    return write(adminRead<SiteList>('/api/sites'), () =>
      caller.patch(`/api/sites/${id}`, { name: unique('Renamed'), version: 1 }),
    );
  }),
  'list accounts': on('GET /api/accounts', (caller) => read(caller.get('/api/accounts'))),
  'read an account': on('GET /api/accounts/{id}', async (caller) =>
    read(caller.get(`/api/accounts/${await accountWithoutRoles()}`)),
  ),
  'create an account': on('POST /api/accounts', (caller) => {
    const email = `${unique('new').replace(' ', '-')}@example.org`;
    return write(adminRead<AccountList>(`/api/accounts?search=${encodeURIComponent(email)}`), () =>
      caller.post('/api/accounts', {
        email,
        displayName: 'New Person',
        password: 'a long enough passphrase',
        grants: [{ role: 'referrer', siteId: homeSite.id }],
      }),
    );
  }),
  'update an account': on('PATCH /api/accounts/{id}', async (caller) => {
    const id = await accountWithoutRoles();
    return write(adminRead<Account>(`/api/accounts/${id}`), () =>
      caller.patch(`/api/accounts/${id}`, { displayName: 'Renamed Person', version: 1 }),
    );
  }),
  'set an account’s password': on('POST /api/accounts/{id}/password', async (caller) => {
    const id = await accountWithoutRoles();
    return write(adminRead<Account>(`/api/accounts/${id}`), () =>
      caller.post(`/api/accounts/${id}/password`, { newPassword: 'a fresh long passphrase' }),
    );
  }),
  'grant a role': on('POST /api/accounts/{id}/grants', async (caller) => {
    const id = await accountWithoutRoles();
    return write(adminRead<Account>(`/api/accounts/${id}`), () =>
      caller.post(`/api/accounts/${id}/grants`, { role: 'link_worker', siteId: homeSite.id }),
    );
  }),
  'revoke a role': on('DELETE /api/accounts/{id}/grants/{grantId}', async (caller) => {
    const { id } = await makeAccount(t.database.db, [{ role: 'evaluator' }]);
    const observe = adminRead<Account>(`/api/accounts/${id}`);
    const grant = (await observe()).grants[0];
    if (!grant) throw new Error('the account should hold a role');
    return write(observe, () => caller.delete(`/api/accounts/${id}/grants/${grant.id}`));
  }),
  'read the audit trail': on('GET /api/audit-events', (caller) =>
    read(caller.get('/api/audit-events')),
  ),
  'list undelivered emails': on('GET /api/admin/emails/failed', (caller) =>
    read(caller.get('/api/admin/emails/failed')),
  ),
  'send an undelivered email again': on('POST /api/admin/emails/{id}/retry', async (caller) => {
    const id = await makeFailedEmail(t.database.db, {
      recipient: `${unique('nobody')}@example.org`,
    });
    return write(adminRead('/api/admin/emails/failed'), () =>
      caller.post(`/api/admin/emails/${id}/retry`, {}),
    );
  }),
  'read the retention report': on('GET /api/admin/retention', (caller) =>
    read(caller.get('/api/admin/retention')),
  ),
  // The same period each time: the cell shows who may, and a refused one changes nothing.
  'set the retention period': on('PUT /api/admin/retention', (caller) =>
    write(
      () => t.database.db.select().from(programmeSettings),
      () => caller.request('PUT', '/api/admin/retention', { retentionYears: null }),
    ),
  ),
  'list connected systems': on('GET /api/admin/systems', (caller) =>
    read(caller.get('/api/admin/systems')),
  ),
  'register a connected system': on('POST /api/admin/systems', async (caller) => {
    const body = await systemBody();
    return write(adminRead('/api/admin/systems'), () => caller.post('/api/admin/systems', body));
  }),
  'read a connected system': on('GET /api/admin/systems/{id}', async (caller) =>
    read(caller.get(`/api/admin/systems/${await systemId()}`)),
  ),
  'change a connected system': on('PATCH /api/admin/systems/{id}', async (caller) => {
    const id = await systemId();
    return write(adminRead(`/api/admin/systems/${id}`), () =>
      caller.patch(`/api/admin/systems/${id}`, { name: unique('Renamed EHR'), version: 1 }),
    );
  }),
  'deactivate a connected system': on('POST /api/admin/systems/{id}/deactivate', async (caller) => {
    const id = await systemId();
    return write(adminRead(`/api/admin/systems/${id}`), () =>
      caller.post(`/api/admin/systems/${id}/deactivate`, { version: 1 }),
    );
  }),
  'read my session': on('GET /api/auth/session', (caller) => read(caller.get('/api/auth/session'))),
  'read my home': on('GET /api/home', (caller) => read(caller.get('/api/home'))),
  'list my notifications': on('GET /api/notifications', (caller) =>
    read(caller.get('/api/notifications')),
  ),
  'mark my notification read': on('POST /api/notifications/{id}/read', async (caller) => {
    const id = await notificationOf(caller.accountId);
    return write(readAtOf(id), () => caller.post(`/api/notifications/${id}/read`));
  }),
  'mark another account’s notification read': on(
    'POST /api/notifications/{id}/read',
    async (caller) => {
      const id = await notificationOf(null);
      return write(readAtOf(id), () => caller.post(`/api/notifications/${id}/read`));
    },
  ),
  'mark all my notifications read': on('POST /api/notifications/read-all', async (caller) => {
    const id = await notificationOf(caller.accountId);
    return write(readAtOf(id), () => caller.post('/api/notifications/read-all'));
  }),
  'sign out': on('POST /api/auth/sign-out', async (caller) => {
    const session = await caller.another();
    return write(sessionAlive(session), () => session.post('/api/auth/sign-out'));
  }),
  'change my name and language': on('PATCH /api/me', (caller) =>
    write(
      async () => (await caller.get('/api/auth/session')).body,
      () => caller.patch('/api/me', { displayName: unique('Person'), locale: 'en' }),
    ),
  ),
  'change my password': on('POST /api/me/password', async (caller) => {
    const newPassword = 'another long passphrase';
    const response = await caller.post('/api/me/password', {
      currentPassword: testPassword,
      newPassword,
    });
    if (response.statusCode === 204) {
      // Put the shared password back, so every other cell starts from the same account.
      const back = await caller.post('/api/me/password', {
        currentPassword: newPassword,
        newPassword: testPassword,
      });
      expect(back.statusCode).toBe(204);
    }
    return { response };
  }),
  'start two-factor setup': on('POST /api/me/two-factor/setup', (caller) =>
    read(caller.post('/api/me/two-factor/setup')),
  ),
  'turn two-factor on': on('POST /api/me/two-factor/enable', async (caller) => {
    const session = await caller.another();
    const secret = await twoFactorSecret(session);
    const code = await codeOf(secret, 0);
    return write(twoFactorOf(session), () => session.post('/api/me/two-factor/enable', { code }));
  }),
  'turn two-factor off': on('POST /api/me/two-factor/disable', async (caller) => {
    const session = await caller.another();
    const secret = await twoFactorSecret(session);
    if (secret) {
      const enabled = await session.post('/api/me/two-factor/enable', {
        code: await codeOf(secret, 0),
      });
      expect(enabled.statusCode).toBe(204);
    }
    const code = await codeOf(secret, 1);
    return write(twoFactorOf(session), () =>
      session.post('/api/me/two-factor/disable', { password: testPassword, code }),
    );
  }),
  'import the directory': on('POST /api/directory/imports', (caller) => {
    const name = unique('Service');
    const service = { id: randomUUID(), name, status: 'active' };
    return write(adminRead(`/hsds/services?search=${encodeURIComponent(name)}`), () =>
      caller.post('/api/directory/imports', {
        format: 'json',
        files: { 'services.json': JSON.stringify([service]) },
      }),
    );
  }),
  'export the directory as JSON': on('GET /api/directory/exports/json', (caller) =>
    read(caller.get('/api/directory/exports/json')),
  ),
  'export the directory as CSV': on('GET /api/directory/exports/csv', (caller) =>
    read(caller.get('/api/directory/exports/csv')),
  ),
  'search the directory': on('GET /api/directory/search', (caller) =>
    read(caller.get('/api/directory/search?q=yoga')),
  ),
  'read a listing in full': on('GET /api/directory/services/{serviceId}', async (caller) => {
    const { serviceId } = await partnerListing();
    return read(caller.get(`/api/directory/services/${serviceId}`));
  }),
  'list feed terms and their categories': on('GET /api/directory/term-categories', (caller) =>
    read(caller.get('/api/directory/term-categories')),
  ),
  'map a feed term to a category': on(
    'PUT /api/directory/term-categories/{termId}',
    async (caller) => {
      const termId = await feedTermId();
      return write(adminRead('/api/directory/term-categories'), () =>
        caller.request('PUT', `/api/directory/term-categories/${termId}`, {
          category: 'arts',
          version: 1,
        }),
      );
    },
  ),
  'list the search vocabulary': on('GET /api/search/vocabulary', (caller) =>
    read(caller.get('/api/search/vocabulary')),
  ),
  'add a vocabulary entry': on('POST /api/search/vocabulary', (caller) =>
    write(adminRead('/api/search/vocabulary'), () =>
      caller.post('/api/search/vocabulary', { en: [unique('term')], fr: [unique('terme')] }),
    ),
  ),
  'change a vocabulary entry': on('PATCH /api/search/vocabulary/{id}', async (caller) => {
    const id = await vocabularyEntryId();
    return write(adminRead('/api/search/vocabulary'), () =>
      caller.patch(`/api/search/vocabulary/${id}`, { en: [unique('changed')], version: 1 }),
    );
  }),
  'remove a vocabulary entry': on('DELETE /api/search/vocabulary/{id}', async (caller) => {
    const id = await vocabularyEntryId();
    return write(adminRead('/api/search/vocabulary'), () =>
      caller.delete(`/api/search/vocabulary/${id}`),
    );
  }),
  'list my directory listings': on('GET /api/directory/my-listings', async (caller) => {
    await partnerListing();
    return read(caller.get('/api/directory/my-listings'));
  }),
  'propose a listing change': on('POST /api/directory/change-requests', async (caller) => {
    const { serviceId, capacityId } = await partnerListing();
    return write(adminRead('/api/directory/change-requests?status=pending'), () =>
      caller.post('/api/directory/change-requests', {
        entityType: 'service_capacity',
        serviceId,
        capacityId,
        available: 3,
        referralStatus: 'waitlist',
      }),
    );
  }),
  'confirm a listing is still accurate': on(
    'POST /api/directory/listings/{serviceId}/confirm',
    async (caller) => {
      const { serviceId } = await partnerListing();
      return write(adminRead('/api/directory/my-listings'), () =>
        caller.post(`/api/directory/listings/${serviceId}/confirm`),
      );
    },
  ),
  'list proposed listing changes': on('GET /api/directory/change-requests', (caller) =>
    read(caller.get('/api/directory/change-requests?status=pending')),
  ),
  'approve a listing change': on(
    'POST /api/directory/change-requests/{id}/approve',
    async (caller) => {
      const change = await pendingChange();
      return write(adminRead('/api/directory/change-requests?status=pending'), () =>
        caller.post(`/api/directory/change-requests/${change.id}/approve`, {
          version: change.version,
        }),
      );
    },
  ),
  'reject a listing change': on(
    'POST /api/directory/change-requests/{id}/reject',
    async (caller) => {
      const change = await pendingChange();
      return write(adminRead('/api/directory/change-requests?status=pending'), () =>
        caller.post(`/api/directory/change-requests/${change.id}/reject`, {
          version: change.version,
          note: 'Not this one.',
        }),
      );
    },
  ),
  'start a directory import job': on('POST /api/directory/import-jobs', (caller) =>
    read(
      caller.post('/api/directory/import-jobs', {
        format: 'json',
        files: {
          'services.json': JSON.stringify([
            { id: randomUUID(), name: unique('Service'), status: 'active' },
          ]),
        },
      }),
    ),
  ),
  'watch a directory import job': on('GET /api/directory/import-jobs/{id}', async (caller) => {
    importJobId ??= (async () => {
      const started = await clientOf('administrator').post('/api/directory/import-jobs', {
        format: 'json',
        files: {
          'services.json': JSON.stringify([{ id: randomUUID(), name: 'x', status: 'active' }]),
        },
      });
      expect(started.statusCode).toBe(202);
      return started.json<{ id: string }>().id;
    })();
    return read(caller.get(`/api/directory/import-jobs/${await importJobId}`));
  }),
  'read the home site’s dashboard': on('GET /api/reports/dashboard', (caller) =>
    read(caller.get(`/api/reports/dashboard?scope=site:${homeSite.id}`)),
  ),
  'read the programme’s dashboard': on('GET /api/reports/dashboard', (caller) =>
    read(caller.get('/api/reports/dashboard?scope=programme')),
  ),
  'read the home site’s outcomes': on('GET /api/reports/outcomes', (caller) =>
    read(caller.get(`/api/reports/outcomes?scope=site:${homeSite.id}`)),
  ),
  'read the home site’s outcomes by age band': on('GET /api/reports/outcomes/groups', (caller) =>
    read(caller.get(`/api/reports/outcomes/groups?scope=site:${homeSite.id}&dimension=age_band`)),
  ),
  'download the home site’s programme report': on('GET /api/reports/programme.pdf', (caller) =>
    read(caller.get(`/api/reports/programme.pdf?scope=site:${homeSite.id}`)),
  ),
  'read the home site’s gap map': on('GET /api/reports/gap-map', (caller) =>
    read(caller.get(`/api/reports/gap-map?scope=site:${homeSite.id}&distance=25`)),
  ),
  'export de-identified cases': on('GET /api/reports/export.csv', (caller) =>
    read(caller.get('/api/reports/export.csv')),
  ),
  'list the scopes of reports': on('GET /api/reports/scopes', (caller) =>
    read(caller.get('/api/reports/scopes')),
  ),
  'list report groupings': on('GET /api/report-groupings', (caller) =>
    read(caller.get('/api/report-groupings')),
  ),
  'define a report grouping': on('POST /api/report-groupings', async (caller) => {
    const siteIds = await freshSiteIds();
    return write(adminRead('/api/report-groupings'), () =>
      caller.post('/api/report-groupings', { name: unique('Grouping'), siteIds }),
    );
  }),
  'change a report grouping': on('PATCH /api/report-groupings/{id}', async (caller) => {
    const id = await reportGroupingId();
    return write(adminRead('/api/report-groupings'), () =>
      caller.patch(`/api/report-groupings/${id}`, { name: unique('Renamed'), version: 1 }),
    );
  }),
  'remove a report grouping': on('DELETE /api/report-groupings/{id}', async (caller) => {
    const id = await reportGroupingId();
    return write(adminRead('/api/report-groupings'), () =>
      caller.delete(`/api/report-groupings/${id}`),
    );
  }),
} satisfies Record<string, Action<typeof accountMatrix>>;

type ActionName = keyof typeof actions;
/** A status for each caller, in the order of `callers`. */
type Row = Readonly<Statuses<typeof callers.length>>;
type Statuses<N extends number, T extends number[] = []> = T['length'] extends N
  ? T
  : Statuses<N, [...T, number]>;

/*
 * The expected status of every action for every caller: the one place this policy is written
 * down. At home: ref referrer, lw link worker, ps partner staff, sm site manager, all of the
 * home site (its organisation is the listing's partner), ev evaluator, adm administrator.
 * Elsewhere: sm a site manager of another site, ps partner staff of another organisation.
 */
// prettier-ignore
const matrix: Record<ActionName, Row> = {
  //                                      at home                         elsewhere
  //                                      ref  lw   ps   sm   ev   adm    sm   ps
  'list organisations':                  [403, 403, 403, 403, 403, 200,   403, 403],
  'create an organisation':              [403, 403, 403, 403, 403, 201,   403, 403],
  'update an organisation':              [403, 403, 403, 403, 403, 200,   403, 403],
  'list sites':                          [200, 200, 200, 200, 200, 200,   200, 200],
  'create a site':                       [403, 403, 403, 403, 403, 201,   403, 403],
  'update a site':                       [403, 403, 403, 403, 403, 200,   403, 403],
  'list accounts':                       [403, 403, 403, 403, 403, 200,   403, 403],
  'read an account':                     [403, 403, 403, 403, 403, 200,   403, 403],
  'create an account':                   [403, 403, 403, 403, 403, 201,   403, 403],
  'update an account':                   [403, 403, 403, 403, 403, 200,   403, 403],
  'set an account’s password':           [403, 403, 403, 403, 403, 204,   403, 403],
  'grant a role':                        [403, 403, 403, 403, 403, 201,   403, 403],
  'revoke a role':                       [403, 403, 403, 403, 403, 200,   403, 403],
  'read the audit trail':                [403, 403, 403, 403, 403, 200,   403, 403],
  'list undelivered emails':             [403, 403, 403, 403, 403, 200,   403, 403],
  'send an undelivered email again':     [403, 403, 403, 403, 403, 204,   403, 403],
  'read the retention report':           [403, 403, 403, 403, 403, 200,   403, 403],
  'set the retention period':            [403, 403, 403, 403, 403, 200,   403, 403],
  'list connected systems':              [403, 403, 403, 403, 403, 200,   403, 403],
  'register a connected system':         [403, 403, 403, 403, 403, 201,   403, 403],
  'read a connected system':             [403, 403, 403, 403, 403, 200,   403, 403],
  'change a connected system':           [403, 403, 403, 403, 403, 200,   403, 403],
  'deactivate a connected system':       [403, 403, 403, 403, 403, 200,   403, 403],
  'read my session':                     [200, 200, 200, 200, 200, 200,   200, 200],
  'read my home':                        [200, 200, 200, 200, 200, 200,   200, 200],
  'list my notifications':               [200, 200, 200, 200, 200, 200,   200, 200],
  'mark my notification read':           [204, 204, 204, 204, 204, 204,   204, 204],
  'mark another account’s notification read': [404, 404, 404, 404, 404, 404, 404, 404],
  'mark all my notifications read':      [204, 204, 204, 204, 204, 204,   204, 204],
  'sign out':                            [204, 204, 204, 204, 204, 204,   204, 204],
  'change my name and language':         [200, 200, 200, 200, 200, 200,   200, 200],
  'change my password':                  [204, 204, 204, 204, 204, 204,   204, 204],
  'start two-factor setup':              [200, 200, 200, 200, 200, 200,   200, 200],
  'turn two-factor on':                  [204, 204, 204, 204, 204, 204,   204, 204],
  'turn two-factor off':                 [204, 204, 204, 204, 204, 204,   204, 204],
  'import the directory':                [403, 403, 403, 403, 403, 200,   403, 403],
  'export the directory as JSON':        [403, 403, 403, 403, 403, 200,   403, 403],
  'export the directory as CSV':         [403, 403, 403, 403, 403, 200,   403, 403],
  'search the directory':                [200, 200, 200, 200, 200, 200,   200, 200],
  'read a listing in full':              [200, 200, 200, 200, 200, 200,   200, 200],
  'list feed terms and their categories': [403, 403, 403, 403, 403, 200,  403, 403],
  'map a feed term to a category':       [403, 403, 403, 403, 403, 200,   403, 403],
  'list the search vocabulary':          [403, 403, 403, 403, 403, 200,   403, 403],
  'add a vocabulary entry':              [403, 403, 403, 403, 403, 201,   403, 403],
  'change a vocabulary entry':           [403, 403, 403, 403, 403, 200,   403, 403],
  'remove a vocabulary entry':           [403, 403, 403, 403, 403, 204,   403, 403],
  'list my directory listings':          [403, 403, 200, 403, 403, 200,   403, 200],
  'propose a listing change':            [403, 403, 201, 403, 403, 201,   403, 404],
  'confirm a listing is still accurate': [403, 403, 200, 403, 403, 200,   403, 404],
  'list proposed listing changes':       [403, 403, 403, 200, 403, 200,   200, 403],
  'approve a listing change':            [403, 403, 403, 200, 403, 200,   200, 403],
  'reject a listing change':             [403, 403, 403, 200, 403, 200,   200, 403],
  'start a directory import job':        [403, 403, 403, 403, 403, 202,   403, 403],
  'watch a directory import job':        [403, 403, 403, 403, 403, 200,   403, 403],
  'read the home site’s dashboard':      [403, 403, 403, 200, 200, 200,   404, 403],
  'read the programme’s dashboard':      [403, 403, 403, 403, 200, 200,   403, 403],
  'read the home site’s outcomes':       [403, 403, 403, 200, 200, 200,   404, 403],
  'read the home site’s outcomes by age band': [403, 403, 403, 200, 200, 200, 404, 403],
  'download the home site’s programme report': [403, 403, 403, 200, 200, 200, 404, 403],
  'read the home site’s gap map': [403, 403, 403, 200, 200, 200, 404, 403],
  'export de-identified cases':          [403, 403, 403, 403, 200, 200,   403, 403],
  'list the scopes of reports':          [403, 403, 403, 200, 200, 200,   200, 403],
  'list report groupings':               [403, 403, 403, 403, 403, 200,   403, 403],
  'define a report grouping':            [403, 403, 403, 403, 403, 201,   403, 403],
  'change a report grouping':            [403, 403, 403, 403, 403, 200,   403, 403],
  'remove a report grouping':            [403, 403, 403, 403, 403, 204,   403, 403],
};

const actionNames = Object.keys(actions) as ActionName[];

function expectedStatus(action: ActionName, caller: CallerName): number {
  const status = matrix[action][callers.indexOf(caller)];
  if (status === undefined) throw new Error(`no expected status for ${action} as ${caller}`);
  return status;
}

const cells = actionNames.flatMap((action) =>
  callers.map((caller) => ({ action, caller, status: expectedStatus(action, caller) })),
);

describe('the permission matrix', () => {
  it('has an action for every operation permission-routes.ts gives it', () => {
    expectCoverage(accountMatrix, actions);
  });

  it('has a column for every role', () => {
    // A role added to the product but not to the columns fails here rather than going untested.
    expect(callers).toEqual(expect.arrayContaining([...roles]));
  });

  it.each(cells)('$action as $caller: $status', async ({ action, caller, status }) => {
    expectOutcome(await runAs(actions[action], clientOf(caller)), status);
  });

  it.each(actionNames)('%s is refused to an anonymous caller with 401', async (action) => {
    expectOutcome(await runAs(actions[action], Caller.anonymous(t)), 401);
  });

  // A person's session (features/person-space) is not a staff session: every route refuses it.
  it.each(actionNames)('%s is refused to a person’s own session with 401', async (action) => {
    expectOutcome(await runAs(actions[action], await personCaller()), 401);
  });

  it.each(roles)('gives %s the permissions the matrix says', async (role) => {
    const session = (await clientOf(role).get('/api/auth/session')).json<SessionView>();
    expect(session.permissions).toEqual({
      manageAccounts: expectedStatus('create an account', role) === 201,
      manageOrganisations: expectedStatus('create an organisation', role) === 201,
      manageSites: expectedStatus('create a site', role) === 201,
      readAudit: expectedStatus('read the audit trail', role) === 200,
      manageEmails: expectedStatus('list undelivered emails', role) === 200,
      searchDirectory: expectedStatus('search the directory', role) === 200,
      editListings: expectedStatus('list my directory listings', role) === 200,
      moderateListings: expectedStatus('list proposed listing changes', role) === 200,
      manageDirectory: expectedStatus('import the directory', role) === 200,
      workOnCases: role === 'link_worker' || role === 'site_manager',
      makeReferrals: role === 'referrer',
      answerConnections: role === 'partner_staff',
      readReports: expectedStatus('read the home site’s dashboard', role) === 200,
    });
  });

  it('keeps the organisation list unchanged after a refused create', async () => {
    const before = await adminRead<OrganisationList>('/api/organisations')();
    const refused = await clientOf('site_manager').post('/api/organisations', {
      name: 'Refused organisation',
      kind: 'health_centre',
    });
    expect(refused.statusCode).toBe(403);
    const after = await adminRead<OrganisationList>('/api/organisations')();
    expect(after).toEqual(before);
    expect(after.items.map((o) => o.name)).not.toContain('Refused organisation');
  });
});

describe('which sites each role sees', () => {
  const siteIdsSeenBy = async (client: Client): Promise<string[]> =>
    (await client.get('/api/sites')).json<SiteList>().items.map((site) => site.id);

  it.each(['referrer', 'link_worker', 'partner_staff', 'site_manager'] as const)(
    'shows a %s only their own site',
    async (role) => {
      expect(await siteIdsSeenBy(clientOf(role))).toEqual([homeSite.id]);
    },
  );

  it('shows a link worker at two sites both of them, and no other', async () => {
    const account = await makeAccount(t.database.db, [
      { role: 'link_worker', siteId: homeSite.id },
      { role: 'link_worker', siteId: otherSite.id },
    ]);
    const client = new Client(t.app);
    await client.signIn(account.email, account.password);
    const seen = await siteIdsSeenBy(client);
    expect(seen.toSorted()).toEqual([homeSite.id, otherSite.id].toSorted());
  });

  it.each(['evaluator', 'administrator'] as const)('shows an %s every site', async (role) => {
    const everySite = await makeSite(t.database.db);
    const seen = await siteIdsSeenBy(clientOf(role));
    expect(seen).toEqual(expect.arrayContaining([homeSite.id, otherSite.id, everySite.id]));
    expect(seen).toHaveLength(await countSites());
  });
});

async function countSites(): Promise<number> {
  return t.database.db.$count(sites);
}
