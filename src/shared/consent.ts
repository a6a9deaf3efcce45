/*
 * What a person's consent covers now. A consent is withdrawn whole (withdrawnAt), or the
 * person withdraws one of its parts from their own space: updates to the referrer, or sharing
 * with partners. Every reader of those parts asks here, so a withdrawal counts everywhere.
 */

export type ConsentCoverage = {
  coversReferrerUpdates: boolean;
  coversSharingWithPartners: boolean;
  withdrawnAt: Date | null;
  referrerUpdatesWithdrawnAt: Date | null;
  partnerSharingWithdrawnAt: Date | null;
};

/** The referrer may be told how the case goes and receive the summary at closure. */
export function coversReferrerUpdates(consent: ConsentCoverage | null | undefined): boolean {
  return Boolean(
    consent?.coversReferrerUpdates && !consent.withdrawnAt && !consent.referrerUpdatesWithdrawnAt,
  );
}

/** Partners may see what the person shared beyond the minimum. */
export function coversSharingWithPartners(consent: ConsentCoverage | null | undefined): boolean {
  return Boolean(
    consent?.coversSharingWithPartners &&
    !consent.withdrawnAt &&
    !consent.partnerSharingWithdrawnAt,
  );
}
