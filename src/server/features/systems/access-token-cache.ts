import type { DatabaseHandle } from '../../db/client';
import { sessionChangesChannel } from '../accounts';
import type { LiveAccessToken } from './systems-queries';

const maxEntries = 10_000;
/** However fresh the notifications say it is, a token is read again after this. */
const maxAgeMs = 60_000;

/**
 * What the database said of a system's bearer token (its client, account, grants and
 * scopes), kept in this instance's memory so that each FHIR request does not ask again. The
 * database tells every instance what changed, on the sessions' channel (migrations 0015 and
 * 0035): 't:<token hash>' a token deleted, 'c:<client id>' a client changed, 'a:<account id>'
 * an account or its grants, '*' anything wider. While that channel is down the cache holds
 * nothing; a token past its expiry is never answered from here.
 */
export type AccessTokenCache = {
  find(tokenHash: string, now: Date): LiveAccessToken | undefined;
  /** Taken before reading the database: keep() refuses what was read before a change. */
  stamp(): number;
  keep(tokenHash: string, found: LiveAccessToken, stamp: number): void;
  /** Forgets everything, after a change this instance made (before the database tells it). */
  forgetAll(): void;
};

type Entry = { found: LiveAccessToken; keptAt: number };

export function startAccessTokenCache(database: Pick<DatabaseHandle, 'listen'>): AccessTokenCache {
  const entries = new Map<string, Entry>();
  let generation = 0;
  let enabled = false;

  const forget = (payload: string): void => {
    // A session's own change says nothing of tokens.
    if (payload.startsWith('s:')) return;
    generation += 1;
    const [kind, id] = [payload.slice(0, 2), payload.slice(2)];
    if (kind === 't:') entries.delete(id);
    else if (kind === 'c:') forgetWhere(entries, (found) => found.clientId === id);
    else if (kind === 'a:') forgetWhere(entries, (found) => found.accountId === id);
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
    find(tokenHash, now) {
      const entry = entries.get(tokenHash);
      if (!enabled || !entry) return undefined;
      const fresh = now.getTime() - entry.keptAt < maxAgeMs;
      if (fresh && entry.found.expiresAt > now) return entry.found;
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
    forgetAll: () => forget('*'),
  };
}

function forgetWhere(
  entries: Map<string, Entry>,
  matches: (found: LiveAccessToken) => boolean,
): void {
  for (const [tokenHash, entry] of entries) {
    if (matches(entry.found)) entries.delete(tokenHash);
  }
}
