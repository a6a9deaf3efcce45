/*
 * A connection takes one statement at a time. node-postgres queues a second query sent
 * while one runs, and only warns: inside a transaction, reads started side by side
 * (Promise.all over a transaction's handle) interleave their savepoints on its one
 * connection. readTogether (db/client.ts) runs them one after another there. This makes
 * the warning fail the test file that causes it.
 */
process.on('warning', (warning) => {
  if (warning.message.includes('client is already executing a query')) {
    throw new Error(`Two queries at once on one connection: ${warning.message}`);
  }
});
