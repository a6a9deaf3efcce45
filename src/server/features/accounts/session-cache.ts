import type { DatabaseHandle } from '../../db/client';
import { type Forgetting, startNotifiedCache } from '../../db/notified-cache';
import type { LiveSession } from './session-queries';

/** The channel migration 0015's triggers tell (see its comment for the payloads). */
export const sessionChangesChannel = 'passerelle_sessions';

const maxEntries = 10_000;
/** However fresh the notifications say it is, a session is read again after this. */
const maxAgeMs = 5 * 60_000;

/**
 * What the database said of a session, kept in this instance's memory so that a request does
 * not ask again: the session, its account, its grants and whether two-factor sign-in is
 * required. The database tells every instance what changed (sign-out, password, grants,
 * deactivation, two-factor, a site's rule); while that channel is down the cache holds
 * nothing. A cached session is only trusted as live by its own times: when they say expired
 * or idle, the database is asked, as another instance may have seen it more recently.
 */
export type SessionCache = {
  find(tokenHash: string, idleSince: Date, now: Date): LiveSession | undefined;
  /** Taken before reading the database: keep() refuses what was read before a change. */
  stamp(): number;
  keep(tokenHash: string, found: LiveSession, stamp: number): void;
  /** The session's last-seen time was written: it moves forward here too. */
  touched(tokenHash: string, at: Date): void;
  /** Forgets everything, after a change this instance made (before the database tells it). */
  forgetAll(): void;
};

export function startSessionCache(database: Pick<DatabaseHandle, 'listen'>): SessionCache {
  const cache = startNotifiedCache<LiveSession>(database, sessionChangesChannel, forgetting, {
    maxEntries,
    maxAgeMs,
  });
  return {
    find(tokenHash, idleSince, now) {
      const found = cache.get(tokenHash, now);
      if (!found) return undefined;
      const { session } = found;
      if (session.expiresAt > now && session.lastSeenAt > idleSince) return found;
      cache.delete(tokenHash);
      return undefined;
    },
    stamp: cache.stamp,
    keep: cache.keep,
    touched(tokenHash, at) {
      cache.update(tokenHash, (found) => ({
        ...found,
        session: { ...found.session, lastSeenAt: at },
      }));
    },
    forgetAll: cache.forgetAll,
  };
}

/** What migration 0015's payloads say to forget; a system's token or client is no session's. */
function forgetting(payload: string): Forgetting<LiveSession> {
  const [kind, id] = [payload.slice(0, 2), payload.slice(2)];
  if (kind === 't:' || kind === 'c:') return 'nothing';
  if (kind === 's:') return { key: id };
  if (kind === 'a:') return { where: (found) => found.account.id === id };
  return 'all';
}
