/**
 * The embedded PGlite runs on the app's own thread and can, rarely, spin forever inside a
 * query (electric-sql/pglite#1068): every request then waits, and no error is ever raised.
 * A thread of its own watches the event loop's heartbeat; after `limitMs` of silence it
 * says why on stderr and ends the process, so a supervisor (or the person at the terminal)
 * starts it again. PGlite recovers its data directory from its log on the next start.
 */
import { Worker } from 'node:worker_threads';

// The main thread may be stuck in WebAssembly: only a signal it cannot handle ends it.
const watcherSource = `
const fs = require('node:fs');
const { workerData } = require('node:worker_threads');
const beat = new Float64Array(workerData.beat);
setInterval(() => {
  if (Date.now() - beat[0] < workerData.limitMs) return;
  fs.writeSync(2, '\\nPasserelle stopped answering for ' + workerData.limitMs / 1000 +
    ' s: the embedded database is stuck (a known PGlite fault, electric-sql/pglite#1068). ' +
    'Ending the process; start it again and the data is recovered. For production, use ' +
    'PostgreSQL (DATABASE_URL).\\n');
  process.kill(process.pid, 'SIGKILL');
}, Math.min(1000, workerData.limitMs / 4));
`;

/** Starts the watch; the returned function stops it (for a clean shutdown). */
export function watchForStalls(limitMs: number): () => void {
  const shared = new SharedArrayBuffer(Float64Array.BYTES_PER_ELEMENT);
  const beat = new Float64Array(shared);
  beat[0] = Date.now();
  const heartbeat = setInterval(
    () => {
      beat[0] = Date.now();
    },
    Math.min(1000, limitMs / 4),
  );
  heartbeat.unref();
  const watcher = new Worker(watcherSource, { eval: true, workerData: { beat: shared, limitMs } });
  watcher.unref();
  return () => {
    clearInterval(heartbeat);
    void watcher.terminate();
  };
}
