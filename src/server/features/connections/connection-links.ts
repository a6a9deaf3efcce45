import { PartnerConnectionStatus } from '../../../shared/contracts/connections';
import type { Config } from '../../config';
import type { Database } from '../../db/client';
import { createActionLink, spendActionLink, verifyActionLink } from '../../platform/action-links';
import { AppError } from '../../platform/errors';

/**
 * Long enough for a partner to answer after a weekend or a week away; short enough that an
 * old email left in a shared inbox stops working.
 */
export const connectionLinkDays = 14;
const purpose = 'connection.response';

export type IssuedLink = { action: PartnerConnectionStatus; url: string };

export type ConnectionLink = {
  id: string;
  connectionId: string;
  action: PartnerConnectionStatus;
  expiresAt: Date;
};

/** One link per action, so that each link does exactly one thing. */
export async function issueConnectionLinks(
  tx: Database,
  config: Config,
  connectionId: string,
  actions: PartnerConnectionStatus[],
): Promise<{ links: IssuedLink[]; expiresAt: Date }> {
  const links: IssuedLink[] = [];
  let expiresAt = new Date();
  for (const action of actions) {
    const created = await createActionLink(tx, config, {
      purpose,
      subjectId: connectionId,
      actions: [action],
      ttlHours: connectionLinkDays * 24,
      path: '/respond',
    });
    links.push({ action, url: created.url });
    expiresAt = created.expiresAt;
  }
  return { links, expiresAt };
}

function isPartnerAction(action: string | undefined): action is PartnerConnectionStatus {
  return PartnerConnectionStatus.safeParse(action).success;
}

/** The link a token stands for, if genuine, unused and unexpired; does not spend it. */
export async function readConnectionLink(
  db: Database,
  config: Config,
  token: string,
): Promise<ConnectionLink> {
  const row = await verifyActionLink(db, config, token, purpose);
  const action = row.actions[0];
  if (row.actions.length !== 1 || !isPartnerAction(action)) throw new AppError('link_invalid');
  return { id: row.id, connectionId: row.subjectId, action, expiresAt: row.expiresAt };
}

/** Spends the link on its one action inside the caller's transaction. */
export async function spendConnectionLink(
  tx: Database,
  config: Config,
  token: string,
): Promise<ConnectionLink> {
  const link = await readConnectionLink(tx, config, token);
  await spendActionLink(tx, link.id, link.action);
  return link;
}
