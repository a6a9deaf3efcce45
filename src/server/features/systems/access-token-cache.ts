import type { DatabaseHandle } from '../../db/client';
import { type Forgetting, startNotifiedCache } from '../../db/notified-cache';
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

export function startAccessTokenCache(database: Pick<DatabaseHandle, 'listen'>): AccessTokenCache {
  const cache = startNotifiedCache<LiveAccessToken>(database, sessionChangesChannel, forgetting, {
    maxEntries,
    maxAgeMs,
  });
  return {
    find(tokenHash, now) {
      const found = cache.get(tokenHash, now);
      if (!found) return undefined;
      if (found.expiresAt > now) return found;
      cache.delete(tokenHash);
      return undefined;
    },
    stamp: cache.stamp,
    keep: cache.keep,
    forgetAll: cache.forgetAll,
  };
}

/** What the payloads say to forget; a session's own change says nothing of tokens. */
function forgetting(payload: string): Forgetting<LiveAccessToken> {
  const [kind, id] = [payload.slice(0, 2), payload.slice(2)];
  if (kind === 's:') return 'nothing';
  if (kind === 't:') return { key: id };
  if (kind === 'c:') return { where: (found) => found.clientId === id };
  if (kind === 'a:') return { where: (found) => found.accountId === id };
  return 'all';
}
