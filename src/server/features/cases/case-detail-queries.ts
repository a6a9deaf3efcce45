import { desc, eq, getTableColumns, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from '../../db/client';
import { accounts, cases, consents, organisations, people, sites } from '../../db/schema';
import { type CaseFacts, type ConsentRow, type PersonRow, stageFacts } from './cases-queries';
import type { SiteSettings } from './site-staff-queries';

/** What the case screen shows around the case row itself. */
export type CaseSurroundings = {
  site: SiteSettings;
  person: PersonRow;
  consent: ConsentRow | null;
  assigneeName: string | null;
  /** The account that made the referral (a clinician, or whoever re-referred), with the organisation it referred from. */
  referrerAccount: { name: string; organisationName: string } | null;
  facts: CaseFacts;
};

/**
 * The case's site, person, consent (the one given for this case, else the person's latest),
 * assignee, referring account and stage facts in one round trip: the case screen follows
 * every change.
 */
export async function findCaseSurroundings(
  db: Database,
  caseId: string,
): Promise<CaseSurroundings | undefined> {
  const assignee = alias(accounts, 'assignee');
  const referrer = alias(accounts, 'referrer');
  const consent = db
    .select()
    .from(consents)
    .where(eq(consents.personId, cases.personId))
    .orderBy(sql`(${consents.caseId} = ${cases.id}) desc nulls last`, desc(consents.givenAt))
    .limit(1)
    .as('consent');
  const [row] = await db
    .select({
      site: {
        id: sites.id,
        name: sites.name,
        defaultLocale: sites.defaultLocale,
        maxContactAttempts: sites.maxContactAttempts,
        waitingThresholdDays: sites.waitingThresholdDays,
      },
      person: getTableColumns(people),
      consent: consent._.selectedFields,
      assigneeName: assignee.displayName,
      referrerName: referrer.displayName,
      // A clinician refers for a site where they hold the referrer role, and a re-referral
      // stays at the case's site: the organisation they referred from is the site's.
      organisationName: organisations.name,
      facts: stageFacts,
    })
    .from(cases)
    .innerJoin(sites, eq(sites.id, cases.siteId))
    .innerJoin(organisations, eq(organisations.id, sites.organisationId))
    .innerJoin(people, eq(people.id, cases.personId))
    .leftJoin(assignee, eq(assignee.id, cases.assignedTo))
    .leftJoin(referrer, eq(referrer.id, cases.referrerAccountId))
    .leftJoinLateral(consent, sql`true`)
    .where(eq(cases.id, caseId));
  if (!row) return undefined;
  const { referrerName, organisationName, ...rest } = row;
  return {
    ...rest,
    referrerAccount: referrerName ? { name: referrerName, organisationName } : null,
  };
}
