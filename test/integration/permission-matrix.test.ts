import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { directoryOrganizations, sites } from '../../src/server/db/schema';
import type { Account, AccountList } from '../../src/shared/contracts/accounts';
import type { SessionView } from '../../src/shared/contracts/auth';
import type { OrganisationList } from '../../src/shared/contracts/organisations';
import type { SiteList } from '../../src/shared/contracts/sites';
import { isSiteRole, roles, type Role } from '../../src/shared/roles';
import { Client, errorOf, startTestApp, type TestApp } from '../helpers/app';
import {
  makeAccount,
  makeFailedEmail,
  makeOrganisation,
  makeSite,
  testPassword,
} from '../helpers/factories';

let t: TestApp;
let homeOrganisation: { id: string; name: string };
let homeSite: { id: string; name: string };
let otherSite: { id: string; name: string };
const clients = new Map<Role, Client>();

beforeAll(async () => {
  t = await startTestApp();
  homeOrganisation = await makeOrganisation(t.database.db);
  homeSite = await makeSite(t.database.db, { organisationId: homeOrganisation.id });
  otherSite = await makeSite(t.database.db);
  for (const role of roles) {
    const account = await makeAccount(t.database.db, [
      { role, siteId: isSiteRole(role) ? homeSite.id : null },
    ]);
    const client = new Client(t.app);
    expect((await client.signIn(account.email, account.password)).statusCode).toBe(200);
    clients.set(role, client);
  }
});
afterAll(() => t.close());

function clientOf(role: Role): Client {
  const client = clients.get(role);
  if (!client) throw new Error(`no client signed in as ${role}`);
  return client;
}

/** What the administrator sees, to tell whether a write took effect. */
function adminRead<T>(url: string): () => Promise<T> {
  return async () => (await clientOf('administrator').get(url)).json<T>();
}

function unique(prefix: string): string {
  return `${prefix} ${Math.random().toString(36).slice(2, 10)}`;
}

type Outcome = { response: LightMyRequestResponse; changed?: boolean };
type Action = (caller: Client) => Promise<Outcome>;

async function read(response: Promise<LightMyRequestResponse>): Promise<Outcome> {
  return { response: await response };
}

/** Sends a write and says whether what the administrator sees changed because of it. */
async function write(
  observe: () => Promise<unknown>,
  send: () => Promise<LightMyRequestResponse>,
): Promise<Outcome> {
  const before = await observe();
  const response = await send();
  return { response, changed: !isDeepStrictEqual(before, await observe()) };
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

async function accountWithoutRoles(): Promise<string> {
  return (await makeAccount(t.database.db, [])).id;
}

/** Every action built so far. A new one gets a function here and a row in the matrix below. */
const actions = {
  'list organisations': (caller) => read(caller.get('/api/organisations')),
  'create an organisation': (caller) =>
    write(adminRead<OrganisationList>('/api/organisations'), () =>
      caller.post('/api/organisations', {
        name: unique('Organisation'),
        kind: 'community_partner',
      }),
    ),
  'update an organisation': async (caller) => {
    const { id } = await makeOrganisation(t.database.db);
    return write(adminRead<OrganisationList>('/api/organisations'), () =>
      caller.patch(`/api/organisations/${id}`, { name: unique('Renamed'), version: 1 }),
    );
  },
  'list sites': (caller) => read(caller.get('/api/sites')),
  'create a site': (caller) =>
    write(adminRead<SiteList>('/api/sites'), () =>
      caller.post('/api/sites', {
        organisationId: homeOrganisation.id,
        name: unique('Site'),
        defaultLocale: 'fr',
      }),
    ),
  'update a site': async (caller) => {
    const { id } = await makeSite(t.database.db);
    return write(adminRead<SiteList>('/api/sites'), () =>
      caller.patch(`/api/sites/${id}`, { name: unique('Renamed'), version: 1 }),
    );
  },
  'list accounts': (caller) => read(caller.get('/api/accounts')),
  'read an account': async (caller) =>
    read(caller.get(`/api/accounts/${await accountWithoutRoles()}`)),
  'create an account': (caller) => {
    const email = `${unique('new').replace(' ', '-')}@example.org`;
    return write(adminRead<AccountList>(`/api/accounts?search=${encodeURIComponent(email)}`), () =>
      caller.post('/api/accounts', {
        email,
        displayName: 'New Person',
        password: 'a long enough passphrase',
        grants: [{ role: 'referrer', siteId: homeSite.id }],
      }),
    );
  },
  'update an account': async (caller) => {
    const id = await accountWithoutRoles();
    return write(adminRead<Account>(`/api/accounts/${id}`), () =>
      caller.patch(`/api/accounts/${id}`, { displayName: 'Renamed Person', version: 1 }),
    );
  },
  'set an account’s password': async (caller) => {
    const id = await accountWithoutRoles();
    return write(adminRead<Account>(`/api/accounts/${id}`), () =>
      caller.post(`/api/accounts/${id}/password`, { newPassword: 'a fresh long passphrase' }),
    );
  },
  'grant a role': async (caller) => {
    const id = await accountWithoutRoles();
    return write(adminRead<Account>(`/api/accounts/${id}`), () =>
      caller.post(`/api/accounts/${id}/grants`, { role: 'link_worker', siteId: homeSite.id }),
    );
  },
  'revoke a role': async (caller) => {
    const { id } = await makeAccount(t.database.db, [{ role: 'evaluator' }]);
    const observe = adminRead<Account>(`/api/accounts/${id}`);
    const grant = (await observe()).grants[0];
    if (!grant) throw new Error('the account should hold a role');
    return write(observe, () => caller.delete(`/api/accounts/${id}/grants/${grant.id}`));
  },
  'read the audit trail': (caller) => read(caller.get('/api/audit-events')),
  'list undelivered emails': (caller) => read(caller.get('/api/admin/emails/failed')),
  'send an undelivered email again': async (caller) => {
    const id = await makeFailedEmail(t.database.db, {
      recipient: `${unique('nobody')}@example.org`,
    });
    return write(adminRead('/api/admin/emails/failed'), () =>
      caller.post(`/api/admin/emails/${id}/retry`, {}),
    );
  },
  'read my session': (caller) => read(caller.get('/api/auth/session')),
  'change my name and language': (caller) =>
    write(
      async () => (await caller.get('/api/auth/session')).body,
      () => caller.patch('/api/me', { displayName: unique('Person'), locale: 'en' }),
    ),
  'change my password': async (caller) => {
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
  },
  'start two-factor setup': (caller) => read(caller.post('/api/me/two-factor/setup')),
  'import the directory': (caller) => {
    const name = unique('Service');
    const service = { id: randomUUID(), name, status: 'active' };
    return write(adminRead(`/hsds/services?search=${encodeURIComponent(name)}`), () =>
      caller.post('/api/directory/imports', {
        format: 'json',
        files: { 'services.json': JSON.stringify([service]) },
      }),
    );
  },
  'export the directory as JSON': (caller) => read(caller.get('/api/directory/exports/json')),
  'export the directory as CSV': (caller) => read(caller.get('/api/directory/exports/csv')),
  'search the directory': (caller) => read(caller.get('/api/directory/search?q=yoga')),
  'list the search vocabulary': (caller) => read(caller.get('/api/search/vocabulary')),
  'add a vocabulary entry': (caller) =>
    write(adminRead('/api/search/vocabulary'), () =>
      caller.post('/api/search/vocabulary', { en: [unique('term')], fr: [unique('terme')] }),
    ),
  'change a vocabulary entry': async (caller) => {
    const id = await vocabularyEntryId();
    return write(adminRead('/api/search/vocabulary'), () =>
      caller.patch(`/api/search/vocabulary/${id}`, { en: [unique('changed')], version: 1 }),
    );
  },
  'remove a vocabulary entry': async (caller) => {
    const id = await vocabularyEntryId();
    return write(adminRead('/api/search/vocabulary'), () =>
      caller.delete(`/api/search/vocabulary/${id}`),
    );
  },
  'list my directory listings': async (caller) => {
    await partnerListing();
    return read(caller.get('/api/directory/my-listings'));
  },
  'propose a listing change': async (caller) => {
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
  },
  'confirm a listing is still accurate': async (caller) => {
    const { serviceId } = await partnerListing();
    return write(adminRead('/api/directory/my-listings'), () =>
      caller.post(`/api/directory/listings/${serviceId}/confirm`),
    );
  },
  'list proposed listing changes': (caller) =>
    read(caller.get('/api/directory/change-requests?status=pending')),
  'approve a listing change': async (caller) => {
    const change = await pendingChange();
    return write(adminRead('/api/directory/change-requests?status=pending'), () =>
      caller.post(`/api/directory/change-requests/${change.id}/approve`, {
        version: change.version,
      }),
    );
  },
  'reject a listing change': async (caller) => {
    const change = await pendingChange();
    return write(adminRead('/api/directory/change-requests?status=pending'), () =>
      caller.post(`/api/directory/change-requests/${change.id}/reject`, {
        version: change.version,
        note: 'Not this one.',
      }),
    );
  },
  'start a directory import job': (caller) =>
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
  'watch a directory import job': async (caller) => {
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
  },
  'read the reports dashboard': (caller) => read(caller.get('/api/reports/dashboard')),
  'read the outcome figures': (caller) => read(caller.get('/api/reports/outcomes')),
  'export de-identified cases': (caller) => read(caller.get('/api/reports/export.csv')),
  'list the scopes of reports': (caller) => read(caller.get('/api/reports/scopes')),
  'list report groupings': (caller) => read(caller.get('/api/report-groupings')),
  'define a report grouping': async (caller) => {
    const siteIds = await freshSiteIds();
    return write(adminRead('/api/report-groupings'), () =>
      caller.post('/api/report-groupings', { name: unique('Grouping'), siteIds }),
    );
  },
  'change a report grouping': async (caller) => {
    const id = await reportGroupingId();
    return write(adminRead('/api/report-groupings'), () =>
      caller.patch(`/api/report-groupings/${id}`, { name: unique('Renamed'), version: 1 }),
    );
  },
  'remove a report grouping': async (caller) => {
    const id = await reportGroupingId();
    return write(adminRead('/api/report-groupings'), () =>
      caller.delete(`/api/report-groupings/${id}`),
    );
  },
} satisfies Record<string, Action>;

type ActionName = keyof typeof actions;
type Row = readonly [number, number, number, number, number, number];
const columns = [
  'referrer',
  'link_worker',
  'partner_staff',
  'site_manager',
  'evaluator',
  'administrator',
] as const satisfies readonly Role[];

/** The expected status of every action for every role: the one place this policy is written down. */
// prettier-ignore
const matrix: Record<ActionName, Row> = {
  //                              referrer link_worker partner_staff site_manager evaluator administrator
  'list organisations':          [403,     403,        403,          403,         403,      200],
  'create an organisation':      [403,     403,        403,          403,         403,      201],
  'update an organisation':      [403,     403,        403,          403,         403,      200],
  'list sites':                  [200,     200,        200,          200,         200,      200],
  'create a site':               [403,     403,        403,          403,         403,      201],
  'update a site':               [403,     403,        403,          403,         403,      200],
  'list accounts':               [403,     403,        403,          403,         403,      200],
  'read an account':             [403,     403,        403,          403,         403,      200],
  'create an account':           [403,     403,        403,          403,         403,      201],
  'update an account':           [403,     403,        403,          403,         403,      200],
  'set an account’s password':   [403,     403,        403,          403,         403,      204],
  'grant a role':                [403,     403,        403,          403,         403,      201],
  'revoke a role':               [403,     403,        403,          403,         403,      200],
  'read the audit trail':        [403,     403,        403,          403,         403,      200],
  'list undelivered emails':     [403,     403,        403,          403,         403,      200],
  'send an undelivered email again': [403,   403,        403,          403,         403,      204],
  'read my session':             [200,     200,        200,          200,         200,      200],
  'change my name and language': [200,     200,        200,          200,         200,      200],
  'change my password':          [204,     204,        204,          204,         204,      204],
  'start two-factor setup':      [200,     200,        200,          200,         200,      200],
  'import the directory':        [403,     403,        403,          403,         403,      200],
  'export the directory as JSON': [403,     403,        403,          403,         403,      200],
  'export the directory as CSV': [403,     403,        403,          403,         403,      200],
  'search the directory':        [200,     200,        200,          200,         200,      200],
  'list the search vocabulary':  [403,     403,        403,          403,         403,      200],
  'add a vocabulary entry':      [403,     403,        403,          403,         403,      201],
  'change a vocabulary entry':   [403,     403,        403,          403,         403,      200],
  'remove a vocabulary entry':   [403,     403,        403,          403,         403,      204],
  'list my directory listings':  [403,     403,        200,          403,         403,      200],
  'propose a listing change':    [403,     403,        201,          403,         403,      201],
  'confirm a listing is still accurate': [403, 403,    200,          403,         403,      200],
  'list proposed listing changes': [403,   403,        403,          200,         403,      200],
  'approve a listing change':    [403,     403,        403,          200,         403,      200],
  'reject a listing change':     [403,     403,        403,          200,         403,      200],
  'start a directory import job': [403,    403,        403,          403,         403,      202],
  'watch a directory import job': [403,    403,        403,          403,         403,      200],
  'read the reports dashboard':  [403,     403,        403,          200,         200,      200],
  'read the outcome figures':    [403,     403,        403,          200,         200,      200],
  'export de-identified cases':  [403,     403,        403,          403,         200,      200],
  'list the scopes of reports':  [403,     403,        403,          200,         200,      200],
  'list report groupings':       [403,     403,        403,          403,         403,      200],
  'define a report grouping':    [403,     403,        403,          403,         403,      201],
  'change a report grouping':    [403,     403,        403,          403,         403,      200],
  'remove a report grouping':    [403,     403,        403,          403,         403,      204],
};

const actionNames = Object.keys(actions) as ActionName[];

function expectedStatus(action: ActionName, role: Role): number {
  // A role added to the product but not to the columns fails here rather than going untested.
  const status = matrix[action][columns.indexOf(role)];
  if (status === undefined) throw new Error(`no expected status for ${action} as ${role}`);
  return status;
}

function expectOutcome(outcome: Outcome, status: number): void {
  const { response, changed } = outcome;
  expect(response.statusCode).toBe(status);
  if (status === 401) expect(errorOf(response).code).toBe('unauthenticated');
  if (status === 403) expect(errorOf(response).code).toBe('forbidden');
  if (changed !== undefined) expect(changed).toBe(status < 300);
}

const cells = actionNames.flatMap((action) =>
  roles.map((role) => ({ action, role, status: expectedStatus(action, role) })),
);

describe('the permission matrix', () => {
  it.each(cells)('$action as $role: $status', async ({ action, role, status }) => {
    expectOutcome(await actions[action](clientOf(role)), status);
  });

  it.each(actionNames)('%s is refused to an anonymous caller with 401', async (action) => {
    expectOutcome(await actions[action](new Client(t.app)), 401);
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
      readReports: expectedStatus('read the reports dashboard', role) === 200,
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
