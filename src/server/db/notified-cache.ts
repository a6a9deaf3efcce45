import type { DatabaseHandle } from './client';

/** What a notification's payload says to forget. */
export type Forgetting<T> = 'nothing' | 'all' | { key: string } | { where: (value: T) => boolean };

/**
 * Rows read from the database, kept in this instance's memory by key and forgotten when the
 * database says on `channel` what changed (`forgetting` reads each payload). While the
 * channel is down the cache holds nothing, and whatever was missed meanwhile is forgotten
 * when it comes back; an entry is read again after `maxAgeMs` however fresh it looks.
 */
export type NotifiedCache<T> = {
  /** The value kept under the key, while listening and younger than the maximum age at `now`. */
  get(key: string, now: Date): T | undefined;
  delete(key: string): void;
  /** Changes a kept value in place (its age stays). */
  update(key: string, change: (value: T) => T): void;
  /** Taken before reading the database: keep() refuses what was read before a change. */
  stamp(): number;
  keep(key: string, value: T, stamp: number): void;
  /** Forgets everything, after a change this instance made (before the database tells it). */
  forgetAll(): void;
};

type Entry<T> = { value: T; keptAt: number };

export function startNotifiedCache<T>(
  database: Pick<DatabaseHandle, 'listen'>,
  channel: string,
  forgetting: (payload: string) => Forgetting<T>,
  limits: { maxEntries: number; maxAgeMs: number },
): NotifiedCache<T> {
  const entries = new Map<string, Entry<T>>();
  let generation = 0;
  let enabled = false;

  const forget = (what: Forgetting<T>): void => {
    if (what === 'nothing') return;
    generation += 1;
    if (what === 'all') entries.clear();
    else if ('key' in what) entries.delete(what.key);
    else {
      for (const [key, entry] of entries) if (what.where(entry.value)) entries.delete(key);
    }
  };
  database.listen(channel, {
    onNotification: (payload) => forget(forgetting(payload)),
    onListening: (listening) => {
      // Whatever changed while nobody listened was not heard: start empty either way.
      forget('all');
      enabled = listening;
    },
  });

  return {
    get(key, now) {
      const entry = entries.get(key);
      if (!enabled || !entry) return undefined;
      if (now.getTime() - entry.keptAt < limits.maxAgeMs) return entry.value;
      entries.delete(key);
      return undefined;
    },
    delete: (key) => entries.delete(key),
    update(key, change) {
      const entry = entries.get(key);
      if (entry) entries.set(key, { ...entry, value: change(entry.value) });
    },
    stamp: () => generation,
    keep(key, value, stamp) {
      if (!enabled || stamp !== generation) return;
      if (entries.size >= limits.maxEntries) {
        const oldest = entries.keys().next();
        if (!oldest.done) entries.delete(oldest.value);
      }
      entries.set(key, { value, keptAt: Date.now() });
    },
    forgetAll: () => forget('all'),
  };
}
