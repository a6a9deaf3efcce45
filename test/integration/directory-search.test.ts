import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoDirectory } from '../../src/server/features/directory';
import type { DirectorySearchResult } from '../../src/shared/contracts/search';
import { Client, errorOf, startTestApp, type TestApp, signedInClient } from '../helpers/app';
import { sql } from 'drizzle-orm';
import { makeAccount, makeCase, makeSite } from '../helpers/factories';

let t: TestApp;
let linkWorker: Client;
let siteId: string;
let linkWorkerId: string;

beforeAll(async () => {
  t = await startTestApp();
  await seedDemoDirectory(t.database.db, []);
  const site = await makeSite(t.database.db);
  siteId = site.id;
  const account = await makeAccount(t.database.db, [{ role: 'link_worker', siteId: site.id }]);
  linkWorkerId = account.id;
  linkWorker = await signedInClient(t.app, account);
}, 120_000);
afterAll(() => t.close());

async function search(params: Record<string, string | number>): Promise<DirectorySearchResult> {
  const query = new URLSearchParams(
    Object.entries(params).map(([k, v]) => [k, String(v)]),
  ).toString();
  const response = await linkWorker.get(`/api/directory/search?${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<DirectorySearchResult>();
}

const ids = {
  gardenWorkshop: 'c3ee0354-11b9-5527-ad5c-f769703b6686',
  popote: '132a8edc-bc85-5eb1-bb23-7435754aec2d',
  hotMeals: '78443ce2-3cd1-5274-a0a5-582ce222f1a4',
  housingDesk: 'fd64a6df-825f-5760-b759-9f4e206dbd6a',
  anxietyWorkshop: '18bbc339-4cfc-53a6-bb50-0a74ccd81a86',
  communityGarden: '854a6962-f616-5169-843d-a0db5708a934',
};
const cornwall = { lat: 45.02, lon: -74.73 };

describe('the examples of the issue', () => {
  it('finds the garden workshop by its French name', async () => {
    const result = await search({ q: 'atelier de jardinage' });
    expect(result.items[0]?.id).toBe(ids.gardenWorkshop);
    expect(result.items[0]?.why.kind).toBe('same-language');
  });

  it('finds gardening in English, the French listings included', async () => {
    const found = (await search({ q: 'gardening' })).items.map((i) => i.id);
    expect(found.slice(0, 3)).toContain(ids.communityGarden);
    expect(found).toContain(ids.gardenWorkshop);
  });

  it('corrects a typo and says so', async () => {
    const result = await search({ q: 'jardinnage' });
    expect(result.corrections).toEqual([{ from: 'jardinnage', to: 'jardinage' }]);
    expect(result.items.slice(0, 3).map((i) => i.id)).toContain(ids.gardenWorkshop);
    expect(result.items[0]?.why.matches).toContainEqual({
      text: 'jardinage',
      origin: 'corrected',
      from: 'jardinnage',
      words: ['jardinage'],
    });
  });

  it('matches words typed without their accents', async () => {
    const result = await search({ q: 'anxiete' });
    expect(result.items.slice(0, 3).map((i) => i.id)).toContain(ids.anxietyWorkshop);
    expect(result.items[0]?.why.matches).toContainEqual(
      expect.objectContaining({ text: 'anxiete', origin: 'typed' }),
    );
    expect(result.corrections).toEqual([]);
  });

  it('finds the English-only housing help desk from "logement", as a translation', async () => {
    const result = await search({ q: 'logement' });
    const desk = result.items.find((i) => i.id === ids.housingDesk);
    expect(desk?.why.kind).toBe('cross-language');
    expect(desk?.why.matches).toContainEqual({
      text: 'housing',
      origin: 'translated',
      from: 'logement',
      words: ['housing'],
    });
  });

  it('says why in the words typed and the listing’s own words, never a stem', async () => {
    const result = await search({ q: 'Isolé' });
    const visits = result.items.find((i) => i.name.startsWith('Visites d'));
    const matches = visits?.why.matches ?? [];
    // Typed as typed, accent and all: not "isole".
    expect(matches).toContainEqual({ text: 'isolé', origin: 'typed', words: [] });
    // An expansion names the listing's word it found, and what was typed that led to it.
    expect(matches).toContainEqual({
      text: 'isolement',
      origin: 'synonym',
      from: 'isolé',
      words: ['isolement'],
    });

    // Through a related word, the community garden is found for what is in it: "jardin".
    const garden = (await search({ q: 'jardinier' })).items.find(
      (i) => i.id === ids.communityGarden,
    );
    const words = garden?.why.matches.flatMap((m) => m.words) ?? [];
    expect(words).toContain('garden');
    expect(words).not.toContain('jardiner');
  });

  it('finds the French-only popote roulante from "meals on wheels", below the English listing', async () => {
    const found = (await search({ q: 'meals on wheels' })).items;
    const order = found.map((i) => i.id);
    expect(order).toContain(ids.popote);
    expect(order.indexOf(ids.hotMeals)).toBeLessThan(order.indexOf(ids.popote));
    const popote = found.find((i) => i.id === ids.popote);
    expect(popote?.why.matches.map((m) => m.origin)).toEqual(
      expect.arrayContaining(['translated']),
    );
    expect(popote?.referralStatus).toMatch(/^(open|waitlist|full)$/);
  });

  it('ranks a same-language match above a translated one of equal fit', async () => {
    const found = (await search({ q: 'popote roulante', perPage: 50 })).items;
    const order = found.map((i) => i.id);
    expect(order.slice(0, 3)).toContain(ids.popote);
    expect(order.indexOf(ids.hotMeals)).toBeGreaterThan(order.indexOf(ids.popote));
    // Every French popote roulante comes before the English-only delivery service.
    const lastSame = found.findLastIndex((i) => i.why.kind === 'same-language');
    expect(order.indexOf(ids.hotMeals)).toBeGreaterThan(lastSame);
  });
});

describe('ranking by how much of the need a listing covers', () => {
  const idOf = async (name: RegExp): Promise<string> => {
    const found = (await search({ q: name.source, perPage: 50 })).items.find((i) =>
      name.test(i.name),
    );
    if (!found) throw new Error(`no listing named ${name.source}`);
    return found.id;
  };

  it('puts the English walking group above French listings that only share "groupe"', async () => {
    const walking = await idOf(/Lakeshore Walking Group/);
    const found = (await search({ q: 'groupe de marche', perPage: 20 })).items;
    const order = found.map((i) => i.id);
    expect(order.slice(0, 3)).toContain(walking);
    for (const other of found.filter((i) => /^Groupe /.test(i.name))) {
      expect(order.indexOf(walking), other.name).toBeLessThan(order.indexOf(other.id));
    }
    // Translated as a phrase, not word by word.
    const why = found.find((i) => i.id === walking)?.why.matches ?? [];
    expect(why.map((m) => m.text)).toContain('walking group');
    expect(why.map((m) => m.text)).not.toContain('group');
  });

  it('never corrects a real word into another, and keeps what the typed word finds', async () => {
    const thrift = await search({ q: 'thrift store' });
    expect(thrift.corrections).toEqual([]);
    expect(thrift.items.flatMap((i) => i.why.matches.map((m) => m.origin))).not.toContain(
      'corrected',
    );
    const typo = await search({ q: 'tricott' });
    expect(typo.corrections).toEqual([{ from: 'tricott', to: 'tricot' }]);
    expect(typo.items[0]?.name).toMatch(/tricot/i);
  });

  it('corrects two swapped letters, which trigrams alone miss', async () => {
    const result = await search({ q: 'greif' });
    expect(result.corrections).toEqual([{ from: 'greif', to: 'grief' }]);
    expect(result.items[0]?.name).toMatch(/grief|deuil/i);
  });
});

describe('what the words say besides the activity', () => {
  const idsOf = (result: DirectorySearchResult): string[] => result.items.map((i) => i.id);

  it.each([
    ['walking free', { q: 'walking', cost: 'free' }, 'free', 'free'],
    ['marche gratuite', { q: 'marche', cost: 'free' }, 'free', 'gratuite'],
    ['cours de cuisine pas cher', { q: 'cours cuisine', cost: 'low' }, 'low-cost', 'pas cher'],
    ['nature weekend', { q: 'nature', days: 'SA,SU' }, 'weekend', 'weekend'],
    ['nature fin de semaine', { q: 'nature', days: 'SA,SU' }, 'weekend', 'fin semaine'],
    ['choir evening', { q: 'choir', openFrom: '18:00' }, 'evening', 'evening'],
    ['chorale le soir', { q: 'chorale', openFrom: '18:00' }, 'evening', 'soir'],
    ['yoga for seniors', { q: 'yoga seniors', age: 65 }, 'seniors', 'seniors'],
    ['yoga pour aînés', { q: 'yoga aînés', age: 65 }, 'seniors', 'aînés'],
  ])('reads "%s" as its filter, and says so', async (q, same, kind, words) => {
    const read = await search({ q, perPage: 50 });
    expect(read.understood).toEqual([{ kind, words }]);
    expect(read.items.length).toBeGreaterThan(0);
    expect(idsOf(read)).toEqual(idsOf(await search({ ...same, perPage: 50 })));
  });

  it('drops a removed intent: no filter, and its words are not searched for', async () => {
    const removed = await search({ q: 'walking free', ignore: 'free', perPage: 50 });
    expect(removed.understood).toEqual([]);
    expect(idsOf(removed)).toEqual(idsOf(await search({ q: 'walking', perPage: 50 })));
  });

  it('leaves a filter the caller set alone', async () => {
    const result = await search({ q: 'walking free', cost: 'low' });
    expect(result.understood).toEqual([]);
  });

  it('searches near the person’s postal code for "near me" from a case', async () => {
    const made = await makeCase(t.database.db, siteId, { acceptedBy: linkWorkerId });
    const near = await search({ q: 'chorale près de chez moi', caseId: made.id, perPage: 50 });
    expect(near.understood).toEqual([{ kind: 'near-me', words: 'près chez moi' }]);
    expect(near.origin).not.toBeNull();
    expect(near.items.length).toBeGreaterThan(0);
    expect(near.items.every((i) => i.distanceKm !== null && i.distanceKm <= 10)).toBe(true);
    // Without a case there is no one to be near: nothing is applied, nothing claimed.
    const alone = await search({ q: 'chorale près de chez moi' });
    expect(alone.understood).toEqual([]);
    expect(alone.origin).toBeNull();
  });
});

describe('ties', () => {
  it('go to the nearest among listings that cover the words alike', async () => {
    const items = (await search({ q: 'volunteer', ...cornwall, km: 500, perPage: 50 })).items;
    expect(items.length).toBeGreaterThan(5);
    for (let n = 1; n < items.length; n += 1) {
      const [a, b] = [items[n - 1], items[n]];
      if (a && b && a.score === b.score) {
        expect(a.distanceKm ?? 0).toBeLessThanOrEqual(b.distanceKm ?? Infinity);
      }
    }
  });

  it('then to the most recently confirmed listing', async () => {
    const items = (await search({ ...cornwall, km: 50, perPage: 50 })).items;
    const index = items.findIndex((a, n) => n > 0 && items[n - 1]?.distanceKm === a.distanceKm);
    const [first, second] = [items[index - 1], items[index]];
    if (!first || !second) throw new Error('no two listings at the same place');
    await t.database.db.execute(
      sql`update directory_services set last_confirmed_at = now() where id = ${second.id}`,
    );
    const after = (await search({ ...cornwall, km: 50, perPage: 50 })).items.map((i) => i.id);
    expect(after.indexOf(second.id)).toBeLessThan(after.indexOf(first.id));
    await t.database.db.execute(
      sql`update directory_services set last_confirmed_at = null where id = ${second.id}`,
    );
  });
});

describe('filters', () => {
  it('keeps only listings within the distance, nearest first, and says how far', async () => {
    const result = await search({ ...cornwall, km: 5, perPage: 50 });
    expect(result.items.length).toBeGreaterThan(3);
    const distances = result.items.map((i) => i.distanceKm ?? Infinity);
    expect(Math.max(...distances)).toBeLessThanOrEqual(5);
    expect(distances).toEqual(distances.toSorted((a, b) => a - b));
    expect(result.items[0]?.why.distanceKm).toBe(result.items[0]?.distanceKm);
  });

  it('pages nearest first without repeating or losing a listing, ties in a stable order', async () => {
    const all = (await search({ ...cornwall, km: 50, perPage: 50 })).items;
    const pages = [];
    for (let page = 1; page <= 3; page += 1) {
      pages.push(...(await search({ ...cornwall, km: 50, perPage: 4, page })).items);
    }
    expect(all.length).toBeGreaterThan(12);
    expect(pages.map((i) => i.id)).toEqual(all.slice(0, 12).map((i) => i.id));
    const tied = all.filter((a, n) => all.some((b, m) => m !== n && b.distanceKm === a.distanceKm));
    expect(tied.length).toBeGreaterThan(1);
  });

  it('locates a postal code from the directory addresses', async () => {
    const result = await search({ q: 'popote', postalCode: 'K6H 1B6', km: 2 });
    expect(result.items[0]?.id).toBe(ids.popote);
    expect(result.origin).not.toBeNull();
  });

  it('refuses a postal code no listing is near', async () => {
    const response = await linkWorker.get('/api/directory/search?postalCode=X9X9X9');
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).code).toBe('postal_code_unknown');
  });

  it('filters by category, language, cost, referrals, age, days and hours', async () => {
    const all = new Set((await search({ perPage: 50 })).items.map((i) => i.id));
    const checks: Record<string, string | number>[] = [
      { category: 'nature' },
      { language: 'fr' },
      { cost: 'free' },
      { cost: 'low' },
      { openToReferrals: 'true' },
      { age: 10 },
      { days: 'SA,SU' },
      { openFrom: '18:00' },
      { accessibility: 'fauteuil' },
    ];
    for (const filter of checks) {
      const items = (await search({ ...filter, perPage: 50 })).items;
      expect(items.length, JSON.stringify(filter)).toBeGreaterThan(0);
      expect(new Set(items.map((i) => i.id)), JSON.stringify(filter)).not.toEqual(all);
      if (filter.category) expect(items.every((i) => i.categories.includes('nature'))).toBe(true);
      if (filter.openToReferrals)
        expect(items.every((i) => i.referralStatus === 'open')).toBe(true);
    }
  });

  it('lists filter-only results from the most recently confirmed listing', async () => {
    const nature = (await search({ category: 'nature', perPage: 50 })).items.map((i) => i.id);
    const [first, second] = nature.slice(-2);
    if (!first || !second) throw new Error('the demo directory has two nature listings');
    // Confirmed now, one after the other: the two latest confirmations of the directory.
    const confirm = (id: string) =>
      t.database.db.execute(
        sql`update directory_services set last_confirmed_at = now() where id = ${id}`,
      );
    await confirm(first);
    await confirm(second);
    const reordered = (await search({ category: 'nature', perPage: 50 })).items.map((i) => i.id);
    expect(reordered.slice(0, 2)).toEqual([second, first]);
  });

  it('pages through results', async () => {
    const first = await search({ perPage: 5, page: 1 });
    const second = await search({ perPage: 5, page: 2 });
    expect(first.hasMore).toBe(true);
    expect(second.items.map((i) => i.id)).not.toEqual(first.items.map((i) => i.id));
  });
});

describe('the cached vocabulary and lexicon', () => {
  it('follows a vocabulary edit at once: its words are corrected to and expanded', async () => {
    const admin = new Client(t.app);
    const account = await makeAccount(t.database.db, [{ role: 'administrator' }]);
    await admin.signIn(account.email, account.password);
    // Asked once before the edit, so the answers for these words are cached.
    const before = await search({ q: 'zumbathonn' });
    expect(before.corrections).toEqual([]);
    const created = await admin.post('/api/search/vocabulary', {
      en: ['zumbathon'],
      fr: ['atelier de jardinage'],
    });
    expect(created.statusCode, created.body).toBe(201);
    const after = await search({ q: 'zumbathonn' });
    expect(after.corrections).toEqual([{ from: 'zumbathonn', to: 'zumbathon' }]);
    expect(after.items.slice(0, 3).map((i) => i.id)).toContain(ids.gardenWorkshop);
    const removed = await admin.delete(
      `/api/search/vocabulary/${created.json<{ id: string }>().id}`,
    );
    expect(removed.statusCode).toBe(204);
    const expansions = (await search({ q: 'zumbathon' })).items.flatMap((i) => i.why.matches);
    expect(expansions.filter((m) => m.origin === 'translated')).toEqual([]);
  });
});

describe('validation and permissions', () => {
  it.each([
    ['lat=45', 'lon'],
    ['km=5', 'km'],
    ['category=cooking', 'category'],
    ['perPage=500', 'perPage'],
    ['openFrom=25:00', 'openFrom'],
    ['surprise=1', ''],
  ])('refuses %s', async (query, field) => {
    const response = await linkWorker.get(`/api/directory/search?${query}`);
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).code).toBe('validation_failed');
    if (field) expect(JSON.stringify(errorOf(response))).toContain(field);
  });

  it('refuses an anonymous caller and an account without roles', async () => {
    expect((await new Client(t.app).get('/api/directory/search?q=yoga')).statusCode).toBe(401);
    const account = await makeAccount(t.database.db, []);
    const nobody = new Client(t.app);
    await nobody.signIn(account.email, account.password);
    const response = await nobody.get('/api/directory/search?q=yoga');
    expect(response.statusCode).toBe(403);
  });
});
