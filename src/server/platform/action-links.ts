import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config';
import type { Database } from '../db/client';
import {
  type ActionLinkRow,
  expireActionLinks,
  findActionLinkByHash,
  findActionLinkById,
  insertActionLink,
  markActionLinkUsed,
} from './action-links-queries';
import { AppError } from './errors';
import { publicBaseUrl } from './public-url';

/**
 * Links sent by email that let someone without an account take one action (confirm, decline...)
 * once, before they expire. The token is 32 random bytes and an HMAC-SHA256 of them (and the
 * purpose) with LINK_SIGNING_SECRET; the database keeps only a SHA-256 of the token, so
 * reading the table gives no usable link, and a forged token is refused before any lookup.
 */
export type ActionLink = ActionLinkRow;

export type NewActionLink = {
  /** What the link is for (connection.response, referral.confirm...); checked on use. */
  purpose: string;
  /** The record it acts on (a connection, a case...). */
  subjectId: string;
  /** The actions it allows; taking any one of them spends it. */
  actions: string[];
  ttlHours: number;
  /** Web path the link opens, before the token; default /links. */
  path?: string;
};

export type CreatedActionLink = { id: string; token: string; url: string; expiresAt: Date };

const keys = new Map<string, Buffer>();
const processKeyName = '(this process)';

/**
 * The signing key: LINK_SIGNING_SECRET, or else a secret generated once and kept in
 * DATA_DIR/link-signing-secret (readable by the app's user only) so links outlive a restart;
 * with DATA_DIR=:memory: nothing outlives the process, so neither does the key.
 */
export function linkSigningKey(config: Config): Buffer {
  const { signingSecret, secretFile } = config.links;
  if (signingSecret) return Buffer.from(signingSecret, 'utf8');
  const name = secretFile ?? processKeyName;
  const known = keys.get(name);
  if (known) return known;
  const key = secretFile ? readOrCreateSecretFile(secretFile) : randomBytes(32);
  keys.set(name, key);
  return key;
}

function readOrCreateSecretFile(file: string): Buffer {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  try {
    // 'wx' fails if another process wrote it first: then both use that one.
    fs.writeFileSync(file, randomBytes(32).toString('hex'), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const secret = fs.readFileSync(file, 'utf8').trim();
  if (secret.length < 32) throw new Error(`${file} holds too short a link signing secret`);
  return Buffer.from(secret, 'utf8');
}

/** A link that does not open is a refused attempt at a person's record: audited. */
const refusedLink = { subjectType: 'action_link' } as const;

const tokenPattern = /^([A-Za-z0-9_-]{43})\.([A-Za-z0-9_-]{43})$/;

function signature(key: Buffer, purpose: string, random: string): Buffer {
  return createHmac('sha256', key).update(`${purpose}\n${random}`).digest();
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Writes a new link inside the caller's transaction; the token is returned once, never stored. */
export async function createActionLink(
  tx: Database,
  config: Config,
  link: NewActionLink,
): Promise<CreatedActionLink> {
  if (link.actions.length === 0) throw new Error('an action link needs at least one action');
  if (!(link.ttlHours > 0)) throw new Error('an action link needs a positive lifetime');
  const random = randomBytes(32).toString('base64url');
  const token = `${random}.${signature(linkSigningKey(config), link.purpose, random).toString('base64url')}`;
  const expiresAt = new Date(Date.now() + link.ttlHours * 3_600_000);
  const row = await insertActionLink(tx, {
    tokenHash: hashToken(token),
    purpose: link.purpose,
    subjectId: link.subjectId,
    actions: link.actions,
    expiresAt,
  });
  const url = `${publicBaseUrl(config)}${link.path ?? '/links'}/${token}`;
  return { id: row.id, token, url, expiresAt };
}

/**
 * Ends, inside the caller's transaction, the unused links of a purpose for a subject: for a
 * link that a newer one replaces (a person's sign-in link). They then answer link_expired.
 */
export async function replaceActionLinks(
  tx: Database,
  purpose: string,
  subjectId: string,
): Promise<void> {
  await expireActionLinks(tx, purpose, subjectId);
}

/**
 * The link a token stands for, if it is genuine, for this purpose, unused and unexpired;
 * otherwise AppError link_invalid, link_used or link_expired. Does not spend it.
 */
export async function verifyActionLink(
  db: Database,
  config: Config,
  token: string,
  purpose: string,
): Promise<ActionLink> {
  const parts = tokenPattern.exec(token);
  const random = parts?.[1];
  const given = parts?.[2];
  if (!random || !given) throw new AppError('link_invalid', { refused: refusedLink });
  const expected = signature(linkSigningKey(config), purpose, random);
  const givenBytes = Buffer.from(given, 'base64url');
  if (givenBytes.length !== expected.length || !timingSafeEqual(givenBytes, expected))
    throw new AppError('link_invalid', { refused: refusedLink });
  const row = await findActionLinkByHash(db, hashToken(token));
  if (!row || row.purpose !== purpose) throw new AppError('link_invalid', { refused: refusedLink });
  // The link's id, never its token: the token is the secret.
  const refused = { ...refusedLink, subjectId: row.id };
  if (row.usedAt) throw new AppError('link_used', { refused });
  if (row.expiresAt.getTime() <= Date.now()) throw new AppError('link_expired', { refused });
  return row;
}

/**
 * Spends the link on `action` inside the caller's transaction (with the change the action
 * makes, so a failed change leaves the link usable). Of two requests at once, one wins and
 * the other gets link_used. An action the link does not allow is link_invalid (field action).
 */
export async function spendActionLink(
  tx: Database,
  linkId: string,
  action: string,
): Promise<ActionLink> {
  const spent = await markActionLinkUsed(tx, linkId, action);
  if (spent) return spent;
  const row = await findActionLinkById(tx, linkId);
  if (!row) throw new AppError('link_invalid');
  if (row.usedAt) throw new AppError('link_used');
  if (row.expiresAt.getTime() <= Date.now()) throw new AppError('link_expired');
  throw new AppError('link_invalid', { field: 'action' });
}
