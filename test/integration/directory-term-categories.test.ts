import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  DirectoryImportReport,
  TermCategory,
  TermCategoryList,
} from '../../src/shared/contracts/directory';
import type { DirectorySearchResult } from '../../src/shared/contracts/search';
import { Client, errorOf, startTestApp, type TestApp, signedInClient } from '../helpers/app';
import { makeAccount, makeSite } from '../helpers/factories';

/*
 * A feed that brings its own taxonomy (as 211 feeds bring AIRS terms): its terms are matched
 * to our categories on import, so the category filters find its services, and an
 * administrator confirms or changes each match.
 */

let t: TestApp;
let admin: Client;
let linkWorker: Client;

beforeAll(async () => {
  t = await startTestApp();
  const administrator = await makeAccount(t.database.db, [{ role: 'administrator' }]);
  admin = await signedInClient(t.app, administrator);
  const site = await makeSite(t.database.db);
  const worker = await makeAccount(t.database.db, [{ role: 'link_worker', siteId: site.id }]);
  linkWorker = await signedInClient(t.app, worker);
});
afterAll(() => t.close());

const taxonomy = { id: randomUUID(), name: 'Ottawa 211 terms' };
const term = (name: string) => ({
  id: randomUUID(),
  name,
  description: name,
  taxonomy: taxonomy.name,
  taxonomy_id: taxonomy.id,
});
const terms = {
  gardens: term('Community Gardens'),
  choirs: term('Choirs and Singing Groups'),
  misc: term('Miscellaneous Programs'),
};
const services = {
  gardens: { id: randomUUID(), name: 'Rideau plots', term: terms.gardens },
  choirs: { id: randomUUID(), name: 'Tuesday voices', term: terms.choirs },
  misc: { id: randomUUID(), name: 'Odds and ends', term: terms.misc },
};
const organization = { id: randomUUID(), name: 'Ottawa Neighbourhood Services' };

function feed(): Record<string, string> {
  const contents = Object.values(services).map((s) => ({
    id: s.id,
    name: s.name,
    description: `${s.name}, run by neighbours`,
    status: 'active',
    organization: { ...organization, description: 'Neighbourhood services' },
    attributes: [{ id: randomUUID(), taxonomy_term_id: s.term.id, taxonomy_term: s.term }],
  }));
  return { 'services.json': JSON.stringify({ contents }) };
}

async function importFeed(): Promise<DirectoryImportReport> {
  const response = await admin.post('/api/directory/imports', { format: 'json', files: feed() });
  expect(response.statusCode, response.body).toBe(200);
  const report = response.json<DirectoryImportReport>();
  expect(report.issues).toEqual([]);
  return report;
}

async function servicesIn(category: string): Promise<string[]> {
  const response = await linkWorker.get(`/api/directory/search?category=${category}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<DirectorySearchResult>().items.map((item) => item.id);
}

async function mappings(): Promise<TermCategory[]> {
  const response = await admin.get('/api/directory/term-categories');
  expect(response.statusCode, response.body).toBe(200);
  return response.json<TermCategoryList>().items;
}

async function mappingOf(termId: string): Promise<TermCategory> {
  const found = (await mappings()).find((m) => m.termId === termId);
  if (!found) throw new Error(`no mapping for ${termId}`);
  return found;
}

describe("a feed's own taxonomy", () => {
  it('is matched to our categories on import, through the vocabulary, so category filters find its services', async () => {
    const report = await importFeed();
    expect(report.termCategories).toEqual({ suggested: 2, undecided: 1 });

    expect(await servicesIn('nature')).toContain(services.gardens.id);
    expect(await servicesIn('arts')).toContain(services.choirs.id);
    expect(await servicesIn('civic')).not.toContain(services.misc.id);

    const listed = await mappings();
    // Those waiting for a decision first.
    expect(listed[0]).toMatchObject({ termId: terms.misc.id, state: 'undecided', category: null });
    expect(await mappingOf(terms.gardens.id)).toMatchObject({
      name: 'Community Gardens',
      taxonomy: taxonomy.name,
      services: 1,
      category: 'nature',
      state: 'suggested',
      matchedWords: expect.arrayContaining(['community garden']),
    });
    expect((await mappingOf(terms.choirs.id)).matchedWords).toEqual(
      expect.arrayContaining(['choir', 'singing']),
    );
  });

  it('takes an administrator’s decision: the filters follow at once, and the decision is audited', async () => {
    const misc = await mappingOf(terms.misc.id);
    const decided = await admin.request('PUT', `/api/directory/term-categories/${terms.misc.id}`, {
      category: 'civic',
      version: misc.version,
    });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json<TermCategory>()).toMatchObject({ category: 'civic', state: 'confirmed' });
    expect(await servicesIn('civic')).toContain(services.misc.id);

    const gardens = await mappingOf(terms.gardens.id);
    const none = await admin.request('PUT', `/api/directory/term-categories/${terms.gardens.id}`, {
      category: null,
      version: gardens.version,
    });
    expect(none.statusCode, none.body).toBe(200);
    expect(await servicesIn('nature')).not.toContain(services.gardens.id);

    const audit = await admin.get(
      `/api/audit-events?action=directory.term_category_decided&subjectId=${terms.misc.id}`,
    );
    expect(audit.statusCode, audit.body).toBe(200);
    expect(audit.body).toContain('Miscellaneous Programs');
  });

  it('keeps decisions when the feed is imported again', async () => {
    const report = await importFeed();
    expect(report.termCategories).toEqual({ suggested: 0, undecided: 0 });
    expect(await mappingOf(terms.misc.id)).toMatchObject({ category: 'civic', state: 'confirmed' });
    expect(await mappingOf(terms.gardens.id)).toMatchObject({ category: null, state: 'confirmed' });
    expect(await servicesIn('civic')).toContain(services.misc.id);
  });

  it('refuses a stale version, an unknown category or term, and anyone but an administrator', async () => {
    const misc = await mappingOf(terms.misc.id);
    const url = `/api/directory/term-categories/${terms.misc.id}`;
    const stale = await admin.request('PUT', url, { category: 'arts', version: misc.version - 1 });
    expect(stale.statusCode).toBe(409);
    expect(errorOf(stale).code).toBe('stale_version');

    const unknown = await admin.request('PUT', url, { category: 'cooking', version: misc.version });
    expect(unknown.statusCode).toBe(400);
    expect(errorOf(unknown).field).toBe('category');

    const noTerm = await admin.request('PUT', `/api/directory/term-categories/${randomUUID()}`, {
      category: 'arts',
      version: 1,
    });
    expect(noTerm.statusCode).toBe(404);

    expect((await linkWorker.get('/api/directory/term-categories')).statusCode).toBe(403);
    const refused = await linkWorker.request('PUT', url, {
      category: 'arts',
      version: misc.version,
    });
    expect(refused.statusCode).toBe(403);
    expect(await mappingOf(terms.misc.id)).toMatchObject({
      category: 'civic',
      version: misc.version,
    });
  });
});
