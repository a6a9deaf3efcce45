// Written by features/connections.
import { bigserial, date, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { accounts, organisations } from './accounts';
import { cases } from './cases';
import { timestamps, version } from './columns';

/** A closed loop between a case and a community service (or a described activity). */
export const connections = pgTable(
  'connections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    /** The directory service, when the activity was found in the directory. */
    serviceId: text('service_id'),
    /** The community partner organisation whose staff answer for the connection. */
    partnerOrganisationId: uuid('partner_organisation_id').references(() => organisations.id),
    organisationName: text('organisation_name').notNull(),
    activity: text('activity').notNull(),
    /** Where the partner is reached when its staff do not use accounts. */
    partnerEmail: text('partner_email'),
    /** What the person wants from the activity, in their words: shared with the partner. */
    personWants: text('person_wants'),
    status: text('status', {
      enum: [
        'proposed',
        'sent',
        'accepted',
        'declined',
        'did_not_attend',
        'attended',
        'ongoing',
        'stopped',
        'not_taken_up',
      ],
    }).notNull(),
    statusReason: text('status_reason'),
    firstAttendedOn: date('first_attended_on', { mode: 'string' }),
    /** The start date the partner gave when accepting. */
    startsOn: date('starts_on', { mode: 'string' }),
    /** The partner's message to the person with its acceptance (where, what to bring). */
    partnerMessage: text('partner_message'),
    createdBy: uuid('created_by').references(() => accounts.id),
    ...version,
    ...timestamps,
  },
  (t) => [
    index('connections_case_idx').on(t.caseId),
    index('connections_partner_idx').on(t.partnerOrganisationId, t.status),
  ],
);

export const connectionEvents = pgTable(
  'connection_events',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    connectionId: uuid('connection_id')
      .notNull()
      .references(() => connections.id),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    reason: text('reason'),
    note: text('note'),
    actorId: uuid('actor_id').references(() => accounts.id),
    /**
     * How the change came: by a signed-in account, through an emailed link, or by phone (a
     * partner's answer the link worker, actor_id, recorded on the partner's behalf), or from
     * the person in their own space (person_said then says what they told).
     */
    via: text('via', { enum: ['account', 'link', 'phone', 'person'] }).notNull(),
    /** What the person said of the activity from their own space: went, stopped, or other. */
    personSaid: text('person_said', { enum: ['went', 'stopped', 'something_else'] }),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('connection_events_connection_idx').on(t.connectionId, t.at)],
);
