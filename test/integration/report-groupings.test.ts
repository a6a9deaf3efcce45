import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEventList } from '../../src/shared/contracts/audit';
import type {
  ReportGrouping,
  ReportGroupingList,
} from '../../src/shared/contracts/report-groupings';
import type { Dashboard, ReportScopes } from '../../src/shared/contracts/reports';
import { Client, errorOf, startTestApp, type TestApp, signedInClient } from '../helpers/app';
import { makeAccount, makeSite } from '../helpers/factories';

/** Groupings of sites: the only multi-site scopes reports take, fixed by administrators. */

let t: TestApp;
let sites: { id: string; name: string }[];
let administrator: Client;
let manager: Client;

async function signedIn(grants: Parameters<typeof makeAccount>[1]): Promise<Client> {
  const account = await makeAccount(t.database.db, grants);
  const client = await signedInClient(t.app, account);
  return client;
}

beforeAll(async () => {
  t = await startTestApp();
  sites = [];
  for (let i = 0; i < 4; i += 1) sites.push(await makeSite(t.database.db));
  administrator = await signedIn([{ role: 'administrator' }]);
  manager = await signedIn([
    { role: 'site_manager', siteId: sites[0]?.id },
    { role: 'site_manager', siteId: sites[1]?.id },
  ]);
});
afterAll(() => t.close());

const ids = (...indexes: number[]): string[] => indexes.map((i) => sites[i]?.id ?? '');

async function create(name: string, siteIds: string[]): Promise<ReportGrouping> {
  const response = await administrator.post('/api/report-groupings', { name, siteIds });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<ReportGrouping>();
}

describe('report groupings', () => {
  it('are created, listed, renamed and removed by an administrator, audited', async () => {
    const north = await create('North', ids(0, 1));
    expect(north.siteIds.toSorted()).toEqual(ids(0, 1).toSorted());
    expect(north.sites.map((site) => site.name).toSorted()).toEqual(
      [sites[0]?.name, sites[1]?.name].toSorted(),
    );
    const renamed = await administrator.patch(`/api/report-groupings/${north.id}`, {
      name: 'North shore',
      siteIds: ids(0, 1, 2),
      version: north.version,
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json<ReportGrouping>()).toMatchObject({ name: 'North shore', version: 2 });
    const stale = await administrator.patch(`/api/report-groupings/${north.id}`, {
      name: 'Again',
      version: 1,
    });
    expect(errorOf(stale).code).toBe('stale_version');
    const list = (await administrator.get('/api/report-groupings')).json<ReportGroupingList>();
    expect(list.items.map((g) => g.name)).toContain('North shore');

    expect((await administrator.delete(`/api/report-groupings/${north.id}`)).statusCode).toBe(204);
    expect((await administrator.delete(`/api/report-groupings/${north.id}`)).statusCode).toBe(404);
    const audit = (
      await administrator.get('/api/audit-events?subjectType=report_grouping')
    ).json<AuditEventList>();
    expect(audit.items.map((event) => event.action).toSorted()).toEqual([
      'report_grouping.created',
      'report_grouping.deleted',
      'report_grouping.updated',
    ]);
  });

  it('need two distinct existing sites, and a name and sites of their own', async () => {
    const one = await administrator.post('/api/report-groupings', { name: 'One', siteIds: ids(0) });
    expect(one.statusCode).toBe(400);
    expect(errorOf(one).field).toBe('siteIds');
    const twice = await administrator.post('/api/report-groupings', {
      name: 'Twice',
      siteIds: ids(0, 0),
    });
    expect(twice.statusCode).toBe(400);
    const unknown = await administrator.post('/api/report-groupings', {
      name: 'Unknown',
      siteIds: [...ids(0), '00000000-0000-4000-8000-000000000000'],
    });
    expect(unknown.statusCode).toBe(404);
    expect(errorOf(unknown).field).toBe('siteIds');

    await create('East', ids(2, 3));
    const sameSites = await administrator.post('/api/report-groupings', {
      name: 'East again',
      siteIds: ids(3, 2),
    });
    expect(sameSites.statusCode).toBe(409);
    expect(errorOf(sameSites).code).toBe('report_grouping_exists');
    const sameName = await administrator.post('/api/report-groupings', {
      name: 'east',
      siteIds: ids(1, 2),
    });
    expect(errorOf(sameName).code).toBe('report_grouping_exists');
  });

  it('are refused to everyone else', async () => {
    expect((await manager.get('/api/report-groupings')).statusCode).toBe(403);
    const refused = await manager.post('/api/report-groupings', {
      name: 'Mine',
      siteIds: ids(0, 1),
    });
    expect(refused.statusCode).toBe(403);
  });

  it('become scopes: a site manager gets those made only of their sites', async () => {
    const theirs = await create('Managed pair', ids(1, 0));
    const scopes = (await manager.get('/api/reports/scopes')).json<ReportScopes>();
    expect(scopes.programme).toBe(false);
    expect(scopes.groupings.map((g) => g.id)).toEqual([theirs.id]);
    const report = await manager.get(`/api/reports/dashboard?scope=grouping:${theirs.id}`);
    expect(report.statusCode, report.body).toBe(200);
    expect(report.json<Dashboard>().scope).toMatchObject({
      kind: 'grouping',
      name: 'Managed pair',
    });
    expect(report.json<Dashboard>().referralsBySite.rows).toHaveLength(2);
    const east = (await administrator.get('/api/report-groupings'))
      .json<ReportGroupingList>()
      .items.find((g) => g.name === 'East');
    const other = await manager.get(`/api/reports/dashboard?scope=grouping:${east?.id ?? ''}`);
    expect(other.statusCode).toBe(404);
  });
});
