import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionLinks } from '../../src/server/db/schema';
import {
  createActionLink,
  spendActionLink,
  verifyActionLink,
} from '../../src/server/platform/action-links';
import { AppError, type ErrorCode } from '../../src/server/platform/errors';
import { startTestApp, type TestApp } from '../helpers/app';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ PUBLIC_URL: 'https://passerelle.example/' });
});
afterAll(() => t.close());

const purpose = 'connection.response';

async function newLink(ttlHours = 72): Promise<{ id: string; token: string; url: string }> {
  return t.database.db.transaction((tx) =>
    createActionLink(tx, t.config, {
      purpose,
      subjectId: randomUUID(),
      actions: ['accept', 'decline'],
      ttlHours,
    }),
  );
}

async function codeOf(promise: Promise<unknown>): Promise<ErrorCode | 'none'> {
  try {
    await promise;
    return 'none';
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
}

describe('action links', () => {
  it('stores only a hash of the token, and builds the address from PUBLIC_URL', async () => {
    const link = await newLink();
    expect(link.url).toBe(`https://passerelle.example/links/${link.token}`);
    const rows = await t.database.db.select().from(actionLinks).where(eq(actionLinks.id, link.id));
    expect(rows[0]?.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(rows)).not.toContain(link.token.split('.')[0]);
  });

  it('verifies a genuine link, then spends it once', async () => {
    const link = await newLink();
    const row = await verifyActionLink(t.database.db, t.config, link.token, purpose);
    expect(row).toMatchObject({
      id: link.id,
      purpose,
      actions: ['accept', 'decline'],
      usedAt: null,
    });
    const spent = await t.database.db.transaction((tx) => spendActionLink(tx, row.id, 'accept'));
    expect(spent.usedAt).toBeInstanceOf(Date);
    expect(await codeOf(verifyActionLink(t.database.db, t.config, link.token, purpose))).toBe(
      'link_used',
    );
    expect(
      await codeOf(t.database.db.transaction((tx) => spendActionLink(tx, row.id, 'decline'))),
    ).toBe('link_used');
  });

  it('refuses a tampered, truncated or unknown token as link_invalid', async () => {
    const link = await newLink();
    const [random = '', mac = ''] = link.token.split('.');
    const flip = (s: string): string => (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
    for (const token of [
      `${flip(random)}.${mac}`,
      `${random}.${flip(mac)}`,
      link.token.slice(0, -1),
      `${link.token}x`,
      '',
      'not-a-token',
    ])
      expect(await codeOf(verifyActionLink(t.database.db, t.config, token, purpose))).toBe(
        'link_invalid',
      );
  });

  it('refuses a link used for another purpose', async () => {
    const link = await newLink();
    expect(
      await codeOf(verifyActionLink(t.database.db, t.config, link.token, 'referral.confirm')),
    ).toBe('link_invalid');
  });

  it('refuses an expired link, to read or to spend', async () => {
    const link = await newLink();
    await t.database.db
      .update(actionLinks)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(actionLinks.id, link.id));
    expect(await codeOf(verifyActionLink(t.database.db, t.config, link.token, purpose))).toBe(
      'link_expired',
    );
    expect(
      await codeOf(t.database.db.transaction((tx) => spendActionLink(tx, link.id, 'accept'))),
    ).toBe('link_expired');
  });

  it('refuses an action the link does not allow, and leaves it usable', async () => {
    const link = await newLink();
    expect(
      await codeOf(t.database.db.transaction((tx) => spendActionLink(tx, link.id, 'delete'))),
    ).toBe('link_invalid');
    await verifyActionLink(t.database.db, t.config, link.token, purpose);
  });

  it('stays usable when the change it was spent with rolls back', async () => {
    const link = await newLink();
    await expect(
      t.database.db.transaction(async (tx) => {
        await spendActionLink(tx, link.id, 'accept');
        throw new Error('change refused');
      }),
    ).rejects.toThrow('change refused');
    await verifyActionLink(t.database.db, t.config, link.token, purpose);
  });

  it('lets exactly one of two simultaneous spends win', async () => {
    const link = await newLink();
    const spend = (action: string): Promise<ErrorCode | 'none'> =>
      codeOf(
        t.database.db.transaction(async (tx) => {
          await spendActionLink(tx, link.id, action);
          // Hold the transaction open a moment so the other spend really overlaps it.
          await new Promise((resolve) => setTimeout(resolve, 50));
        }),
      );
    const outcomes = await Promise.all([spend('accept'), spend('decline')]);
    expect(outcomes.sort()).toEqual(['link_used', 'none']);
  });

  it('verifies with the secret it was signed with and refuses another', async () => {
    const link = await newLink();
    expect(await verifyActionLink(t.database.db, t.config, link.token, purpose)).toMatchObject({
      id: link.id,
    });
    const otherSecret = {
      ...t.config,
      links: { signingSecret: 'x'.repeat(40), secretFile: undefined },
    };
    expect(await codeOf(verifyActionLink(t.database.db, otherSecret, link.token, purpose))).toBe(
      'link_invalid',
    );
  });
});
