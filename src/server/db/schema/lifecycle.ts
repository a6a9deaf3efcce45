// Written by features/person-record: how long the programme keeps a person's record.
import { sql } from 'drizzle-orm';
import { check, integer, pgTable, timestamp, uuid } from 'drizzle-orm/pg-core';
import { accounts } from './accounts';

/**
 * The programme's settings on keeping records: one row (id 1). Until an administrator sets
 * retention_years, the retention job anonymises nothing.
 */
export const programmeSettings = pgTable(
  'programme_settings',
  {
    id: integer('id').primaryKey().default(1),
    /** Closed cases whose last closure is older than this many years are anonymised. */
    retentionYears: integer('retention_years'),
    updatedBy: uuid('updated_by').references(() => accounts.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('programme_settings_one_row', sql`${t.id} = 1`),
    check('programme_settings_retention_years', sql`${t.retentionYears} between 1 and 100`),
  ],
);
