/** The stores the bench compares: in-memory Keyv, and SQLite exactly as STORAGE_URL opens it. */
import path from 'node:path';
import Keyv from 'keyv';
import KeyvSqlite from '@keyv/sqlite';
import { createDocumentStore } from '../storage/createDocumentStore';
import type { DocumentStore } from '../storage/documentStore';
import { KeyvDocumentStore } from '../storage/keyvDocumentStore';
import { keyvJsonOptions } from '../storage/keyvJson';
import { isOwnedByBotProcess } from '../repositories/keys';

export type StoreKind = 'memory' | 'sqlite';

export async function openBenchStore(kind: StoreKind, dir: string): Promise<DocumentStore> {
  // The same Keyv options as the SQLite store, so the two differ only in the backend.
  if (kind === 'memory') return new KeyvDocumentStore(new Keyv({ ...keyvJsonOptions }), { backend: 'memory' });
  return createDocumentStore(`sqlite://${path.join(dir, 'bench.sqlite')}`, { ownedKeys: isOwnedByBotProcess });
}

/**
 * Bulk seeding: a second connection to the same SQLite file whose writes run inside one
 * transaction, so 200 000 documents take seconds instead of one commit each. Same Keyv
 * namespace as createDocumentStore ('oso'); the caller checks a seeded key through the bot's store.
 */
export async function withBulkSqlite(dir: string, fill: (store: DocumentStore) => Promise<void>): Promise<void> {
  const sqlite = new KeyvSqlite({ uri: `sqlite://${path.join(dir, 'bench.sqlite')}` });
  const store = new KeyvDocumentStore(new Keyv({ store: sqlite, namespace: 'oso', ...keyvJsonOptions }), { backend: 'sqlite-bulk' });
  await sqlite.query('BEGIN');
  await fill(store);
  await sqlite.query('COMMIT');
  // Move the seeded pages from the WAL into the database file now; otherwise the bot's first
  // measured commit pays for checkpointing all of them.
  await sqlite.query('PRAGMA wal_checkpoint(TRUNCATE)');
  await store.close();
}
