import { createClient } from '@redis/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCorruptDocument } from '../../src/storage/documentStore';
import { createDocumentStore } from '../../src/storage/createDocumentStore';
import { KeyvStorage } from '../../src/storage/keyvStorage';
import { RedisDocumentStore } from '../../src/storage/redisDocumentStore';
import { freeLoopbackPort } from '../../src/lib/freePort';
import { RedisServer, redisUnavailableReason, startRedis } from '../helpers/redisServer';
import { documentStoreSuite } from './documentStoreSuite';
import { storageBaseSuite } from './storageBaseSuite';

const unavailable = redisUnavailableReason();
if (unavailable) console.warn(`Skipping Redis storage tests: ${unavailable}`);

describe.skipIf(unavailable !== undefined)(`Redis${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let server: RedisServer;
  let prefixes = 0;
  // Every test gets its own key prefix, so tests start empty without restarting the server.
  const nextPrefix = () => `test${++prefixes}:`;

  beforeAll(async () => {
    server = await startRedis();
  });
  afterAll(async () => {
    await server?.stop();
  });

  storageBaseSuite('KeyvStorage on Redis', async () => {
    const store = new RedisDocumentStore(server.url, { keyPrefix: nextPrefix() });
    return { storage: new KeyvStorage(store), close: () => store.close() };
  });

  documentStoreSuite(
    'Redis',
    async () => {
      const keyPrefix = nextPrefix();
      const store = new RedisDocumentStore(server.url, { keyPrefix });
      return {
        store,
        openPeer: async () => new RedisDocumentStore(server.url, { keyPrefix }),
        close: () => store.close(),
      };
    },
    { backend: 'redis' },
  );

  it('STORAGE_URL redis:// opens a store that another instance reads after a restart', async () => {
    const first = await createDocumentStore(server.url);
    const eTag = await first.set('dossier/1', { status: 'concept' });
    await first.close();
    const second = await createDocumentStore(server.url);
    try {
      expect(await second.get('dossier/1')).toEqual({ eTag, value: { status: 'concept' } });
      expect(await second.health()).toEqual({ ok: true, backend: 'redis' });
    } finally {
      await second.delete('dossier/1');
      await second.close();
    }
  });

  it('health reports a server that does not answer', async () => {
    const port = await freeLoopbackPort();
    const store = new RedisDocumentStore(`redis://127.0.0.1:${port}`);
    const health = await store.health();
    await store.close();
    expect(health.ok).toBe(false);
    expect(health.backend).toBe('redis');
    expect(health.detail).toMatch(/ECONNREFUSED|no answer/);
  });
  it('names a document that is not valid JSON (CorruptDocumentError), deletes it unread, and health writes a probe', async () => {
    const keyPrefix = nextPrefix();
    const store = new RedisDocumentStore(server.url, { keyPrefix });
    const client = createClient({ url: server.url });
    await client.connect();
    try {
      await store.set('school', { brin: '99ZZ' });
      await client.hSet(`${keyPrefix}school`, 'value', '{"brin":');
      const failed = await store.get('school').catch((e: unknown) => e);
      expect(isCorruptDocument(failed)).toBe(true);
      expect((failed as Error).message).not.toContain('brin');
      expect(await store.delete('school')).toBe(true);
      expect(await store.health()).toEqual({ ok: true, backend: 'redis' });
      expect(await client.keys(`${keyPrefix}*`)).toEqual([expect.stringMatching(/health:probe:/)]);
    } finally {
      await client.close();
      await store.close();
    }
  });
});
