import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Locale } from '../../../shared/locale';
import { type Database, selectRows } from '../../db/client';
import type { Grant } from '../../platform/actor';
import {
  accounts,
  fhirClients,
  fhirDeliveries,
  fhirSubscriptions,
  roleGrants,
} from '../../db/schema';

export type SubscriptionRow = typeof fhirSubscriptions.$inferSelect;
export type NewSubscription = Omit<
  typeof fhirSubscriptions.$inferInsert,
  'id' | 'status' | 'lastError' | 'version' | 'createdAt' | 'updatedAt'
>;

export async function insertSubscription(
  db: Database,
  row: NewSubscription,
): Promise<SubscriptionRow> {
  const [inserted] = await db.insert(fhirSubscriptions).values(row).returning();
  if (!inserted) throw new Error('subscription not inserted');
  return inserted;
}

export async function countSubscriptions(db: Database, clientId: string): Promise<number> {
  return db.$count(fhirSubscriptions, eq(fhirSubscriptions.clientId, clientId));
}

/** A client's subscription, or undefined (another client's is none of its business). */
export async function findSubscription(
  db: Database,
  clientId: string,
  id: string,
): Promise<SubscriptionRow | undefined> {
  const [row] = await db
    .select()
    .from(fhirSubscriptions)
    .where(and(eq(fhirSubscriptions.clientId, clientId), eq(fhirSubscriptions.id, id)));
  return row;
}

export async function selectSubscriptions(
  db: Database,
  clientId: string,
  ids: readonly string[] | undefined,
): Promise<SubscriptionRow[]> {
  return db
    .select()
    .from(fhirSubscriptions)
    .where(
      and(
        eq(fhirSubscriptions.clientId, clientId),
        ids ? inArray(fhirSubscriptions.id, [...ids]) : undefined,
      ),
    )
    .orderBy(asc(fhirSubscriptions.createdAt), asc(fhirSubscriptions.id));
}

/** A client's subscription, locked until the transaction ends; undefined if it has none such. */
export async function lockSubscription(
  db: Database,
  clientId: string,
  id: string,
): Promise<SubscriptionRow | undefined> {
  const [row] = await db
    .select()
    .from(fhirSubscriptions)
    .where(and(eq(fhirSubscriptions.clientId, clientId), eq(fhirSubscriptions.id, id)))
    .for('update');
  return row;
}

export type SubscriptionChange = Pick<
  SubscriptionRow,
  'reason' | 'criteria' | 'endpoint' | 'headers' | 'payload' | 'endAt' | 'status' | 'lastError'
>;

export async function updateSubscriptionRow(
  db: Database,
  id: string,
  change: SubscriptionChange,
): Promise<SubscriptionRow> {
  const [row] = await db
    .update(fhirSubscriptions)
    .set({
      ...change,
      version: sql`${fhirSubscriptions.version} + 1`,
      updatedAt: sql`now()`,
    })
    .where(eq(fhirSubscriptions.id, id))
    .returning();
  if (!row) throw new Error('subscription not updated');
  return row;
}

export async function deleteSubscriptionRow(
  db: Database,
  clientId: string,
  id: string,
): Promise<boolean> {
  const deleted = await db
    .delete(fhirSubscriptions)
    .where(and(eq(fhirSubscriptions.clientId, clientId), eq(fhirSubscriptions.id, id)))
    .returning({ id: fhirSubscriptions.id });
  return deleted.length > 0;
}

/**
 * Takes up to `limit` queued Tasks (oldest first) out of the queue. Inside the transaction
 * that queues their deliveries: a rollback puts them back.
 */
export async function takePendingCases(db: Database, limit: number): Promise<string[]> {
  const rows = await selectRows<{ case_id: string }>(
    db,
    sql`delete from fhir_pending_notifications
         where case_id in (select case_id from fhir_pending_notifications
                            order by queued_at limit ${limit} for update skip locked)
     returning case_id`,
  );
  return rows.map((row) => row.case_id);
}

/** The client account each of these cases was referred by (fhir_task_state's scope). */
export async function selectReferringAccounts(
  db: Database,
  caseIds: readonly string[],
): Promise<{ caseId: string; accountId: string }[]> {
  if (caseIds.length === 0) return [];
  return selectRows(
    db,
    sql`select case_id as "caseId", client_account_id as "accountId" from fhir_task_state
         where case_id in (${sql.join(
           caseIds.map((id) => sql`${id}::uuid`),
           sql`, `,
         )})`,
  );
}

/** A subscription the notifier matches, with the live client it speaks for. */
export type LiveSubscription = SubscriptionRow & { client: SubscriberClient };

/** What a notification job acts as: the client's system account, with its grants now. */
export type SubscriberClient = {
  clientId: string;
  clientName: string;
  clientLocale: 'fr' | 'en';
  allowedScopes: string[];
  accountId: string;
  email: string;
  displayName: string;
  locale: Locale | null;
  grants: Grant[];
};

const grantsOfAccount = sql<SubscriberClient['grants']>`coalesce((
  select json_agg(json_build_object('role', g.role, 'siteId', g.site_id)
    order by g.role, g.site_id)
  from ${roleGrants} g where g.account_id = ${accounts.id}), '[]'::json)`;

const clientColumns = {
  clientId: fhirClients.id,
  clientName: fhirClients.name,
  clientLocale: fhirClients.locale,
  allowedScopes: fhirClients.allowedScopes,
  accountId: accounts.id,
  email: accounts.email,
  displayName: accounts.displayName,
  locale: accounts.locale,
  grants: grantsOfAccount,
};

/** The unended subscriptions of active clients whose accounts are these. */
export async function selectLiveSubscriptions(
  db: Database,
  accountIds: readonly string[],
): Promise<LiveSubscription[]> {
  if (accountIds.length === 0) return [];
  const rows = await db
    .select({ subscription: fhirSubscriptions, client: clientColumns })
    .from(fhirSubscriptions)
    .innerJoin(fhirClients, eq(fhirClients.id, fhirSubscriptions.clientId))
    .innerJoin(accounts, eq(accounts.id, fhirClients.accountId))
    .where(
      and(
        inArray(accounts.id, [...accountIds]),
        sql`${fhirClients.active} and ${accounts.active}`,
        sql`(${fhirSubscriptions.endAt} is null or ${fhirSubscriptions.endAt} > now())`,
        sql`${fhirSubscriptions.status} <> 'off'`,
      ),
    );
  return rows.map((row) => ({ ...row.subscription, client: row.client }));
}

/**
 * One pending delivery per (subscription, Task): a later change of a Task already waiting
 * moves its event on (so a send under way does not count for it) and keeps its schedule.
 */
export async function queueDeliveries(
  db: Database,
  rows: readonly { subscriptionId: string; caseId: string }[],
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insert(fhirDeliveries)
    .values([...rows])
    .onConflictDoUpdate({
      target: [fhirDeliveries.subscriptionId, fhirDeliveries.caseId],
      targetWhere: sql`status = 'pending'`,
      set: { event: sql`${fhirDeliveries.event} + 1` },
    });
}

export type ClaimedDelivery = {
  id: string;
  subscriptionId: string;
  caseId: string;
  event: number;
  attempts: number;
};

/**
 * Takes up to `limit` due deliveries and pushes their next attempt `leaseMs` ahead, as the
 * mail outbox does: sending happens outside any transaction, and a process that dies while
 * sending leaves them to be retried (at least once).
 */
export async function claimDueDeliveries(
  db: Database,
  limit: number,
  leaseMs: number,
): Promise<ClaimedDelivery[]> {
  const rows = await selectRows<{
    id: string;
    subscription_id: string;
    case_id: string;
    event: string | number;
    attempts: number;
  }>(
    db,
    sql`update fhir_deliveries
           set next_attempt_at = now() + ${leaseMs} * interval '1 millisecond'
         where id in (select id from fhir_deliveries
                       where status = 'pending' and next_attempt_at <= now()
                       order by next_attempt_at, id
                       limit ${limit}
                       for update skip locked)
     returning id, subscription_id, case_id, event, attempts`,
  );
  return rows.map((row) => ({
    id: String(row.id),
    subscriptionId: row.subscription_id,
    caseId: row.case_id,
    event: Number(row.event),
    attempts: row.attempts,
  }));
}

/** The subscriptions these deliveries are for, with their clients (live or not). */
export async function selectSubscriptionsWithClients(
  db: Database,
  ids: readonly string[],
): Promise<(LiveSubscription & { live: boolean })[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({
      subscription: fhirSubscriptions,
      client: clientColumns,
      live: sql<boolean>`${fhirClients.active} and ${accounts.active}`,
    })
    .from(fhirSubscriptions)
    .innerJoin(fhirClients, eq(fhirClients.id, fhirSubscriptions.clientId))
    .innerJoin(accounts, eq(accounts.id, fhirClients.accountId))
    .where(inArray(fhirSubscriptions.id, [...ids]));
  return rows.map((row) => ({
    ...row.subscription,
    client: row.client,
    live: row.live,
  }));
}

/**
 * A delivery that reached its endpoint: sent, unless its Task changed while it was on its
 * way (its event moved on), in which case it is due again at once.
 */
export async function markDeliverySent(db: Database, delivery: ClaimedDelivery): Promise<void> {
  await db.execute(sql`
    update fhir_deliveries
       set attempts = attempts + 1, last_error = null,
           status = case when event = ${delivery.event} then 'sent' else 'pending' end,
           sent_at = case when event = ${delivery.event} then now() else sent_at end,
           next_attempt_at = now()
     where id = ${delivery.id}`);
}

/** Records a failed attempt: retried after `retryInMs`, or given up when that is null. */
export async function markDeliveryFailed(
  db: Database,
  id: string,
  error: string,
  retryInMs: number | null,
): Promise<void> {
  await db.execute(sql`
    update fhir_deliveries
       set attempts = attempts + 1,
           last_error = ${error},
           status = ${retryInMs === null ? 'failed' : 'pending'},
           next_attempt_at = now() + ${retryInMs ?? 0} * interval '1 millisecond'
     where id = ${id}`);
}

/** Nothing sent: the system may no longer read the Task, or is no longer active. */
export async function markDeliveryWithheld(db: Database, id: string): Promise<void> {
  await db.execute(sql`update fhir_deliveries set status = 'withheld' where id = ${id}`);
}

/** active again after a success; error, with the failure's code, after a failed attempt. */
export async function setSubscriptionHealth(
  db: Database,
  id: string,
  lastError: string | null,
): Promise<void> {
  const status = lastError === null ? 'active' : 'error';
  await db.execute(sql`
    update fhir_subscriptions
       set status = ${status}, last_error = ${lastError}, version = version + 1, updated_at = now()
     where id = ${id} and status <> 'off'
       and (status, last_error) is distinct from (${status}, ${lastError})`);
}
