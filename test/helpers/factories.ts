import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../src/server/db/client';
import {
  accounts,
  caseEvents,
  cases,
  consents,
  directoryOrganizations,
  directoryServices,
  organisations,
  outboundEmails,
  people,
  roleGrants,
  sites,
} from '../../src/server/db/schema';
import { openCase } from '../../src/server/features/cases';
import { hashPassword } from '../../src/server/platform/passwords';
import { snomed } from '../../src/shared/pathway';
import type { OrganisationKind, Role } from '../../src/shared/roles';

export const testPassword = 'correct horse battery staple';
let passwordHash: Promise<string> | undefined;

function unique(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

export async function makeOrganisation(
  db: Database,
  kind: OrganisationKind = 'health_centre',
): Promise<{ id: string; name: string }> {
  const name = unique('Organisation');
  const [row] = await db
    .insert(organisations)
    .values({ name, kind })
    .returning({ id: organisations.id });
  if (!row) throw new Error('no organisation');
  return { id: row.id, name };
}

export async function makeSite(
  db: Database,
  options: {
    organisationId?: string;
    defaultLocale?: 'fr' | 'en';
    twoFactorRequired?: boolean;
  } = {},
): Promise<{ id: string; name: string }> {
  const organisationId = options.organisationId ?? (await makeOrganisation(db)).id;
  const name = unique('Site');
  const [row] = await db
    .insert(sites)
    .values({
      organisationId,
      name,
      defaultLocale: options.defaultLocale ?? 'en',
      twoFactorRequired: options.twoFactorRequired ?? false,
    })
    .returning({ id: sites.id });
  if (!row) throw new Error('no site');
  return { id: row.id, name };
}

export type TestAccount = { id: string; email: string; password: string };

/** An account holding the given roles; every account shares one password hash (hashing is slow on purpose). */
export async function makeAccount(
  db: Database,
  grants: { role: Role; siteId?: string | null }[],
  options: { locale?: 'fr' | 'en' | null; active?: boolean } = {},
): Promise<TestAccount> {
  passwordHash ??= hashPassword(testPassword);
  const email = `${unique('person')}@example.org`;
  const [row] = await db
    .insert(accounts)
    .values({
      email,
      displayName: unique('Person'),
      locale: options.locale ?? null,
      active: options.active ?? true,
      passwordHash: await passwordHash,
    })
    .returning({ id: accounts.id });
  if (!row) throw new Error('no account');
  for (const grant of grants) {
    await db
      .insert(roleGrants)
      .values({ accountId: row.id, role: grant.role, siteId: grant.siteId ?? null });
  }
  return { id: row.id, email, password: testPassword };
}

/** A person known at a site, as a referral would have recorded them. */
export async function makePerson(
  db: Database,
  siteId: string,
  values: Partial<typeof people.$inferInsert> = {},
): Promise<{ id: string; givenName: string; familyName: string }> {
  const [row] = await db
    .insert(people)
    .values({
      siteId,
      givenName: 'Camille',
      familyName: unique('Tremblay'),
      dateOfBirth: '1958-04-12',
      preferredLanguage: 'fr',
      contactPreference: 'phone',
      phone: '613-555-0142',
      postalCode: 'K6H 5R5',
      ...values,
    })
    .returning({ id: people.id, givenName: people.givenName, familyName: people.familyName });
  if (!row) throw new Error('no person');
  return row;
}

/**
 * A case opened by a referral at a site, with the person's consent, through the cases
 * feature's own door so it is exactly what a referral makes.
 */
export async function makeCase(
  db: Database,
  siteId: string,
  options: {
    referrerAccountId?: string;
    personId?: string;
    referrerUpdates?: boolean;
    /** The link worker who recorded the person's yes: the case is then accepted (active). */
    acceptedBy?: string;
  } = {},
): Promise<{ id: string; reference: string; personId: string }> {
  const personId = options.personId ?? (await makePerson(db, siteId)).id;
  const made = await db.transaction(async (tx) => {
    const row = await openCase(
      tx,
      {
        personId,
        siteId,
        source: 'clinician',
        referrerAccountId: options.referrerAccountId ?? null,
        reasons: ['loneliness_isolation'],
        urgency: 'routine',
        context: 'Lives alone since spring; would like to meet people.',
      },
      options.referrerAccountId ?? null,
    );
    await tx.insert(consents).values({
      personId,
      caseId: row.id,
      givenBy: 'person',
      givenAt: new Date(),
      coversReferral: true,
      coversReferrerUpdates: options.referrerUpdates ?? true,
    });
    return { id: row.id, reference: row.reference, personId };
  });
  if (options.acceptedBy) await acceptCase(db, made.id, options.acceptedBy);
  return made;
}

/**
 * Records the person's yes on an open case as the link worker's accept does: active,
 * assigned to that link worker if nobody was, the SNOMED code, the time, a history line and
 * a new version. The plan, connections and outcome measurements start only then.
 */
export async function acceptCase(
  db: Database,
  caseId: string,
  linkWorkerId: string,
): Promise<void> {
  await db.transaction(async (tx) => {
    const [before] = await tx
      .select({ status: cases.status })
      .from(cases)
      .where(eq(cases.id, caseId));
    if (!before) throw new Error(`no case ${caseId}`);
    await tx
      .update(cases)
      .set({
        status: 'active',
        assignedTo: sql`coalesce(${cases.assignedTo}, ${linkWorkerId}::uuid)`,
        outcomeCode: snomed.referralAccepted,
        acceptedAt: new Date(),
        version: sql`${cases.version} + 1`,
      })
      .where(eq(cases.id, caseId));
    await tx.insert(caseEvents).values({
      caseId,
      fromStatus: before.status,
      toStatus: 'active',
      actorId: linkWorkerId,
    });
  });
}

/** An email the delivery gave up on after its retries, as a bounced address leaves it. */
export async function makeFailedEmail(
  db: Database,
  values: { subject?: string; recipient?: string; createdAt?: Date } = {},
): Promise<string> {
  const subject = values.subject ?? 'Nouvelle mise en lien';
  const [row] = await db
    .insert(outboundEmails)
    .values({
      kind: 'connection.sent',
      recipient: values.recipient ?? 'accueil@partenaire.example',
      subject,
      text: `Bonjour,\n\n${subject}`,
      status: 'failed',
      attempts: 5,
      lastError: '550 5.1.1 mailbox unavailable',
      createdAt: values.createdAt ?? new Date(),
    })
    .returning({ id: outboundEmails.id });
  if (!row) throw new Error('no email row');
  return row.id;
}

type ListingNames = { en: string; fr: string };

/**
 * A directory organisation run by a partner of ours and one active service of it, named in
 * English with a French translation, as partners' listings are.
 */
export async function makePartnerListing(
  db: Database,
  listing: {
    partnerOrganisationId: string;
    organization: { id: string; name: ListingNames };
    service: {
      id: string;
      name: ListingNames;
      referralStatus: (typeof directoryServices.$inferInsert)['referralStatus'];
    };
    /** Extra fields of the service's HSDS record (an email, say). */
    record?: Record<string, unknown>;
  },
): Promise<void> {
  const { organization, service } = listing;
  await db.insert(directoryOrganizations).values({
    id: organization.id,
    name: organization.name.en,
    partnerOrganisationId: listing.partnerOrganisationId,
    sourceLanguage: 'en',
    translations: { fr: { name: organization.name.fr } },
    record: { id: organization.id, name: organization.name.en },
  });
  await db.insert(directoryServices).values({
    id: service.id,
    organizationId: organization.id,
    name: service.name.en,
    status: 'active',
    sourceLanguage: 'en',
    translations: { fr: { name: service.name.fr } },
    referralStatus: service.referralStatus,
    record: { id: service.id, name: service.name.en, ...listing.record },
  });
}
