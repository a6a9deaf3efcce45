import type { SafeguardingLevel } from '../../../shared/pathway';
import type { Database } from '../../db/client';
import { translatorFor } from '../../platform/i18n';
import { queueEmail } from '../../platform/mail/outbox';
import { findCase } from './cases-queries';
import { type ConcernRow, insertConcern } from './safeguarding-queries';
import { findSiteSettings, selectSiteStaff } from './site-staff-queries';

export type RaiseSafeguardingInput = {
  caseId: string;
  level: SafeguardingLevel;
  description: string;
  /** 'manual' when a person raised it; otherwise what did (a questionnaire answer). */
  origin: string;
  raisedBy: string | null;
  /** The app's public address, for the link in the alert. */
  publicUrl: string;
};

/**
 * Records a safeguarding concern and alerts every site manager of the case's site at once,
 * in the caller's transaction. The email carries the case reference and a link only: the
 * concern itself is read after signing in. The caller has authorized and audits.
 */
export async function raiseSafeguardingConcern(
  tx: Database,
  input: RaiseSafeguardingInput,
): Promise<ConcernRow> {
  const row = await findCase(tx, input.caseId);
  if (!row) throw new Error(`no case ${input.caseId}`);
  const concern = await insertConcern(tx, {
    caseId: row.id,
    level: input.level,
    description: input.description,
    origin: input.origin,
    raisedBy: input.raisedBy,
  });
  const site = await findSiteSettings(tx, row.siteId);
  const managers = await selectSiteStaff(tx, 'site_manager', [row.siteId]);
  const url = `${input.publicUrl}/cases/${row.id}`;
  for (const manager of managers) {
    const t = translatorFor(manager.locale ?? site?.defaultLocale ?? 'en');
    const params = { reference: row.reference, site: site?.name ?? '', url };
    await queueEmail(tx, {
      kind: 'safeguarding.raised',
      to: manager.email,
      subject: t(
        input.level === 'urgent'
          ? 'emails:cases.safeguardingUrgentSubject'
          : 'emails:cases.safeguardingSubject',
        params,
      ),
      text: t('emails:cases.safeguardingText', params),
      notify: { caseId: row.id, params: { reference: row.reference, level: input.level } },
    });
  }
  return concern;
}
