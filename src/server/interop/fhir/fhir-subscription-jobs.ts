import type { Config } from '../../config';
import type { Database } from '../../db/client';
import { matchSystemReferrals } from '../../features/referrals';
import {
  type ClaimedDelivery,
  type LiveSubscription,
  accessOfSubscriber,
  auditNotified,
  claimDueDeliveries,
  listReceivedOfCases,
  markDeliveryFailed,
  markDeliverySent,
  markDeliveryWithheld,
  queueDeliveries,
  scopesAllow,
  selectLiveSubscriptions,
  selectReferringAccounts,
  selectSubscriptionsWithClients,
  setSubscriptionHealth,
  takePendingCases,
} from '../../features/systems';
import { type JobLog, registerRecurringJob } from '../../platform/jobs';
import { retryDelayMs } from '../../platform/mail/delivery';
import { publicBaseUrl } from '../../platform/public-url';
import { sendNotification } from './fhir-endpoint';
import { presentTask } from './fhir-referral-reads';
import { criteriaFilter } from './fhir-subscription-routes';

/*
 * Subscription notifications (DESIGN.md §6), in two recurring jobs (tests: t.runJob(name)).
 * systems.notify takes the Tasks the fhir_task_state trigger queued and, in the same
 * transaction, queues one delivery per matching subscription; systems.deliver sends the due
 * deliveries with the mail outbox's retry schedule. At least once: a delivery is marked sent
 * only after its endpoint answered 2xx. Logs carry ids and codes, never what the Task holds.
 */

export const notifyJob = 'systems.notify';
export const deliverJob = 'systems.deliver';

/** Notifications wait no longer than this for their endpoint. */
export const notificationTimeoutMs = 10_000;
const takenPerRun = 500;
const deliveriesPerBatch = 20;
/** A delivery being sent is not taken again by another pass before this. */
const sendingLeaseMs = 5 * 60_000;
/** A pass ends after the batch that takes it past this (the job runner runs one job at a time). */
const passBudgetMs = 15_000;
/** The failed attempts of one delivery after which its subscription shows `error`. */
const failuresBeforeError = 2;

/** Queues the deliveries of the Tasks changed since the last run; returns how many Tasks it took. */
export async function queueNotifications(db: Database, config: Config): Promise<number> {
  const fhirBaseUrl = `${publicBaseUrl(config)}/fhir/R4`;
  let taken = 0;
  for (;;) {
    const count = await db.transaction(async (tx) => {
      const caseIds = await takePendingCases(tx, takenPerRun);
      if (caseIds.length === 0) return 0;
      const referred = await selectReferringAccounts(tx, caseIds);
      const subscriptions = await selectLiveSubscriptions(tx, [
        ...new Set(referred.map((row) => row.accountId)),
      ]);
      const due: { subscriptionId: string; caseId: string }[] = [];
      for (const subscription of subscriptions) {
        const theirs = referred
          .filter((row) => row.accountId === subscription.client.accountId)
          .map((row) => row.caseId);
        for (const caseId of await matching(tx, subscription, theirs, fhirBaseUrl)) {
          due.push({ subscriptionId: subscription.id, caseId });
        }
      }
      await queueDeliveries(tx, due);
      return caseIds.length;
    });
    taken += count;
    if (count < takenPerRun) return taken;
  }
}

/** The cases among these whose Task the subscription's criteria match and its client may read. */
async function matching(
  db: Database,
  subscription: LiveSubscription,
  caseIds: readonly string[],
  fhirBaseUrl: string,
): Promise<string[]> {
  if (caseIds.length === 0) return [];
  const filter = criteriaFilter(subscription.criteria, fhirBaseUrl);
  const ids = filter.ids ? caseIds.filter((id) => filter.ids?.includes(id)) : caseIds;
  if (ids.length === 0) return [];
  const access = accessOfSubscriber(subscription.client);
  const found = await matchSystemReferrals(db, access.actor, {
    ...filter,
    ids,
    lastUpdated: [],
    after: undefined,
    limit: ids.length,
  });
  return found.map((row) => row.case.id);
}

export type DeliveryResult = { sent: number; retried: number; failed: number; withheld: number };

/** One delivery pass: the due deliveries, a batch at a time, until none is due or time is up. */
export async function deliverNotifications(
  db: Database,
  config: Config,
  log?: JobLog,
): Promise<DeliveryResult> {
  const result: DeliveryResult = { sent: 0, retried: 0, failed: 0, withheld: 0 };
  const deadline = Date.now() + passBudgetMs;
  for (;;) {
    const batch = await claimDueDeliveries(db, deliveriesPerBatch, sendingLeaseMs);
    if (batch.length === 0) break;
    const subscriptions = new Map(
      (
        await selectSubscriptionsWithClients(db, [
          ...new Set(batch.map((delivery) => delivery.subscriptionId)),
        ])
      ).map((row) => [row.id, row]),
    );
    // Each endpoint answers at its own pace: the batch's deliveries go out together.
    const outcomes = await Promise.all(
      batch.map((delivery) =>
        deliverOne(db, config, delivery, subscriptions.get(delivery.subscriptionId), log),
      ),
    );
    for (const outcome of outcomes) result[outcome] += 1;
    if (batch.length < deliveriesPerBatch || Date.now() >= deadline) break;
  }
  return result;
}

async function deliverOne(
  db: Database,
  config: Config,
  delivery: ClaimedDelivery,
  subscription: (LiveSubscription & { live: boolean }) | undefined,
  log: JobLog | undefined,
): Promise<keyof DeliveryResult> {
  const ids = { job: deliverJob, deliveryId: delivery.id, subscriptionId: delivery.subscriptionId };
  const message = subscription && (await notificationOf(db, config, subscription, delivery));
  if (!subscription || !message) {
    await markDeliveryWithheld(db, delivery.id);
    log?.info(ids, 'notification withheld');
    return 'withheld';
  }
  const sent = await sendNotification(message.url, {
    method: message.body === undefined ? 'POST' : 'PUT',
    body: message.body,
    headers: headersOf(subscription.headers),
    timeoutMs: notificationTimeoutMs,
    allowLoopback: config.fhirNotify.allowLoopback,
  });
  const access = accessOfSubscriber(subscription.client);
  if (sent.ok) {
    await markDeliverySent(db, delivery);
    await setSubscriptionHealth(db, subscription.id, null);
    await auditNotified(db, access, [
      {
        caseId: delivery.caseId,
        siteId: message.siteId,
        subscriptionId: subscription.id,
        payload: subscription.payload,
      },
    ]);
    log?.info(ids, 'notification sent');
    return 'sent';
  }
  const attempt = delivery.attempts + 1;
  const retryInMs = retryDelayMs(attempt, false);
  await markDeliveryFailed(db, delivery.id, sent.error, retryInMs);
  if (attempt >= failuresBeforeError) await setSubscriptionHealth(db, subscription.id, sent.error);
  log?.warn(
    { ...ids, attempt, error: sent.error, givenUp: retryInMs === null },
    'notification not sent',
  );
  return retryInMs === null ? 'failed' : 'retried';
}

/**
 * What to send, checked now: the client still active, the subscription not ended, the Task
 * one it may still read (its own referral at a site it still refers to) and, for a payload,
 * its registration still granting Task reads. The Task as a read shows it (outputs only
 * while the person's consent covers updates to the referrer); PUT to [endpoint]/Task/[id]
 * as R4 sends a payload, an empty POST to the endpoint otherwise.
 */
async function notificationOf(
  db: Database,
  config: Config,
  subscription: LiveSubscription & { live: boolean },
  delivery: ClaimedDelivery,
): Promise<{ url: string; body: string | undefined; siteId: string } | undefined> {
  const ended = subscription.endAt !== null && subscription.endAt <= new Date();
  if (!subscription.live || ended || subscription.status === 'off') return undefined;
  const access = accessOfSubscriber(subscription.client);
  const [referral] = await matchSystemReferrals(db, access.actor, {
    ids: [delivery.caseId],
    lastUpdated: [],
    limit: 1,
  });
  if (!referral) return undefined;
  if (subscription.payload === 'empty') {
    return { url: subscription.endpoint, body: undefined, siteId: referral.case.siteId };
  }
  if (!scopesAllow(access.scopes, 'Task', 'r')) return undefined;
  const [received] = await listReceivedOfCases(db, access.clientId, [delivery.caseId], ['Task']);
  if (!received) return undefined;
  const task = presentTask(received, referral, publicBaseUrl(config), access.clientLocale);
  return {
    url: `${subscription.endpoint.replace(/\/+$/, '')}/Task/${delivery.caseId}`,
    body: JSON.stringify(task),
    siteId: referral.case.siteId,
  };
}

/** `Name: value` lines as request headers. */
function headersOf(lines: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    lines.map((line) => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon).trim(), line.slice(colon + 1).trim()];
    }),
  );
}

registerRecurringJob(
  notifyJob,
  (config) => config.fhirNotify.everyMs,
  async (db, config, log) => {
    const taken = await queueNotifications(db, config);
    if (taken > 0) log.info({ job: notifyJob, taken }, 'Task changes matched');
  },
);

registerRecurringJob(
  deliverJob,
  (config) => config.fhirNotify.everyMs,
  async (db, config, log) => {
    await deliverNotifications(db, config, log);
  },
);
