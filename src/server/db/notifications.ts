import pg from 'pg';

/** A LISTEN held on its own connection, outside the pool. */
export type NotificationListener = {
  /** Whether notifications arrive now: what they keep fresh is not to be trusted while not. */
  readonly listening: boolean;
  stop(): Promise<void>;
};

export type NotificationHandlers = {
  onNotification(payload: string): void;
  /** Told each time listening starts or stops (a server restart, a dropped connection). */
  onListening(listening: boolean): void;
};

const firstRetryMs = 250;
const lastRetryMs = 10_000;

/**
 * Listens on a channel from a connection of its own, and listens again after the connection
 * is lost, waiting longer each time up to 10 s: a database restart must not stop the app.
 */
export function listenForNotifications(
  url: string,
  channel: string,
  handlers: NotificationHandlers,
): NotificationListener {
  let client: pg.Client | undefined;
  let listening = false;
  let stopped = false;
  let retryMs = firstRetryMs;
  let retry: NodeJS.Timeout | undefined;

  const setListening = (now: boolean): void => {
    if (listening === now) return;
    listening = now;
    handlers.onListening(now);
  };

  const lost = (lostClient: pg.Client): void => {
    if (client !== lostClient) return;
    client = undefined;
    setListening(false);
    lostClient.end().catch(() => undefined);
    if (stopped) return;
    retry = setTimeout(() => void connect(), retryMs);
    retryMs = Math.min(retryMs * 2, lastRetryMs);
  };

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: url });
    client = next;
    next.on('error', () => lost(next));
    next.on('end', () => lost(next));
    next.on('notification', (message) => {
      if (message.channel === channel) handlers.onNotification(message.payload ?? '');
    });
    try {
      await next.connect();
      await next.query(`listen ${pg.escapeIdentifier(channel)}`);
    } catch {
      lost(next);
      return;
    }
    if (stopped || client !== next) return;
    retryMs = firstRetryMs;
    setListening(true);
  };

  void connect();
  return {
    get listening() {
      return listening;
    },
    async stop() {
      stopped = true;
      clearTimeout(retry);
      const last = client;
      client = undefined;
      setListening(false);
      await last?.end().catch(() => undefined);
    },
  };
}

type Subscribers = { listener: NotificationListener; handlers: Set<NotificationHandlers> };

/**
 * Listens for everyone in a process who asks, one connection a channel: each subscriber is
 * told every notification and every start and stop of listening (at once, if already on).
 */
export function sharedNotifications(url: string): {
  listen(channel: string, handlers: NotificationHandlers): NotificationListener;
  stopAll(): Promise<void>;
} {
  const channels = new Map<string, Subscribers>();
  const subscribersOf = (channel: string): Subscribers => {
    const known = channels.get(channel);
    if (known) return known;
    const handlers = new Set<NotificationHandlers>();
    const listener = listenForNotifications(url, channel, {
      onNotification: (payload) => handlers.forEach((each) => each.onNotification(payload)),
      onListening: (listening) => handlers.forEach((each) => each.onListening(listening)),
    });
    const made = { listener, handlers };
    channels.set(channel, made);
    return made;
  };
  return {
    listen(channel, handlers) {
      const { listener, handlers: all } = subscribersOf(channel);
      all.add(handlers);
      if (listener.listening) handlers.onListening(true);
      return {
        get listening() {
          return listener.listening;
        },
        async stop() {
          all.delete(handlers);
          handlers.onListening(false);
          if (all.size > 0) return;
          channels.delete(channel);
          await listener.stop();
        },
      };
    },
    async stopAll() {
      const stopping = [...channels.values()].map(({ listener }) => listener.stop());
      channels.clear();
      await Promise.all(stopping);
    },
  };
}
