import type {
  CaseDuplicate,
  ConsentInput,
  CreateReferralBody,
  ExternalReferrer,
  MergeContactField,
  MergeContactPicks,
  MergePersonBody,
  MergePersonResult,
  PersonInput,
  PublicSiteList,
  Referral,
  ReferralList,
  ReferralListQuery,
  ReferralSiteList,
  SelfReferralAcknowledgement,
  SelfReferralBody,
} from '../../../shared/contracts/referrals';
import {
  contactFieldFor,
  differingContactFields,
  mergeContactFields,
} from '../../../shared/contracts/referrals';
import type { Locale } from '../../../shared/locale';
import type { ReferralReason, ReferralSource, Urgency } from '../../../shared/pathway';
import { type Database, readTogether } from '../../db/client';
import type { Actor, RequestOrigin } from '../../platform/actor';
import { decodeCursor, encodeCursor } from '../../platform/cursor';
import { AppError, forbidden, notFound, staleVersion } from '../../platform/errors';
import { translatorFor } from '../../platform/i18n';
import { queueEmail, queueEmails } from '../../platform/mail/outbox';
import { recordAudit } from '../audit';
import {
  type CaseRow,
  openCase,
  refusedCase,
  requireCase,
  updateCasePersonAtVersion,
} from '../cases';
import { canMakeReferrals, referralSiteIds } from './referrals-policy';
import {
  presentCaseDuplicate,
  presentDuplicatePerson,
  presentReferral,
  presentReferralListItem,
} from './referrals-presenter';
import {
  type PersonRow,
  type ReferralRow,
  type ReferralSite,
  type SiteSummaryRow,
  findCaseConsent,
  findPerson,
  findReferral,
  findReferralSite,
  insertConsent,
  insertPersonFindingDuplicate,
  markPersonMerged,
  moveCaseConsents,
  selectCasesOfPerson,
  selectReferralsOf,
  selectSiteSummaries,
  selectStatusHistory,
  updatePersonContact,
} from './referrals-queries';

/** Where links in emails point: the app's public address. */
export type MailLinks = { baseUrl: string };

type NewReferral = {
  siteId: string;
  source: ReferralSource;
  referrerAccountId: string | null;
  referrer: ExternalReferrer | undefined;
  person: PersonInput;
  reasons: ReferralReason[];
  reasonOther: string | undefined;
  urgency: Urgency;
  context: string | undefined;
  consent: Omit<ConsentInput, 'givenAt'> & { givenAt: Date };
};

/** Sites the referral form offers the caller, as a clinician. */
export async function listReferralSites(db: Database, actor: Actor): Promise<ReferralSiteList> {
  if (!canMakeReferrals(actor)) throw forbidden();
  const rows = await selectSiteSummaries(db, { ids: referralSiteIds(actor, 'clinician') });
  return { items: rows.map(({ id, name, organisationName }) => ({ id, name, organisationName })) };
}

export async function createReferral(
  db: Database,
  actor: Actor,
  input: CreateReferralBody,
  links: MailLinks,
): Promise<Referral> {
  const siteIds = referralSiteIds(actor, input.source);
  if (siteIds.length === 0) throw forbidden();
  const siteId = input.siteId ?? (siteIds.length === 1 ? siteIds[0] : undefined);
  if (!siteId) throw new AppError('site_required_for_role', { field: 'siteId' });
  if (!siteIds.includes(siteId)) throw forbidden();
  // No consent, no referral: refused before anything is written.
  if (!input.consent.coversReferral) {
    throw new AppError('consent_required', { field: 'consent.coversReferral' });
  }
  return db.transaction(async (tx) => {
    const site = await loadReferralSite(tx, siteId);
    const consent = { ...input.consent, givenAt: new Date(input.consent.givenAt) };
    const { row, duplicate } = await recordReferral(
      tx,
      {
        siteId,
        source: input.source,
        referrerAccountId: input.source === 'clinician' ? actor.accountId : null,
        referrer: input.source === 'agency' ? input.referrer : undefined,
        person: input.person,
        reasons: input.reasons,
        reasonOther: input.reasonOther,
        urgency: input.urgency,
        context: input.context,
        consent,
      },
      actor.accountId,
    );
    await recordAudit(tx, actor, {
      action: 'referral.created',
      subjectType: 'case',
      subjectId: row.id,
      siteId,
      details: { source: input.source, urgency: input.urgency, possibleDuplicate: duplicate },
    });
    await notifyTeam(tx, site, row, links);
    // Built from what was just written: the new case has one line of history and this consent.
    const history = [{ status: row.status, at: row.referredAt }];
    return presentReferral(
      referralRowOf(row, input.person, site),
      history,
      consent.coversReferrerUpdates,
    );
  });
}

function referralRowOf(row: CaseRow, person: PersonInput, site: SiteSummaryRow): ReferralRow {
  return {
    ...row,
    siteName: site.name,
    givenName: person.givenName,
    familyName: person.familyName,
  };
}

/** One transaction's worth: the person, their case, their consent, the duplicate check. */
async function recordReferral(
  tx: Database,
  referral: NewReferral,
  actorId: string | null,
): Promise<{ row: CaseRow; duplicate: boolean }> {
  const { person, consent } = referral;
  const { person: personRow, duplicateOfId } = await insertPersonFindingDuplicate(tx, {
    siteId: referral.siteId,
    givenName: person.givenName,
    familyName: person.familyName,
    dateOfBirth: person.dateOfBirth,
    sex: person.sex ?? null,
    email: person.email ?? null,
    phone: person.phone ?? null,
    preferredLanguage: person.preferredLanguage,
    contactPreference: person.contactPreference,
    address: person.address ?? null,
    postalCode: person.postalCode?.toUpperCase() ?? null,
    accessibilityNeeds: person.accessibilityNeeds ?? null,
  });
  const row = await openCase(
    tx,
    {
      personId: personRow.id,
      siteId: referral.siteId,
      possibleDuplicateOfId: duplicateOfId,
      source: referral.source,
      referrerAccountId: referral.referrerAccountId,
      referrerName: referral.referrer?.name ?? null,
      referrerOrganisation: referral.referrer?.organisation ?? null,
      referrerContact: referral.referrer?.contact ?? null,
      reasons: referral.reasons,
      reasonOther: referral.reasons.includes('other') ? (referral.reasonOther ?? null) : null,
      urgency: referral.urgency,
      context: referral.context ?? null,
    },
    actorId,
  );
  await insertConsent(tx, {
    personId: personRow.id,
    caseId: row.id,
    givenBy: consent.givenBy,
    givenByName: consent.givenBy === 'person' ? null : (consent.givenByName ?? null),
    givenAt: consent.givenAt,
    coversReferral: consent.coversReferral,
    coversReferrerUpdates: consent.coversReferrerUpdates,
    coversSharingWithPartners: consent.coversSharingWithPartners,
    recordedBy: actorId,
  });
  return { row, duplicate: duplicateOfId !== null };
}

/**
 * Tells the site's link workers, each in their language. Email is not a secure channel:
 * only the reference, the urgency, the site and a link, never who or why.
 */
async function notifyTeam(
  tx: Database,
  site: ReferralSite,
  row: CaseRow,
  links: MailLinks,
): Promise<void> {
  const url = `${links.baseUrl}/cases/${row.id}`;
  const messages = site.linkWorkers.map((worker) => {
    const t = translatorFor(worker.locale ?? site.defaultLocale);
    const params = {
      ns: 'emails',
      reference: row.reference,
      urgency: t(`referrals.urgency.${row.urgency}`, { ns: 'emails' }),
      site: site.name,
      url,
    };
    return {
      kind: 'referral.received',
      to: worker.email,
      subject: t('referrals.newSubject', params),
      text: t('referrals.newText', params),
    };
  });
  await queueEmails(tx, messages);
}

export async function listMyReferrals(
  db: Database,
  actor: Actor,
  query: ReferralListQuery,
): Promise<ReferralList> {
  if (!canMakeReferrals(actor)) throw forbidden();
  const before = query.cursor ? decodeBefore(query.cursor) : undefined;
  const rows = await selectReferralsOf(db, actor.accountId, { before, limit: query.limit + 1 });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  await recordAudit(db, actor, {
    action: 'referral.list_viewed',
    subjectType: 'account',
    subjectId: actor.accountId,
  });
  return {
    items: page.map(presentReferralListItem),
    nextCursor:
      rows.length > query.limit && last
        ? encodeCursor([last.referredAt.toISOString(), last.id])
        : null,
  };
}

function decodeBefore(cursor: string): { referredAt: Date; id: string } {
  const [at = '', id = ''] = decodeCursor(cursor, 2);
  const referredAt = new Date(at);
  if (Number.isNaN(referredAt.getTime()) || !/^[0-9a-f-]{36}$/.test(id)) {
    throw new AppError('bad_request', { field: 'cursor' });
  }
  return { referredAt, id };
}

/** A referrer's own referral; anyone else's is invisible to them. */
export async function getMyReferral(db: Database, actor: Actor, caseId: string): Promise<Referral> {
  if (!canMakeReferrals(actor)) throw forbidden(refusedCase(caseId));
  const row = await findReferral(db, caseId);
  if (!row || row.referrerAccountId !== actor.accountId)
    throw notFound(refusedCase(caseId, row?.siteId ?? null));
  await recordAudit(db, actor, {
    action: 'referral.viewed',
    subjectType: 'case',
    subjectId: caseId,
    siteId: row.siteId,
  });
  return loadReferralView(db, caseId);
}

async function loadReferralView(db: Database, caseId: string): Promise<Referral> {
  const [row, history, consent] = await readTogether(db, [
    () => findReferral(db, caseId),
    () => selectStatusHistory(db, caseId),
    () => findCaseConsent(db, caseId),
  ]);
  if (!row) throw notFound();
  const covers = Boolean(consent && !consent.withdrawnAt && consent.coversReferrerUpdates);
  return presentReferral(row, history, covers);
}

export async function listPublicSites(db: Database): Promise<PublicSiteList> {
  const rows = await selectSiteSummaries(db, { acceptingSelfReferrals: true });
  return { items: rows.map(({ id, name, organisationName }) => ({ id, name, organisationName })) };
}

/** The person refers themself through the public form: no account, so no actor. */
export async function createSelfReferral(
  db: Database,
  origin: RequestOrigin,
  input: SelfReferralBody,
  links: MailLinks,
): Promise<SelfReferralAcknowledgement> {
  // Robots fill the field people never see; they get an answer that tells them nothing.
  if (input.website) throw new AppError('bad_request');
  if (!input.consent) throw new AppError('consent_required', { field: 'consent' });
  return db.transaction(async (tx) => {
    const site = await findReferralSite(tx, input.siteId);
    if (!site) throw new AppError('not_found', { field: 'siteId' });
    // A community partner's site has no link-worker team to receive the person.
    if (!site.acceptsSelfReferrals || site.organisationKind === 'community_partner') {
      throw new AppError('self_referrals_closed', { field: 'siteId' });
    }
    const { row, duplicate } = await recordReferral(
      tx,
      {
        siteId: site.id,
        source: 'self',
        referrerAccountId: null,
        referrer: undefined,
        person: input.person,
        reasons: input.reasons,
        reasonOther: input.reasonOther,
        urgency: 'routine',
        context: input.context,
        consent: {
          givenBy: 'person',
          givenAt: new Date(),
          coversReferral: true,
          coversReferrerUpdates: false,
          coversSharingWithPartners: false,
        },
      },
      null,
    );
    await recordAudit(
      tx,
      { accountId: null, origin },
      {
        action: 'referral.self_referred',
        subjectType: 'case',
        subjectId: row.id,
        siteId: site.id,
        details: { source: 'self', possibleDuplicate: duplicate },
      },
    );
    await notifyTeam(tx, site, row, links);
    const email = input.person.email;
    if (email) await acknowledge(tx, email, input.person.preferredLanguage, site, row.reference);
    return {
      reference: row.reference,
      siteName: site.name,
      contactWithinDays: site.waitingThresholdDays,
      acknowledgementEmailed: Boolean(email),
    };
  });
}

async function acknowledge(
  tx: Database,
  to: string,
  locale: Locale,
  site: SiteSummaryRow,
  reference: string,
): Promise<void> {
  const t = translatorFor(locale);
  const params = { ns: 'emails', reference, site: site.name, days: site.waitingThresholdDays };
  await queueEmail(tx, {
    kind: 'referral.acknowledged',
    to,
    subject: t('referrals.acknowledgedSubject', params),
    text: t('referrals.acknowledgedText', params),
  });
}

/** The case's person beside the earlier record they may duplicate, for the link worker. */
export async function getCaseDuplicate(
  db: Database,
  actor: Actor,
  caseId: string,
): Promise<CaseDuplicate> {
  const caseRow = await requireCase(db, actor, caseId);
  if (!caseRow.possibleDuplicateOfId) throw notFound();
  const duplicateOf = caseRow.possibleDuplicateOfId;
  const [person, existing] = await readTogether(db, [
    () => loadPerson(db, caseRow.personId),
    () => loadPerson(db, duplicateOf),
  ]);
  const [personCases, existingCases] = await readTogether(db, [
    () => selectCasesOfPerson(db, person.id),
    () => selectCasesOfPerson(db, existing.id),
  ]);
  await recordAudit(db, actor, {
    action: 'case.duplicate_viewed',
    subjectType: 'case',
    subjectId: caseId,
    siteId: caseRow.siteId,
  });
  return presentCaseDuplicate(
    caseId,
    caseRow.version,
    presentDuplicatePerson(person, personCases),
    presentDuplicatePerson(existing, existingCases),
  );
}

async function loadPerson(db: Database, id: string): Promise<PersonRow> {
  const row = await findPerson(db, id);
  if (!row) throw notFound();
  return row;
}

/**
 * The link worker's decision on a possible duplicate: the same person (this case and its
 * consent move to the earlier record) or two people (the flag is cleared). A merge keeps
 * the earlier record's contact details except those the link worker picks one by one: the
 * newer record may be anyone's self-referral, and a planted email would receive the
 * person's next questionnaire.
 */
export async function mergePerson(
  db: Database,
  actor: Actor,
  caseId: string,
  input: MergePersonBody,
): Promise<MergePersonResult> {
  const caseRow = await requireCase(db, actor, caseId);
  const existingId = caseRow.possibleDuplicateOfId;
  if (!existingId) throw new AppError('not_a_duplicate');
  return db.transaction(async (tx) => {
    if (input.keep === 'separate') {
      const updated = await updateCasePersonAtVersion(tx, caseId, input.version, caseRow.personId);
      if (!updated) throw staleVersion();
      await recordAudit(tx, actor, {
        action: 'case.duplicate_dismissed',
        subjectType: 'case',
        subjectId: caseId,
        siteId: caseRow.siteId,
      });
      return { caseId, personId: updated.personId, version: updated.version };
    }
    // One transaction is one connection: its queries go one at a time.
    const person = await loadPerson(tx, caseRow.personId);
    const existing = await loadPerson(tx, existingId);
    if (existing.siteId !== person.siteId || existing.mergedIntoId || person.mergedIntoId) {
      throw new AppError('not_a_duplicate');
    }
    const patch = {
      ...pickedContactDetails(existing, person, input.contact),
      ...missingOtherDetails(existing, person),
    };
    const updated = await updateCasePersonAtVersion(tx, caseId, input.version, existing.id);
    if (!updated) throw staleVersion();
    await moveCaseConsents(tx, caseId, existing.id);
    await markPersonMerged(tx, person.id, existing.id);
    await updatePersonContact(tx, existing.id, patch);
    await recordAudit(tx, actor, {
      action: 'case.person_merged',
      subjectType: 'case',
      subjectId: caseId,
      siteId: caseRow.siteId,
      // Which details changed, never their values.
      details: {
        mergedPersonId: person.id,
        intoPersonId: existing.id,
        changedFields: Object.keys(patch),
      },
    });
    return { caseId, personId: updated.personId, version: updated.version };
  });
}

type ContactPatch = Partial<Pick<PersonRow, MergeContactField>>;

/**
 * The newer record's contact details the link worker picked, each one it may take: offered
 * (present and different) and leaving the person reachable the way the merged record says.
 */
function pickedContactDetails(
  kept: PersonRow,
  newer: PersonRow,
  picks: MergeContactPicks,
): ContactPatch {
  const offered = differingContactFields(kept, newer);
  const patch: ContactPatch = {};
  for (const field of mergeContactFields) {
    if (picks[field] !== 'new') continue;
    if (!offered.includes(field)) {
      throw new AppError('merge_pick_invalid', { field: `contact.${field}` });
    }
    Object.assign(patch, { [field]: newer[field] });
  }
  const merged = { ...kept, ...patch };
  const needed = contactFieldFor(merged.contactPreference);
  if (!merged[needed]) {
    throw new AppError('merge_contact_incomplete', { field: `contact.${needed}` });
  }
  return patch;
}

/** Details other than contact that the newer record has and the kept one lacks. */
function missingOtherDetails(
  kept: PersonRow,
  newer: PersonRow,
): Partial<Pick<PersonRow, 'accessibilityNeeds' | 'sex'>> {
  const patch: Partial<Pick<PersonRow, 'accessibilityNeeds' | 'sex'>> = {};
  for (const key of ['accessibilityNeeds', 'sex'] as const) {
    const value = newer[key];
    if (!kept[key] && value) Object.assign(patch, { [key]: value });
  }
  return patch;
}

async function loadReferralSite(db: Database, id: string): Promise<ReferralSite> {
  const row = await findReferralSite(db, id);
  if (!row) throw notFound();
  return row;
}
