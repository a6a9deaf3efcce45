import type { DatabaseHandle } from '../../db/client';
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

type Entry = { found: LiveSession; keptAt: number };

export function startSessionCache(database: Pick<DatabaseHandle, 'listen'>): SessionCache {
  const entries = new Map<string, Entry>();
  let generation = 0;
  let enabled = false;

  const forget = (payload: string): void => {
    // A system's token or client (access-token-cache.ts) is no session's.
    if (payload.startsWith('t:') || payload.startsWith('c:')) return;
    generation += 1;
    if (payload.startsWith('s:')) entries.delete(payload.slice(2));
    else if (payload.startsWith('a:')) forgetAccount(entries, payload.slice(2));
    else entries.clear();
  };
  database.listen(sessionChangesChannel, {
    onNotification: forget,
    onListening: (listening) => {
      // Whatever changed while nobody listened was not heard: start empty either way.
      forget('*');
      enabled = listening;
    },
  });

  return {
    find(tokenHash, idleSince, now) {
      const entry = entries.get(tokenHash);
      if (!enabled || !entry) return undefined;
      const { session } = entry.found;
      const fresh = now.getTime() - entry.keptAt < maxAgeMs;
      if (fresh && session.expiresAt > now && session.lastSeenAt > idleSince) return entry.found;
      entries.delete(tokenHash);
      return undefined;
    },
    stamp: () => generation,
    keep(tokenHash, found, stamp) {
      if (!enabled || stamp !== generation) return;
      if (entries.size >= maxEntries) {
        const oldest = entries.keys().next();
        if (!oldest.done) entries.delete(oldest.value);
      }
      entries.set(tokenHash, { found, keptAt: Date.now() });
    },
    touched(tokenHash, at) {
      const entry = entries.get(tokenHash);
      if (!entry) return;
      const session = { ...entry.found.session, lastSeenAt: at };
      entries.set(tokenHash, { ...entry, found: { ...entry.found, session } });
    },
    forgetAll: () => forget('*'),
  };
}

function forgetAccount(entries: Map<string, Entry>, accountId: string): void {
  for (const [tokenHash, entry] of entries) {
    if (entry.found.account.id === accountId) entries.delete(tokenHash);
  }
}
