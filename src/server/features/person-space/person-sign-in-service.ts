import { createHmac, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import {
  type PersonSession,
  type PersonSignInQr,
  personSignInCodeAttempts,
  personSignInCodeMinutes,
  personSignInQrMinutes,
  type RequestSignInCodeBody,
  type SignInCodeRequested,
  type SignInWithCodeBody,
} from '../../../shared/contracts/person-space';
import { isMobileNumber, normalisePhone, storedFormsOf } from '../../../shared/phone';
import type { Config } from '../../config';
import type { Database } from '../../db/client';
import { createActionLink, linkSigningKey } from '../../platform/action-links';
import type { Actor, RequestOrigin } from '../../platform/actor';
import { AppError } from '../../platform/errors';
import { translatorFor } from '../../platform/i18n';
import { queueTextMessage } from '../../platform/mail/outbox';
import { qrCodeDataUrl } from '../../platform/qr-code';
import { caseSubject, recordAudit } from '../audit';
import { refusedCase, requireAcceptedCase } from '../cases';
import {
  describePersonSession,
  openPersonSession,
  personSignInPurpose,
  personSignInUrl,
  underWay,
} from './person-space-service';
import {
  countCodesSince,
  countFailedAttempt,
  endLiveCodes,
  findLiveCode,
  insertSignInCode,
  type PhoneCaseRow,
  selectCasesByPhone,
  spendCode,
} from './sign-in-codes-queries';

/** Codes a person may be sent in an hour: enough for a slow network, too few to flood a phone. */
export const signInCodesPerHour = 3;

/** The code's keyed hash, bound to its row: a leaked table does not give six digits away. */
function hashCode(config: Config, codeId: string, code: string): string {
  return createHmac('sha256', linkSigningKey(config)).update(`${codeId}:${code}`).digest('hex');
}

function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * The one person whose record holds the number and who has a case under way (the newest);
 * null when no one does, or when several people share the number (a family's phone): a code
 * to it could open the wrong person's space.
 */
async function personOfNumber(db: Database, e164: string): Promise<PhoneCaseRow | null> {
  const rows = await selectCasesByPhone(db, storedFormsOf(e164));
  if (new Set(rows.map((row) => row.personId)).size !== 1) return null;
  return rows.find(underWay) ?? null;
}

/**
 * Texts a six-digit sign-in code to the number, in the person's language, when it is the
 * mobile of one person with a case under way; answers the same whether or not it is, so
 * the page never tells who is referred. Audited on the case when sent.
 */
export async function requestSignInCode(
  db: Database,
  config: Config,
  origin: RequestOrigin,
  input: RequestSignInCodeBody,
): Promise<SignInCodeRequested> {
  const answer = { minutes: personSignInCodeMinutes };
  if (!config.sms) throw new AppError('text_messages_off');
  const number = normalisePhone(input.phone);
  if (number === null || !isMobileNumber(number)) return answer;
  await db.transaction(async (tx) => {
    const found = await personOfNumber(tx, number);
    if (!found) return;
    const hourAgo = new Date(Date.now() - 3_600_000);
    if ((await countCodesSince(tx, found.personId, hourAgo)) >= signInCodesPerHour) return;
    await endLiveCodes(tx, found.personId);
    const id = randomUUID();
    const code = randomInt(0, 1_000_000).toString().padStart(6, '0');
    await insertSignInCode(tx, {
      id,
      personId: found.personId,
      caseId: found.caseId,
      codeHash: hashCode(config, id, code),
      expiresAt: new Date(Date.now() + personSignInCodeMinutes * 60_000),
    });
    const t = translatorFor(found.locale);
    await queueTextMessage(tx, {
      kind: 'person.sign_in_code',
      to: number,
      text: t('emails:personSpace.signInCodeSms', { code, minutes: personSignInCodeMinutes }),
    });
    await recordAudit(
      tx,
      { accountId: null, origin },
      {
        action: 'person.sign_in_code_sent',
        ...caseSubject({ id: found.caseId, siteId: found.siteId }),
        details: { codeId: id },
      },
    );
  });
  return answer;
}

type CodeCheck =
  | { kind: 'opened'; token: string; person: Parameters<typeof describePersonSession>[1] }
  | { kind: 'refused'; caseId: string | null; siteId: string | null };

/**
 * Opens the person's session with the code texted to their number: the newest code, within
 * its minutes, before its attempts run out, once. A wrong code counts against its attempts
 * (kept even though the answer is an error); any refusal is the same answer, audited as
 * denied on the case when the number is someone's.
 */
export async function signInWithCode(
  db: Database,
  config: Config,
  origin: RequestOrigin,
  input: SignInWithCodeBody,
): Promise<{ token: string; view: PersonSession }> {
  if (!config.sms) throw new AppError('text_messages_off');
  const number = normalisePhone(input.phone);
  const checked = await db.transaction(async (tx): Promise<CodeCheck> => {
    const found = number === null ? null : await personOfNumber(tx, number);
    if (!found) return { kind: 'refused', caseId: null, siteId: null };
    const refused = { kind: 'refused' as const, caseId: found.caseId, siteId: found.siteId };
    const code = await findLiveCode(tx, found.personId, personSignInCodeAttempts);
    if (!code || code.caseId !== found.caseId) return refused;
    if (!sameHash(code.codeHash, hashCode(config, code.id, input.code))) {
      await countFailedAttempt(tx, code.id);
      return refused;
    }
    await spendCode(tx, code.id);
    const opened = await openPersonSession(
      tx,
      origin,
      {
        personId: found.personId,
        caseId: found.caseId,
        siteId: found.siteId,
        locale: found.locale,
      },
      { codeId: code.id },
    );
    return { kind: 'opened', ...opened };
  });
  if (checked.kind === 'refused')
    throw new AppError(
      'sign_in_code_invalid',
      checked.caseId === null ? {} : { refused: refusedCase(checked.caseId, checked.siteId) },
    );
  return { token: checked.token, view: await describePersonSession(db, checked.person) };
}

/**
 * The sign-in link as a QR code the link worker shows the person in person, working a few
 * minutes, once; for a case the person said yes to. Audited on the case.
 */
export async function showSignInQr(
  db: Database,
  config: Config,
  actor: Actor,
  caseId: string,
): Promise<PersonSignInQr> {
  const link = await db.transaction(async (tx) => {
    const caseRow = await requireAcceptedCase(tx, actor, caseId);
    const created = await createActionLink(tx, config, {
      purpose: personSignInPurpose,
      subjectId: caseId,
      actions: ['sign_in'],
      ttlHours: personSignInQrMinutes / 60,
    });
    await recordAudit(tx, actor, {
      action: 'person.sign_in_qr_shown',
      ...caseSubject(caseRow),
      details: { linkId: created.id },
    });
    return created;
  });
  return {
    qrCode: await qrCodeDataUrl(personSignInUrl(config, link.token)),
    expiresAt: link.expiresAt.toISOString(),
  };
}
