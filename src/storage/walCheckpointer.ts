import { Worker } from 'node:worker_threads';

/**
 * SQLite's WAL checkpoints on a worker thread, off the thread that answers users.
 *
 * Why: the bot's queries run on its main thread (sqliteConnection.ts). Left to SQLite, the
 * write that fills ~1 000 WAL pages copies them into the database file and syncs both files:
 * 10–22 ms on the machine the bench runs on, every few hundred turns, during which no
 * conversation gets an answer (docs/benchmarks.md, fourth round). Here a second connection on
 * a worker thread runs a PASSIVE checkpoint every `intervalMs`: it waits for nobody, and writers
 * go on appending while it copies. The main connection keeps SQLite's own checkpoint as a
 * fallback at a larger WAL (see createDocumentStore.ts), in case this thread falls behind or stops.
 *
 * The worker loads the same better-sqlite3 (one copy of SQLite in the process, so file locks
 * stay consistent); its path is passed in, so the worker needs no module resolution of its own.
 */
export interface WalCheckpointer {
  /** Runs a last checkpoint and closes the worker's connection. */
  close(): Promise<void>;
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { timeout: workerData.busyTimeoutMs });
const checkpoint = () => db.pragma('wal_checkpoint(PASSIVE)');
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  try { checkpoint(); } finally { db.close(); parentPort.close(); }
});
`;

export function startWalCheckpointer(
  file: string,
  options: {
    intervalMs: number;
    busyTimeoutMs: number;
    /** The worker ended on its own (it could not open the file, a checkpoint failed): why, if known. */
    onStopped?: (error: Error) => void;
  },
): WalCheckpointer {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { file, driver: require.resolve('better-sqlite3'), intervalMs: options.intervalMs, busyTimeoutMs: options.busyTimeoutMs },
  });
  // Never what keeps the process alive: an unclosed store must not hang a shutdown.
  worker.unref();
  let closing = false;
  let failure: Error | undefined;
  // A failing checkpoint ends the worker, not the bot (without a listener the error would be
  // thrown in the main thread): it is kept for onStopped, which 'exit' calls right after.
  worker.on('error', (error) => (failure = error));
  const exited = new Promise<void>((resolve) => {
    worker.once('exit', (code) => {
      if (!closing) options.onStopped?.(failure ?? new Error(`checkpoint worker exited with code ${code}`));
      resolve();
    });
  });
  return {
    async close() {
      if (!closing) {
        closing = true;
        // Held while it closes: awaiting an unref'd worker lets a process with nothing else to
        // do exit before the last checkpoint (a CLI or bench run would end without its output).
        worker.ref();
        worker.postMessage('close');
      }
      await exited;
    },
  };
}
