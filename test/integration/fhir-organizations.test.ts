import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bundle, Organization, Resource, Task } from '@medplum/fhirtypes';
import { eq } from 'drizzle-orm';
import { organisations, sites } from '../../src/server/db/schema';
import { seedDemoDirectory } from '../../src/server/features/directory';
import { validateFhirResource } from '../../src/server/interop/fhir/fhir-validation';
import { type TestApp, signedInClient, startTestApp } from '../helpers/app';
import { makeAccount, makeSite } from '../helpers/factories';
import { readFhir, referByBundle } from '../helpers/fhir-referral';
import { makeSystemKey, registerSystem, systemToken } from '../helpers/fhir-systems';

/*
 * Our organisations and sites as Organization (interop/fhir/DESIGN.md §1): the site that owns
 * a referral's Task is Organization/site-<id>, part of Organization/org-<id>, and the system
 * that refers there resolves both; another site's are not its to read.
 */

const publicUrl = 'https://passerelle.example';
const fhirBase = `${publicUrl}/fhir/R4`;
const tokenUrl = `${publicUrl}/oauth/token`;

let t: TestApp;
let site: typeof sites.$inferSelect;
let organisation: typeof organisations.$inferSelect;
let otherSiteId: string;
let token: string;
let otherToken: string;

beforeAll(async () => {
  t = await startTestApp({ PUBLIC_URL: publicUrl });
  const db = t.database.db;
  await seedDemoDirectory(db, []);
  const made = await makeSite(db);
  const [renamed] = await db
    .update(sites)
    .set({ name: 'Centre de santé Élan' })
    .where(eq(sites.id, made.id))
    .returning();
  if (!renamed) throw new Error('no site');
  site = renamed;
  const [found] = await db
    .select()
    .from(organisations)
    .where(eq(organisations.id, site.organisationId));
  if (!found) throw new Error('no organisation');
  organisation = found;
  otherSiteId = (await makeSite(db)).id;
  const admin = await makeAccount(db, [{ role: 'administrator' }]);
  const administrator = await signedInClient(t.app, admin);
  const key = await makeSystemKey();
  const system = await registerSystem(administrator, {
    siteIds: [site.id],
    keys: [key],
    allowedScopes: ['system/*.crs'],
  });
  token = await systemToken(t, system, key, tokenUrl, 'system/*.crs');
  const otherKey = await makeSystemKey();
  const other = await registerSystem(administrator, {
    siteIds: [otherSiteId],
    keys: [otherKey],
    allowedScopes: ['system/*.rs'],
  });
  otherToken = await systemToken(t, other, otherKey, tokenUrl, 'system/Organization.rs');
}, 120_000);
afterAll(async () => {
  await t.close();
});

async function read<T extends Resource>(url: string, as = token): Promise<T> {
  const response = await readFhir(t, as, url);
  expect(response.statusCode, response.body).toBe(200);
  const resource = response.json<T>();
  expect(validateFhirResource(resource)).toEqual([]);
  expect(response.headers.etag).toBe(`W/"${resource.meta?.versionId ?? ''}"`);
  return resource;
}

async function search(url: string, as = token): Promise<Bundle> {
  const response = await readFhir(t, as, url);
  expect(response.statusCode, response.body).toBe(200);
  const bundle = response.json<Bundle>();
  expect(validateFhirResource(bundle)).toEqual([]);
  return bundle;
}

const idsOf = (bundle: Bundle) => (bundle.entry ?? []).map((entry) => entry.resource?.id);

describe('our sites and organisations as Organization', () => {
  it('resolves a Task’s owner: the site, part of its organisation', async () => {
    const caseId = (await referByBundle(t, token, site.id)).Task ?? '';
    const task = await read<Task>(`Task/${caseId}`);
    expect(task.owner?.reference).toBe(`Organization/site-${site.id}`);
    const owner = await read<Organization>(task.owner?.reference ?? '');
    expect(owner).toMatchObject({
      id: `site-${site.id}`,
      active: true,
      name: 'Centre de santé Élan',
      partOf: { reference: `Organization/org-${organisation.id}`, display: organisation.name },
    });
    const parent = await read<Organization>(owner.partOf?.reference ?? '');
    expect(parent).toMatchObject({ id: `org-${organisation.id}`, name: organisation.name });
    expect(parent.meta?.versionId).toBe(String(organisation.version));
  });

  it('searches them by _id, name (accents and case aside) and _lastUpdated, before the directory', async () => {
    expect(idsOf(await search(`Organization?_id=site-${site.id},org-${organisation.id}`))).toEqual(
      expect.arrayContaining([`site-${site.id}`, `org-${organisation.id}`]),
    );
    expect(idsOf(await search('Organization?name=centre%20de%20sante'))).toContain(
      `site-${site.id}`,
    );
    const later = new Date(Date.now() + 60_000).toISOString();
    expect(idsOf(await search(`Organization?_id=site-${site.id}&_lastUpdated=gt${later}`))).toEqual(
      [],
    );
    // Page by page: ours first, then the directory's, each once.
    const seen: string[] = [];
    let next: string | undefined = 'Organization?_count=1';
    for (let page = 0; next && page < 500; page += 1) {
      const bundle: Bundle = await search(next);
      seen.push(...idsOf(bundle).flatMap((id) => id ?? []));
      next = bundle.link
        ?.find((link) => link.relation === 'next')
        ?.url?.replace(`${fhirBase}/`, '');
    }
    expect(next).toBeUndefined();
    expect(seen.slice(0, 2).sort()).toEqual([`org-${organisation.id}`, `site-${site.id}`].sort());
    expect(seen.slice(2).every((id) => id.startsWith('dir-'))).toBe(true);
    expect(seen.length).toBeGreaterThan(2);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('does not show another site’s to a system that does not refer there', async () => {
    for (const id of [`site-${site.id}`, `org-${organisation.id}`]) {
      expect((await readFhir(t, otherToken, `Organization/${id}`)).statusCode, id).toBe(404);
    }
    expect(idsOf(await search(`Organization?_id=site-${site.id}`, otherToken))).toEqual([]);
    expect((await read<Organization>(`Organization/site-${otherSiteId}`, otherToken)).id).toBe(
      `site-${otherSiteId}`,
    );
  });
});
