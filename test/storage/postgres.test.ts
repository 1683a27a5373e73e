import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCorruptDocument } from '../../src/storage/documentStore';
import { createDocumentStore } from '../../src/storage/createDocumentStore';
import { KeyvStorage } from '../../src/storage/keyvStorage';
import { PostgresDocumentStore } from '../../src/storage/postgresDocumentStore';
import { freeLoopbackPort } from '../../src/lib/freePort';
import { PostgresServer, postgresUnavailableReason, startPostgres } from '../helpers/postgresServer';
import { documentStoreSuite } from './documentStoreSuite';
import { storageBaseSuite } from './storageBaseSuite';

const unavailable = postgresUnavailableReason();
if (unavailable) console.warn(`Skipping PostgreSQL storage tests: ${unavailable}`);

describe.skipIf(unavailable !== undefined)(`PostgreSQL${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let server: PostgresServer;
  let tables = 0;
  // Every test gets its own table, so tests start empty without restarting the server.
  const nextTable = () => `t${process.pid}_${++tables}`;

  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(async () => {
    await server?.stop();
  });

  storageBaseSuite('KeyvStorage on PostgreSQL', async () => {
    const store = new PostgresDocumentStore(server.url, { table: nextTable() });
    return { storage: new KeyvStorage(store), close: () => store.close() };
  });

  documentStoreSuite(
    'PostgreSQL',
    async () => {
      const table = nextTable();
      const store = new PostgresDocumentStore(server.url, { table });
      return {
        store,
        openPeer: async () => new PostgresDocumentStore(server.url, { table }),
        close: () => store.close(),
      };
    },
    { backend: 'postgres' },
  );

  it('STORAGE_URL postgresql:// opens a store that another instance reads after a restart', async () => {
    const first = await createDocumentStore(server.url);
    const eTag = await first.set('dossier/1', { status: 'concept' });
    await first.close();
    const second = await createDocumentStore(server.url.replace('postgresql://', 'postgres://'));
    try {
      expect(await second.get('dossier/1')).toEqual({ eTag, value: { status: 'concept' } });
      expect(await second.health()).toEqual({ ok: true, backend: 'postgres' });
    } finally {
      await second.delete('dossier/1');
      await second.close();
    }
  });

  it('health reports a server that does not answer', async () => {
    const port = await freeLoopbackPort();
    const store = new PostgresDocumentStore(`postgresql://postgres@127.0.0.1:${port}/postgres`);
    const health = await store.health();
    await store.close();
    expect(health.ok).toBe(false);
    expect(health.backend).toBe('postgres');
    expect(health.detail).toMatch(/ECONNREFUSED/);
  });
  it('names a document that is not valid JSON (CorruptDocumentError), deletes it unread, and health writes a probe', async () => {
    const table = nextTable();
    const store = new PostgresDocumentStore(server.url, { table });
    const client = new Client({ connectionString: server.url });
    await client.connect();
    try {
      await store.set('school', { brin: '99ZZ' });
      await client.query(`UPDATE ${table} SET value = $1 WHERE key = 'school'`, ['{"brin":']);
      const failed = await store.get('school').catch((e: unknown) => e);
      expect(isCorruptDocument(failed)).toBe(true);
      expect((failed as Error).message).not.toContain('brin');
      expect(await store.delete('school')).toBe(true);
      expect(await store.health()).toEqual({ ok: true, backend: 'postgres' });
      const { rows } = await client.query(`SELECT key FROM ${table}`);
      expect(rows.map((r: { key: string }) => r.key)).toEqual([expect.stringMatching(/^health:probe:/)]);
    } finally {
      await client.end();
      await store.close();
    }
  });
});
