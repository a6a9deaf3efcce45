import type {
  Account,
  AccountList,
  AccountListQuery,
  CreateAccountBody,
  GrantInput,
  SetPasswordBody,
  UpdateAccountBody,
} from '../../../shared/contracts/accounts';
import { Id } from '../../../shared/contracts/common';
import { type Database, readTogether } from '../../db/client';
import type { Actor } from '../../platform/actor';
import { AppError, forbidden, notFound, staleVersion } from '../../platform/errors';
import { decodeCursor, encodeCursor } from '../../platform/cursor';
import { hashPassword } from '../../platform/passwords';
import { recordAudit } from '../audit';
import { canManageAccounts, isOwnGrantOfPersonalData } from './accounts-policy';
import { presentAccount } from './accounts-presenter';
import {
  bumpAccountVersion,
  countActiveAdministrators,
  deleteGrant,
  findAccountByEmail,
  findPersonAccount,
  insertAccount,
  insertGrant,
  lockAdministratorChanges,
  selectAccounts,
  selectGrants,
  siteExists,
  updateAccount,
  updateAccountAtVersion,
} from './accounts-queries';
import { grantScopeProblem, normaliseEmail } from './accounts-rules';
import { deleteSessionsOfAccount } from './session-queries';

function authorize(actor: Actor): void {
  if (!canManageAccounts(actor)) throw forbidden();
}

async function loadAccount(db: Database, id: string): Promise<Account> {
  const [row, grants] = await readTogether(db, [
    () => findPersonAccount(db, id),
    () => selectGrants(db, [id]),
  ]);
  if (!row) throw notFound();
  return presentAccount(row, grants);
}

export async function listAccounts(
  db: Database,
  actor: Actor,
  query: AccountListQuery,
): Promise<AccountList> {
  authorize(actor);
  const rows = await selectAccounts(db, {
    search: query.search,
    role: query.role,
    siteId: query.siteId,
    after: query.cursor ? afterAccount(query.cursor) : undefined,
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const grants = await selectGrants(
    db,
    page.map((row) => row.id),
  );
  const last = page.at(-1);
  return {
    items: page.map((row) => presentAccount(row, grants)),
    nextCursor:
      rows.length > query.limit && last ? encodeCursor([last.email.toLowerCase(), last.id]) : null,
  };
}

export async function getAccount(db: Database, actor: Actor, id: string): Promise<Account> {
  authorize(actor);
  return loadAccount(db, id);
}

export async function createAccount(
  db: Database,
  actor: Actor,
  input: CreateAccountBody,
): Promise<Account> {
  authorize(actor);
  const email = normaliseEmail(input.email);
  if (await findAccountByEmail(db, email)) throw new AppError('email_taken', { field: 'email' });
  for (const [index, grant] of input.grants.entries())
    await checkGrant(db, grant, `grants.${index}.siteId`);
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const row = await insertAccount(tx, {
      email,
      displayName: input.displayName,
      locale: input.locale,
      passwordHash,
    });
    if (!row) throw new AppError('email_taken', { field: 'email' });
    for (const grant of input.grants) await insertGrant(tx, { accountId: row.id, ...grant });
    await recordAudit(tx, actor, {
      action: 'account.created',
      subjectType: 'account',
      subjectId: row.id,
      details: { grants: input.grants },
    });
    return loadAccount(tx, row.id);
  });
}

export async function updateAccountDetails(
  db: Database,
  actor: Actor,
  id: string,
  input: UpdateAccountBody,
): Promise<Account> {
  authorize(actor);
  const { version, ...patch } = input;
  return db.transaction(async (tx) => {
    if (!(await findPersonAccount(tx, id))) throw notFound();
    const row = await updateAccountAtVersion(tx, id, version, patch);
    if (!row) throw staleVersion();
    if (patch.active === false) {
      await assertAnAdministratorRemains(tx);
      await deleteSessionsOfAccount(tx, id);
    }
    await recordAudit(tx, actor, {
      action: 'account.updated',
      subjectType: 'account',
      subjectId: id,
      details: { fields: Object.keys(patch) },
    });
    return loadAccount(tx, id);
  });
}

/** An administrator sets a new password: it also lifts a lockout and ends the account's sessions. */
export async function setAccountPassword(
  db: Database,
  actor: Actor,
  id: string,
  input: SetPasswordBody,
): Promise<void> {
  authorize(actor);
  if (!(await findPersonAccount(db, id))) throw notFound();
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await updateAccount(tx, id, {
      passwordHash,
      passwordChangedAt: new Date(),
      failedSignIns: 0,
      lockedUntil: null,
    });
    await bumpAccountVersion(tx, id);
    await deleteSessionsOfAccount(tx, id);
    await recordAudit(tx, actor, {
      action: 'account.password_set',
      subjectType: 'account',
      subjectId: id,
    });
  });
}

export async function addGrant(
  db: Database,
  actor: Actor,
  id: string,
  input: GrantInput,
): Promise<Account> {
  authorize(actor);
  if (isOwnGrantOfPersonalData(actor, id, input.role)) {
    await recordAudit(db, actor, {
      action: 'role.granted',
      outcome: 'denied',
      subjectType: 'account',
      subjectId: id,
      siteId: input.siteId,
      details: { role: input.role, siteId: input.siteId, reason: 'own_grant' },
    });
    throw new AppError('own_grant_refused', { field: 'role' });
  }
  await checkGrant(db, input, 'siteId');
  return db.transaction(async (tx) => {
    if (!(await findPersonAccount(tx, id))) throw notFound();
    const inserted = await insertGrant(tx, { accountId: id, ...input });
    if (!inserted) throw new AppError('grant_exists', { field: 'role' });
    await bumpAccountVersion(tx, id);
    await recordAudit(tx, actor, {
      action: 'role.granted',
      subjectType: 'account',
      subjectId: id,
      siteId: input.siteId,
      details: { role: input.role, siteId: input.siteId },
    });
    return loadAccount(tx, id);
  });
}

export async function removeGrant(
  db: Database,
  actor: Actor,
  id: string,
  grantId: string,
): Promise<Account> {
  authorize(actor);
  return db.transaction(async (tx) => {
    if (!(await findPersonAccount(tx, id))) throw notFound();
    const removed = await deleteGrant(tx, id, grantId);
    if (!removed) throw notFound();
    if (removed.role === 'administrator') await assertAnAdministratorRemains(tx);
    await bumpAccountVersion(tx, id);
    await recordAudit(tx, actor, {
      action: 'role.revoked',
      subjectType: 'account',
      subjectId: id,
      siteId: removed.siteId,
      details: { role: removed.role, siteId: removed.siteId },
    });
    return loadAccount(tx, id);
  });
}

async function checkGrant(db: Database, grant: GrantInput, field: string): Promise<void> {
  const problem = grantScopeProblem(grant.role, grant.siteId);
  if (problem) throw new AppError(problem, { field });
  if (grant.siteId && !(await siteExists(db, grant.siteId)))
    throw new AppError('not_found', { field });
}

/**
 * Throwing inside the transaction rolls back the change that would leave no administrator.
 * Counting after the lock sees any concurrent such change that committed first.
 */
async function assertAnAdministratorRemains(db: Database): Promise<void> {
  await lockAdministratorChanges(db);
  if ((await countActiveAdministrators(db)) === 0) throw new AppError('last_administrator');
}

function afterAccount(cursor: string): { email: string; id: string } {
  const [email = '', id = ''] = decodeCursor(cursor, 2);
  // Both reach the database, where a malformed uuid or a NUL character fails as a server error.
  if (!Id.safeParse(id).success || email.includes('\0')) {
    throw new AppError('bad_request', { field: 'cursor' });
  }
  return { email, id };
}

/**
 * Creates an administrator from the command line, for a new installation without demo
 * data. It answers to nobody over HTTP, so the audit event has no actor.
 */
export async function createAdministratorFromCli(
  db: Database,
  input: { email: string; displayName: string; password: string },
): Promise<string> {
  const email = normaliseEmail(input.email);
  if (await findAccountByEmail(db, email)) throw new AppError('email_taken', { field: 'email' });
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const row = await insertAccount(tx, { email, displayName: input.displayName, passwordHash });
    if (!row) throw new AppError('email_taken', { field: 'email' });
    await insertGrant(tx, { accountId: row.id, role: 'administrator', siteId: null });
    await recordAudit(
      tx,
      { accountId: null, origin: { ip: null, userAgent: 'command line' } },
      {
        action: 'account.created',
        subjectType: 'account',
        subjectId: row.id,
        details: { grants: [{ role: 'administrator', siteId: null }], via: 'cli' },
      },
    );
    return row.id;
  });
}
