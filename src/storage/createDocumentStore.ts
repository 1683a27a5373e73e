import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync, writeFileSync, type Stats } from 'node:fs';
import path from 'node:path';
import Keyv from 'keyv';
import KeyvSqlite from '@keyv/sqlite';
import type { DocumentStore } from './documentStore';
import { KeyvDocumentStore } from './keyvDocumentStore';
import { keyvJsonOptions } from './keyvJson';
import { openSqliteConnection } from './sqliteConnection';
import { startWalCheckpointer } from './walCheckpointer';
import { PostgresDocumentStore } from './postgresDocumentStore';
import { RedisDocumentStore } from './redisDocumentStore';

export interface CreateDocumentStoreOptions {
  /** Base for relative SQLite paths; default process.cwd(). */
  cwd?: string;
  /** How long SQLite waits for a lock held by another connection; default 5000 ms. */
  sqliteBusyTimeoutMs?: number;
  /** How often the worker thread checkpoints the SQLite WAL (walCheckpointer.ts); default 1000 ms. */
  sqliteCheckpointIntervalMs?: number;
  /**
   * Keys no other process writes (isOwnedByBotProcess: conversation states, dossiers, LDOS).
   * On SQLite, which one bot process owns, their reads come from memory after the first
   * (KeyvDocumentStore `cacheReads`). PostgreSQL and Redis are shared by instances: no cache.
   */
  ownedKeys?: (key: string) => boolean;
  /**
   * Told when the store goes on in a lesser way that IT should know of (the SQLite checkpoint
   * worker stopped); health() reports the same while it lasts.
   */
  onDegraded?: (detail: string, error: Error) => void;
  /**
   * SQLite: refuse to start when the database file is missing where the bot kept one before
   * (its marker file `<file>.initialised` exists), instead of creating an empty store. For a
   * school's real bot (credentials set); local and demo mode start afresh.
   */
  refuseMissingSqliteFile?: boolean;
}

/** Thrown at start when the SQLite file the bot had is gone; the operator decides (docs/deployment.md). */
export class MissingDatabaseError extends Error {
  constructor(
    readonly file: string,
    readonly marker: string,
  ) {
    super(
      `The SQLite database ${file} is missing, but the bot kept its data there before (${marker} exists). ` +
        `Not starting with an empty store: restore the file from a backup, or delete ${marker} to start empty on purpose.`,
    );
    this.name = 'MissingDatabaseError';
  }
}

/** Next to the database: says a store was made here, so a missing file is a loss, not a first start. */
export const sqliteMarkerPath = (file: string): string => `${file}.initialised`;

/** Owned documents kept in memory at most (a conversation state or dossier is 0.3–10 KB). */
const OWNED_KEYS_CACHED = 1_000;

/** WAL pages after which a write checkpoints by itself: SQLite's default, which writes return to if the worker stops. */
const SQLITE_DEFAULT_CHECKPOINT_PAGES = 1_000;
const FALLBACK_CHECKPOINT_PAGES = 10_000;

/** Keyv namespace for the SQLite store; part of every key in its table. */
const KEYV_NAMESPACE = 'oso';

/**
 * Opens the store a STORAGE_URL names:
 * - `sqlite://./data/x.sqlite` (relative to cwd) or `sqlite:///abs/x.sqlite` — Keyv +
 *   @keyv/sqlite; one bot process per file.
 * - `postgres://…` / `postgresql://…` — PostgresDocumentStore (shared by several instances).
 * - `redis://…` / `rediss://…` — RedisDocumentStore (shared by several instances).
 */
export async function createDocumentStore(
  storageUrl: string,
  options: CreateDocumentStoreOptions = {},
): Promise<DocumentStore> {
  const scheme = /^([a-z]+):\/\//i.exec(storageUrl)?.[1]?.toLowerCase();
  switch (scheme) {
    case 'sqlite':
      return openSqlite(sqliteFilePath(storageUrl, options.cwd ?? process.cwd()), {
        busyTimeoutMs: options.sqliteBusyTimeoutMs ?? 5_000,
        checkpointIntervalMs: options.sqliteCheckpointIntervalMs ?? 1_000,
        ownedKeys: options.ownedKeys,
        onDegraded: options.onDegraded,
        refuseMissingFile: options.refuseMissingSqliteFile ?? false,
      });
    case 'postgres':
    case 'postgresql':
      return new PostgresDocumentStore(storageUrl);
    case 'redis':
    case 'rediss':
      return new RedisDocumentStore(storageUrl);
    default:
      throw new Error(
        `STORAGE_URL: unsupported scheme "${scheme ?? storageUrl}"; expected sqlite://, postgresql:// or redis://`,
      );
  }
}

/** `sqlite://./data/x.sqlite` → `<cwd>/data/x.sqlite`; `sqlite:///abs/x` → `/abs/x`. */
export function sqliteFilePath(storageUrl: string, cwd: string): string {
  const rest = storageUrl.replace(/^sqlite:\/\//i, '');
  if (rest === '') throw new Error('STORAGE_URL: sqlite:// needs a file path, e.g. sqlite://./data/overstapbot.sqlite');
  return path.resolve(cwd, rest);
}

async function openSqlite(
  file: string,
  {
    busyTimeoutMs,
    checkpointIntervalMs,
    ownedKeys,
    onDegraded,
    refuseMissingFile,
  }: { busyTimeoutMs: number; checkpointIntervalMs: number; refuseMissingFile: boolean } & Pick<CreateDocumentStoreOptions, 'ownedKeys' | 'onDegraded'>,
): Promise<DocumentStore> {
  const marker = sqliteMarkerPath(file);
  if (refuseMissingFile && !existsSync(file) && existsSync(marker)) throw new MissingDatabaseError(file, marker);
  // The file holds pupils' personal data: only the bot's own user may read it.
  const dir = path.dirname(file);
  const firstCreated = mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (firstCreated !== undefined) chmodSync(dir, 0o700); // in case the umask took bits away
  closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);

  // @keyv/sqlite opens a connection of its own (the sqlite3 driver) in its constructor. Pointed
  // at an in-memory database, that connection never touches the file; all SQL on the file runs
  // on one better-sqlite3 connection (sqliteConnection.ts). Two SQLite libraries with the same
  // file open in one process would break each other's file locks. The constructor ignores a
  // `connect` option, so the swap is done on the instance, and the table is made here with
  // @keyv/sqlite's own definition.
  const sqlite = new KeyvSqlite({ uri: 'sqlite://:memory:' });
  await sqlite.close();
  const connection = await openSqliteConnection(file, { busyTimeoutMs });
  // The file as opened: health() checks the path still leads to it (not deleted, not replaced).
  const opened = statSync(file);
  sqlite.query = connection.query;
  sqlite.close = connection.close;
  // WAL: readers do not block the writer, and a crash mid-write leaves the last commit intact.
  // SQLite creates the -wal and -shm files with the database file's permissions.
  await sqlite.query('PRAGMA journal_mode = WAL');
  // In WAL mode NORMAL syncs at checkpoints, not at every commit: a power cut may lose the
  // last commits but never corrupts the file; a crash of the process loses nothing. Without
  // it every turn waits for an fsync of the conversation state (docs/benchmarks.md).
  await sqlite.query('PRAGMA synchronous = NORMAL');
  // 32 MB of page cache instead of 2 MB: with many stored conversations the index pages of the
  // hot keys stay in memory, so a lookup costs the same at 100 000 items as at 100.
  await sqlite.query('PRAGMA cache_size = -32768');
  await sqlite.query(`CREATE TABLE IF NOT EXISTS ${sqlite.opts.table}(key VARCHAR(${Number(sqlite.opts.keySize)}) PRIMARY KEY, value TEXT )`);
  if (!existsSync(marker)) writeFileSync(marker, `SQLite store of the OSO-overstapbot, created ${new Date().toISOString()}\n`, { mode: 0o600 });
  // Checkpoints run on a worker thread (walCheckpointer.ts); SQLite's own, on whichever write
  // fills the WAL, stays as a fallback at 10 000 pages (40 MB) instead of 1 000, and returns to
  // 1 000 if the worker stops. Nothing is lost then, but writes pay for checkpoints again.
  await sqlite.query(`PRAGMA wal_autocheckpoint = ${FALLBACK_CHECKPOINT_PAGES}`);
  let degraded: string | undefined;
  const checkpointer = startWalCheckpointer(file, {
    intervalMs: checkpointIntervalMs,
    busyTimeoutMs,
    onStopped: (error) => {
      degraded = `WAL checkpoint worker stopped (${error.message}); SQLite checkpoints on writes again`;
      onDegraded?.(degraded, error);
      void sqlite.query(`PRAGMA wal_autocheckpoint = ${SQLITE_DEFAULT_CHECKPOINT_PAGES}`).catch(() => undefined);
    },
  });
  const keyv = new Keyv({ store: sqlite, namespace: KEYV_NAMESPACE, ...keyvJsonOptions });
  return new KeyvDocumentStore(keyv, {
    backend: 'sqlite',
    degradedBy: () => degraded,
    brokenBy: () => sqliteFileProblem(file, opened),
    onClose: () => checkpointer.close(),
    ...(ownedKeys ? { cacheReads: { of: ownedKeys, maxEntries: OWNED_KEYS_CACHED } } : {}),
  });
}

/** Why the path no longer leads to the database file the bot has open, or undefined if it does. */
function sqliteFileProblem(file: string, opened: Stats): string | undefined {
  let now: Stats;
  try {
    now = statSync(file);
  } catch {
    return `SQLite database file ${file} was deleted while the bot had it open: what is written now is lost at restart`;
  }
  if (now.ino !== opened.ino || now.dev !== opened.dev) {
    return `SQLite database file ${file} was replaced while the bot had it open: the bot writes to the old file, which is lost at restart`;
  }
  return undefined;
}
