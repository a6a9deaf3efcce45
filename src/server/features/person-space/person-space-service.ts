import { createHash, randomBytes } from 'node:crypto';
import {
  type PersonInvitation,
  type PersonPlan,
  type PersonSession,
  personSignInLinkMinutes,
} from '../../../shared/contracts/person-space';
import type { Locale } from '../../../shared/locale';
import type { CaseStatus } from '../../../shared/pathway';
import type { Config } from '../../config';
import type { Database } from '../../db/client';
import {
  createActionLink,
  replaceActionLinks,
  spendActionLink,
  verifyActionLink,
} from '../../platform/action-links';
import type { Actor, PersonActor, RequestOrigin } from '../../platform/actor';
import { AppError, notFound } from '../../platform/errors';
import { translatorFor } from '../../platform/i18n';
import { canMessagePerson, queuePersonMessage } from '../../platform/sms/person-channel';
import { publicBaseUrl } from '../../platform/public-url';
import { caseSubject, recordAudit } from '../audit';
import { isAccepted, isClosed, refusedCase, requireAcceptedCase } from '../cases';
import { markStepDoneByPerson } from '../plans';
import { presentPersonPlan } from './person-space-presenter';
import {
  deletePersonSession,
  findGivenName,
  findInvitationContext,
  findLivePersonSession,
  findPersonPlan,
  insertPersonSession,
  type PersonPlanRow,
  selectCasesUnderWay,
  selectPersonNotes,
  touchPersonSession,
} from './person-space-queries';

export const personSignInPurpose = 'person.sign_in';
const signInAction = 'sign_in';
/** The web page the link opens; the token follows in the fragment, which no request carries. */
export const personSignInPagePath = '/me/sign-in';
/** A person's session ends after this long without a request... */
export const personSessionIdleMinutes = 30;
/** ...and after this long in any case: a shared or lost phone does not stay signed in. */
export const personSessionMaxHours = 4;

/** What the person's own space writes in the audit trail beside each event (audit-rules.ts). */
export const viaPersonSession = { via: 'person_session' } as const;

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/**
 * Sends the case's person a one-use link to their own space, in their language, by the
 * channel they prefer (a text to their mobile, else an email): only for a case they said yes
 * to, whose person can be reached so; it ends the links sent before. Audited on the case.
 */
export async function invitePerson(
  db: Database,
  config: Config,
  actor: Actor,
  caseId: string,
): Promise<PersonInvitation> {
  return db.transaction(async (tx) => {
    const caseRow = await requireAcceptedCase(tx, actor, caseId);
    const person = await findInvitationContext(tx, caseId);
    if (!person || !canMessagePerson(config, person)) throw new AppError('person_has_no_email');
    // A newer invitation ends the older ones: only the latest message opens the space.
    await replaceActionLinks(tx, personSignInPurpose, caseId);
    const link = await createActionLink(tx, config, {
      purpose: personSignInPurpose,
      subjectId: caseId,
      actions: [signInAction],
      ttlHours: personSignInLinkMinutes / 60,
    });
    const t = translatorFor(person.locale);
    const params = {
      ns: 'emails',
      name: person.givenName,
      site: person.siteName,
      minutes: personSignInLinkMinutes,
      url: personSignInUrl(config, link.token),
    };
    const sent = await queuePersonMessage(tx, config, person, {
      kind: 'person.invitation',
      email: {
        subject: t('personSpace.invitationSubject', params),
        text: t('personSpace.invitationText', params),
      },
      text: t('personSpace.invitationSms', params),
    });
    if (!sent) throw new AppError('person_has_no_email');
    await recordAudit(tx, actor, {
      action: 'person.invited',
      ...caseSubject(caseRow),
      details: { linkId: link.id, channel: sent.channel },
    });
    return { sentTo: sent.to, channel: sent.channel, expiresAt: link.expiresAt.toISOString() };
  });
}

/** The page a sign-in link opens, its token in the fragment, which no request carries. */
export function personSignInUrl(config: Config, token: string): string {
  return `${publicBaseUrl(config)}${personSignInPagePath}#${token}`;
}

/**
 * Spends an emailed sign-in link and opens a person's session, in one transaction. A link
 * unknown, forged, used, expired, or of a case no longer under way is refused (and audited
 * as denied, naming the link).
 */
export async function signInWithLink(
  db: Database,
  config: Config,
  origin: RequestOrigin,
  token: string,
): Promise<{ token: string; view: PersonSession }> {
  const opened = await db.transaction(async (tx) => {
    const link = await verifyActionLink(tx, config, token, personSignInPurpose);
    const refused = { refused: { subjectType: 'action_link' as const, subjectId: link.id } };
    const plan = await findPersonPlan(tx, link.subjectId);
    const person = await findInvitationContext(tx, link.subjectId);
    if (!plan || !person || person.merged || !underWay(plan))
      throw new AppError('link_invalid', refused);
    await spendActionLink(tx, link.id, signInAction);
    return openPersonSession(
      tx,
      origin,
      {
        personId: person.personId,
        caseId: plan.caseId,
        siteId: plan.siteId,
        locale: person.locale,
      },
      { linkId: link.id },
    );
  });
  return { token: opened.token, view: await describePersonSession(db, opened.person) };
}

/**
 * Opens a person's session on one of their cases, in the caller's transaction, audited as
 * person.signed_in with how (`how`: the link's or the code's id). Answers the cookie's token.
 */
export async function openPersonSession(
  tx: Database,
  origin: RequestOrigin,
  who: { personId: string; caseId: string; siteId: string; locale: Locale },
  how: Record<string, string>,
): Promise<{ token: string; person: PersonActor }> {
  const sessionToken = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  await insertPersonSession(tx, {
    tokenHash: hashToken(sessionToken),
    personId: who.personId,
    caseId: who.caseId,
    csrfToken,
    expiresAt: new Date(Date.now() + personSessionMaxHours * 3_600_000),
    ip: origin.ip,
    userAgent: origin.userAgent,
  });
  await recordAudit(
    tx,
    { accountId: null, origin },
    {
      action: 'person.signed_in',
      ...caseSubject({ id: who.caseId, siteId: who.siteId }),
      details: { ...viaPersonSession, ...how },
    },
  );
  return {
    token: sessionToken,
    person: {
      personId: who.personId,
      caseId: who.caseId,
      locale: who.locale,
      sessionKey: hashToken(sessionToken),
      csrfToken,
      origin,
    },
  };
}

/** A case the person may sign in to: they said yes to it and it is not closed. */
export function underWay(row: { status: CaseStatus; acceptedAt: Date | null }): boolean {
  return isAccepted(row) && !isClosed(row.status);
}

/** The person of a session cookie, or null when unknown, expired or idle too long. */
export async function resolvePersonSession(
  db: Database,
  token: string,
  origin: RequestOrigin,
): Promise<PersonActor | null> {
  const tokenHash = hashToken(token);
  const now = Date.now();
  const idleSince = new Date(now - personSessionIdleMinutes * 60_000);
  const found = await findLivePersonSession(db, tokenHash, idleSince);
  if (!found) return null;
  // Touch at most once a minute: keeps idle expiry honest without a write per request.
  if (now - found.lastSeenAt.getTime() > 60_000) await touchPersonSession(db, tokenHash);
  return {
    personId: found.personId,
    caseId: found.caseId,
    locale: found.locale,
    sessionKey: tokenHash,
    csrfToken: found.csrfToken,
    origin,
  };
}

export async function describePersonSession(
  db: Database,
  person: PersonActor,
): Promise<PersonSession> {
  const givenName = await findGivenName(db, person.personId);
  if (givenName === undefined) throw new AppError('unauthenticated');
  return {
    givenName,
    locale: person.locale,
    csrfToken: person.csrfToken,
    cases: await selectCasesUnderWay(db, person.personId),
  };
}

/**
 * One of the person's own cases that they said yes to; any other case, whoever's, is not
 * found to them, and audited as denied (features/audit, refusal-audit.ts).
 */
export async function requireOwnCase(
  db: Database,
  person: PersonActor,
  caseId: string,
): Promise<PersonPlanRow> {
  const row = await findPersonPlan(db, caseId);
  if (!row || row.personId !== person.personId || !isAccepted(row))
    throw notFound(refusedCase(caseId, row?.siteId ?? null));
  return row;
}

/** As requireOwnCase, for a change: a closed case takes no more. */
export async function requireOwnOpenCase(
  db: Database,
  person: PersonActor,
  caseId: string,
): Promise<PersonPlanRow> {
  const row = await requireOwnCase(db, person, caseId);
  if (isClosed(row.status)) throw new AppError('case_closed');
  return row;
}

/** The plan of one of the person's own cases, with who does what and how to reach their link worker. */
export async function getPersonPlan(
  db: Database,
  person: PersonActor,
  caseId: string,
): Promise<PersonPlan> {
  return db.transaction(async (tx) => {
    const row = await requireOwnCase(tx, person, caseId);
    await recordAudit(tx, whoIs(person), {
      action: 'person.plan_viewed',
      ...caseSubject({ id: row.caseId, siteId: row.siteId }),
      details: viaPersonSession,
    });
    return presentPersonPlan(row, await selectPersonNotes(tx, caseId), !isClosed(row.status));
  });
}

/**
 * The person marks a step of their own plan done: the link worker sees it done on the case.
 * Audited on the case; a step the plan does not have is not found.
 */
export async function markPersonStepDone(
  db: Database,
  person: PersonActor,
  caseId: string,
  stepId: string,
): Promise<PersonPlan> {
  return db.transaction(async (tx) => {
    const before = await requireOwnOpenCase(tx, person, caseId);
    if (!(await markStepDoneByPerson(tx, caseId, stepId))) throw notFound();
    await recordAudit(tx, whoIs(person), {
      action: 'person.step_done',
      ...caseSubject({ id: before.caseId, siteId: before.siteId }),
      details: { ...viaPersonSession, stepId },
    });
    const row = await requireOwnCase(tx, person, caseId);
    return presentPersonPlan(row, await selectPersonNotes(tx, caseId), true);
  });
}

export async function signOutPerson(db: Database, person: PersonActor): Promise<void> {
  await db.transaction(async (tx) => {
    await deletePersonSession(tx, person.sessionKey);
    const row = await findPersonPlan(tx, person.caseId);
    await recordAudit(tx, whoIs(person), {
      action: 'person.signed_out',
      ...(row ? caseSubject({ id: row.caseId, siteId: row.siteId }) : {}),
      details: viaPersonSession,
    });
  });
}

export function whoIs(person: PersonActor): { accountId: null; origin: RequestOrigin } {
  return { accountId: null, origin: person.origin };
}
