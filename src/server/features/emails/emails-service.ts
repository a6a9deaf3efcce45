import type { FailedEmailList } from '../../../shared/contracts/emails';
import type { Database } from '../../db/client';
import type { Actor } from '../../platform/actor';
import { forbidden, notFound } from '../../platform/errors';
import {
  type FailedEmailRow,
  requeueFailedEmail,
  selectFailedEmails,
} from '../../platform/mail/delivery-queries';
import { recordAudit } from '../audit';
import { canManageEmails } from './emails-policy';

/** More than an administrator reads in one sitting; older ones stay in the table. */
const listedAtMost = 200;

function presentFailedEmail(row: FailedEmailRow): FailedEmailList['items'][number] {
  return {
    id: row.id,
    kind: row.kind,
    recipient: row.recipient,
    subject: row.subject,
    attempts: row.attempts,
    lastError: row.last_error,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

export async function listFailedEmails(db: Database, actor: Actor): Promise<FailedEmailList> {
  if (!canManageEmails(actor)) throw forbidden();
  return db.transaction(async (tx) => {
    const rows = await selectFailedEmails(tx, listedAtMost);
    await recordAudit(tx, actor, {
      action: 'emails.failed_listed',
      details: { shown: rows.length },
    });
    return { items: rows.map(presentFailedEmail) };
  });
}

/** Sends a given-up email again: it goes back in the queue with its retries reset. */
export async function retryEmail(db: Database, actor: Actor, id: string): Promise<void> {
  if (!canManageEmails(actor)) throw forbidden();
  await db.transaction(async (tx) => {
    if (!(await requeueFailedEmail(tx, id))) throw notFound();
    await recordAudit(tx, actor, { action: 'email.requeued', subjectType: 'email', subjectId: id });
  });
}
