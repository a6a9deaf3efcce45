/*
 * The database gone away (restarting, stopped, unreachable), told apart from an error of the
 * request itself: the caller is asked to try again shortly (503) instead of being told
 * something broke (500).
 */

/** Server shutdown and connection failures (SQLSTATE classes 57P and 08), and the socket's own. */
const unavailableCodes = new Set([
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
]);

/** How node-postgres words a connection that ended under a query, or one it could not open. */
const unavailableMessages =
  /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect)/;

export function isDatabaseUnavailable(error: unknown): boolean {
  // drizzle wraps the driver's error in its own, as `cause`.
  for (let current = error, depth = 0; current instanceof Error && depth < 4; depth++) {
    if (unavailableHere(current)) return true;
    current = current.cause;
  }
  return false;
}

function unavailableHere(error: Error): boolean {
  const { code, syscall } = error as NodeJS.ErrnoException;
  if (typeof code === 'string' && unavailableCodes.has(code)) return true;
  // The embedded engine's socket file is gone while it restarts.
  if (code === 'ENOENT' && syscall === 'connect') return true;
  return unavailableMessages.test(error.message);
}
