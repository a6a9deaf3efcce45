import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type DatabaseHandle, selectRows } from '../../src/server/db/client';
import { openTestDatabase } from '../helpers/database';

let database: DatabaseHandle;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

it('stems and folds accents in French and English, matches typos, and measures distance', async () => {
  const [row] = await selectRows<{ fr: boolean; en: boolean; similar: number; km: number }>(
    database.db,
    sql`select
      to_tsvector('french_unaccent', 'Ateliers de jardinage écologique') @@ plainto_tsquery('french_unaccent', 'atelier ecologique') as fr,
      to_tsvector('english_unaccent', 'Gardening workshops') @@ plainto_tsquery('english_unaccent', 'garden workshop') as en,
      similarity('jardinage', 'jardinnage') as similar,
      earth_distance(ll_to_earth(45.0212, -74.7303), ll_to_earth(45.4215, -75.6972)) / 1000 as km`,
  );
  expect(row).toMatchObject({ fr: true, en: true });
  expect(row?.similar).toBeGreaterThan(0.5);
  // Cornwall to Ottawa, Ontario: about 88 km as the crow flies.
  expect(row?.km).toBeGreaterThan(80);
  expect(row?.km).toBeLessThan(95);
});
