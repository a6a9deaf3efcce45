import { sql } from 'drizzle-orm';
import { type Database, selectRows } from '../../db/client';
import { recordAudit, recordAudits } from '../audit';
import type { SystemAccess } from './oauth-service';
import {
  type NewSubscription,
  type SubscriberClient,
  type SubscriptionRow,
  countSubscriptions,
  deleteSubscriptionRow,
  findSubscription,
  insertSubscription,
  lockSubscription,
  selectSubscriptions,
  updateSubscriptionRow,
} from './subscriptions-queries';

/** How many subscriptions one system may hold: each one is a fan-out on every change. */
export const subscriptionsPerClient = 20;

/**
 * A system subscribes to changes of its referrals' Tasks (DESIGN.md §6): what the interface
 * checked, kept for the client, audited. Refused when the endpoint's origin is not one an
 * administrator registered for the system, or when it holds too many subscriptions already.
 */
export async function createSubscription(
  db: Database,
  access: SystemAccess,
  input: Omit<NewSubscription, 'clientId'>,
): Promise<SubscriptionRow | 'origin_not_registered' | 'limit_reached'> {
  return db.transaction(async (tx) => {
    // Two creates at once count one after the other.
    const [client] = await selectRows<{ origins: string[] }>(
      tx,
      sql`select endpoint_origins as origins from fhir_clients
           where id = ${access.clientId} for update`,
    );
    const origin = new URL(input.endpoint).origin;
    if (!client?.origins.some((registered) => new URL(registered).origin === origin)) {
      return 'origin_not_registered' as const;
    }
    if ((await countSubscriptions(tx, access.clientId)) >= subscriptionsPerClient) {
      return 'limit_reached' as const;
    }
    const row = await insertSubscription(tx, { ...input, clientId: access.clientId });
    await recordAudit(tx, access.actor, {
      action: 'system.subscription_created',
      subjectType: 'fhir_client',
      subjectId: access.clientId,
      // The endpoint's origin only: its path and headers may hold the receiver's secrets.
      details: {
        via: 'fhir',
        subscriptionId: row.id,
        criteria: row.criteria,
        endpointOrigin: new URL(row.endpoint).origin,
        payload: row.payload,
      },
    });
    return row;
  });
}

/** What a system may change of its subscription: all it sent at creation, and on or off. */
export type SubscriptionUpdate = Omit<NewSubscription, 'clientId'> & { on: boolean };

export type SubscriptionUpdateResult =
  | { ok: SubscriptionRow }
  | { refused: 'not_found' | 'origin_not_registered' }
  | { refused: 'stale'; current: number }
  | { refused: 'header_not_held'; name: string };

/** The value `Name: ***` stands for: a header as a read shows it, kept as it is held. */
const maskedValue = '***';

/**
 * A system changes its own subscription (R4 update, DESIGN.md §6): the same checks as at
 * creation, `expectedVersion` (If-Match) if given, audited. Turned off, nothing more is queued
 * or sent for it; turned on again, or pointed at another endpoint, its failures are forgotten.
 * A header sent back masked (`Name: ***`, as a read shows it) keeps the value held.
 */
export async function updateSubscription(
  db: Database,
  access: SystemAccess,
  id: string,
  input: SubscriptionUpdate,
  expectedVersion: number | undefined,
): Promise<SubscriptionUpdateResult> {
  return db.transaction(async (tx) => {
    const [client] = await selectRows<{ origins: string[] }>(
      tx,
      sql`select endpoint_origins as origins from fhir_clients
           where id = ${access.clientId} for update`,
    );
    const row = await lockSubscription(tx, access.clientId, id);
    if (!row) return { refused: 'not_found' as const };
    if (expectedVersion !== undefined && expectedVersion !== row.version) {
      return { refused: 'stale' as const, current: row.version };
    }
    const origin = new URL(input.endpoint).origin;
    if (!client?.origins.some((registered) => new URL(registered).origin === origin)) {
      return { refused: 'origin_not_registered' as const };
    }
    const headers: string[] = [];
    for (const line of input.headers ?? []) {
      const name = line.slice(0, line.indexOf(':'));
      if (line.slice(name.length + 1).trim() !== maskedValue) {
        headers.push(line);
        continue;
      }
      const held = row.headers.find(
        (kept) => kept.slice(0, kept.indexOf(':')).toLowerCase() === name.toLowerCase(),
      );
      if (!held) return { refused: 'header_not_held' as const, name };
      headers.push(held);
    }
    const fresh = !input.on || row.status === 'off' || row.endpoint !== input.endpoint;
    const updated = await updateSubscriptionRow(tx, id, {
      reason: input.reason,
      criteria: input.criteria,
      endpoint: input.endpoint,
      headers,
      payload: input.payload,
      endAt: input.endAt ?? null,
      status: input.on ? (fresh ? 'active' : row.status) : 'off',
      lastError: fresh ? null : row.lastError,
    });
    await recordAudit(tx, access.actor, {
      action: 'system.subscription_updated',
      subjectType: 'fhir_client',
      subjectId: access.clientId,
      details: {
        via: 'fhir',
        subscriptionId: id,
        status: updated.status,
        criteria: updated.criteria,
        endpointOrigin: origin,
        payload: updated.payload,
      },
    });
    return { ok: updated };
  });
}

/** Ends a system's own subscription, its pending notifications with it; false if it has none such. */
export async function deleteSubscription(
  db: Database,
  access: SystemAccess,
  id: string,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    if (!(await deleteSubscriptionRow(tx, access.clientId, id))) return false;
    await recordAudit(tx, access.actor, {
      action: 'system.subscription_deleted',
      subjectType: 'fhir_client',
      subjectId: access.clientId,
      details: { via: 'fhir', subscriptionId: id },
    });
    return true;
  });
}

export function getSubscription(
  db: Database,
  access: SystemAccess,
  id: string,
): Promise<SubscriptionRow | undefined> {
  return findSubscription(db, access.clientId, id);
}

export function listSubscriptions(
  db: Database,
  access: SystemAccess,
  ids: readonly string[] | undefined,
): Promise<SubscriptionRow[]> {
  return selectSubscriptions(db, access.clientId, ids);
}

/** The access a notification job acts with: the client's account and registered scopes now. */
export function accessOfSubscriber(client: SubscriberClient): SystemAccess {
  return {
    actor: {
      accountId: client.accountId,
      email: client.email,
      displayName: client.displayName,
      locale: client.locale,
      grants: client.grants,
      twoFactorEnabled: false,
      twoFactorSetupRequired: false,
      sessionKey: `fhir-subscription:${client.clientId}`,
      csrfToken: '',
      origin: { ip: null, userAgent: null },
    },
    clientId: client.clientId,
    clientName: client.clientName,
    clientLocale: client.clientLocale,
    scopes: client.allowedScopes,
  };
}

/** The Tasks a notification told a system about: audited as read by it, one statement. */
export async function auditNotified(
  db: Database,
  access: SystemAccess,
  told: readonly { caseId: string; siteId: string; subscriptionId: string; payload: string }[],
): Promise<void> {
  await recordAudits(
    db,
    access.actor,
    told.map((row) => ({
      action: 'referral.notified',
      subjectType: 'case',
      subjectId: row.caseId,
      siteId: row.siteId,
      details: {
        via: 'fhir',
        fhirClientId: access.clientId,
        subscriptionId: row.subscriptionId,
        payload: row.payload,
      },
    })),
  );
}
