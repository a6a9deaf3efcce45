import type { EmailListingResult } from '../../../shared/contracts/listing-detail';
import type { Database } from '../../db/client';
import type { Actor } from '../../platform/actor';
import { AppError, notFound } from '../../platform/errors';
import { translatorFor } from '../../platform/i18n';
import { queueEmail } from '../../platform/mail/outbox';
import { caseSubject, recordAudit } from '../audit';
import { refusedCase, requireOpenCase } from '../cases';
import { listingEmailText } from './listing-email';
import { findListingRecipient } from './listing-email-queries';
import { listingDetail } from './listing-detail-service';

/**
 * Emails one listing to a case's person, in their language, through the outbox: an action
 * on the person's record (it uses their address), audited on the case with the listing.
 */
export async function emailListingToPerson(
  db: Database,
  actor: Actor,
  caseId: string,
  serviceId: string,
  staleAfterDays: number,
): Promise<EmailListingResult> {
  return db.transaction(async (tx) => {
    const caseRow = await requireOpenCase(tx, actor, caseId);
    const recipient = await findListingRecipient(tx, caseId);
    if (!recipient) throw notFound(refusedCase(caseId, caseRow.siteId));
    if (!recipient.email) throw new AppError('person_needs_email', { field: 'serviceId' });
    const listing = await listingDetail(tx, serviceId, recipient.language, staleAfterDays).catch(
      (error: unknown) => {
        if (error instanceof AppError && error.code === 'not_found') {
          throw new AppError('not_found', { field: 'serviceId' });
        }
        throw error;
      },
    );
    const t = translatorFor(recipient.language);
    const message = listingEmailText(listing, recipient, t, recipient.language);
    const emailId = await queueEmail(tx, {
      kind: 'listing.emailed',
      to: recipient.email,
      ...message,
    });
    // A person's address is never a connected system's, the one kind queueEmail skips.
    if (!emailId) throw new Error('the email to the person was not queued');
    await recordAudit(tx, actor, {
      action: 'case.listing_emailed',
      ...caseSubject(caseRow),
      details: { serviceId, language: recipient.language },
    });
    return { emailId, to: recipient.email };
  });
}
