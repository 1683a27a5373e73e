import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, rm, stat, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { MemoryStorage } from 'botbuilder';
import Keyv from 'keyv';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDocumentStore, sqliteFilePath } from '../../src/storage/createDocumentStore';
import type { DocumentStore } from '../../src/storage/documentStore';
import { KeyvDocumentStore } from '../../src/storage/keyvDocumentStore';
import { KeyvStorage } from '../../src/storage/keyvStorage';
import { documentStoreSuite } from './documentStoreSuite';
import { storageBaseSuite } from './storageBaseSuite';

const run = promisify(execFile);

async function tempDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'oso-sqlite-'));
}

async function openSqliteStore(
  options: { ownedKeys?: (key: string) => boolean } = {},
): Promise<{ store: DocumentStore; dir: string; close(): Promise<void> }> {
  const dir = await tempDir();
  const store = await createDocumentStore(`sqlite://${path.join(dir, 'data', 'bot.sqlite')}`, options);
  return {
    store,
    dir,
    async close() {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

storageBaseSuite('MemoryStorage (control)', async () => ({ storage: new MemoryStorage(), close: async () => {} }));

storageBaseSuite('KeyvStorage on a SQLite file', async () => {
  const opened = await openSqliteStore();
  return { storage: new KeyvStorage(opened.store), close: opened.close };
});

/** By design: a SQLite file belongs to one bot process (README: eTag checks protect writers inside one process). */
const ONE_PROCESS = 'by design, a SQLite file is written by one bot process; PostgreSQL and Redis run these';
/** By design: an in-memory store lives inside one process. */
const IN_MEMORY = 'by design, an in-memory store lives in one process';

documentStoreSuite('SQLite file', () => openSqliteStore(), { backend: 'sqlite', oneProcessOnly: ONE_PROCESS });

// The same contract when every key is one the bot process owns, i.e. read from memory after the first read.
documentStoreSuite('SQLite file, all keys owned (cached reads)', () => openSqliteStore({ ownedKeys: () => true }), { backend: 'sqlite', oneProcessOnly: ONE_PROCESS });

storageBaseSuite('KeyvStorage on a SQLite file, conversation state owned (cached reads)', async () => {
  const opened = await openSqliteStore({ ownedKeys: () => true });
  return { storage: new KeyvStorage(opened.store), close: opened.close };
});

documentStoreSuite(
  'in-memory Keyv',
  async () => {
    const store = new KeyvDocumentStore(new Keyv(), { backend: 'memory' });
    return { store, close: () => store.close() };
  },
  { backend: 'memory', oneProcessOnly: IN_MEMORY },
);

describe('SQLite store on disk', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await tempDir();
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('resolves a relative sqlite:// path against the working directory, creating the folder 0700 and the file 0600', async () => {
    const store = await createDocumentStore('sqlite://./data/nested/bot.sqlite', { cwd: dir });
    try {
      await store.set('pupil', { naam: 'Ayşe' });
      expect((await stat(path.join(dir, 'data'))).mode & 0o777).toBe(0o700);
      expect((await stat(path.join(dir, 'data', 'nested'))).mode & 0o777).toBe(0o700);
      const files = await readdir(path.join(dir, 'data', 'nested'));
      expect(files).toContain('bot.sqlite');
      // The WAL side files hold the same personal data and must be as private as the file.
      expect(files).toContain('bot.sqlite-wal');
      for (const file of files) {
        expect({ file, mode: (await stat(path.join(dir, 'data', 'nested', file))).mode & 0o777 }).toEqual({
          file,
          mode: 0o600,
        });
      }
    } finally {
      await store.close();
    }
  });

  it('copies what was written into the database file itself soon, not only when the WAL is full', async () => {
    const file = path.join(dir, 'bot.sqlite');
    const store = await createDocumentStore(`sqlite://${file}`, { sqliteCheckpointIntervalMs: 50 });
    /** The keys in the database file alone, without its WAL: what a checkpoint has copied there. */
    const keysInFileAlone = async (): Promise<string[]> => {
      const copy = path.join(dir, `copy-${Date.now()}.sqlite`);
      await copyFile(file, copy);
      const db = new Database(copy);
      try {
        return (db.prepare('SELECT key FROM keyv').all() as { key: string }[]).map((r) => r.key);
      } finally {
        db.close();
      }
    };
    try {
      await store.set('dossier/123', { status: 'gereed' });
      // One small write is far from the 10 000 WAL pages after which a write checkpoints itself.
      await expect.poll(keysInFileAlone, { timeout: 5_000, interval: 100 }).toEqual(['oso:doc:dossier/123']);
    } finally {
      await store.close();
    }
  });

  it('finishes closing in a process that has nothing else to do (as the admin CLI)', async () => {
    const file = path.join(dir, 'bot.sqlite');
    const script = `
      const { createDocumentStore } = require(process.argv[1]);
      (async () => {
        const store = await createDocumentStore('sqlite://' + process.argv[2]);
        await store.set('dossier/123', { status: 'gereed' });
        await store.close();
        console.log('closed');
      })();`;
    const { stdout } = await run(process.execPath, ['-e', script, path.resolve(__dirname, '../../dist/src/storage/createDocumentStore.js'), file]);
    expect(stdout.trim()).toBe('closed');
    // The last connection out checkpoints the WAL into the file and removes it; the marker that a
    // store was made here stays (a missing file is then a loss, not a first start).
    expect((await readdir(dir)).sort()).toEqual(['bot.sqlite', 'bot.sqlite.initialised']);
  });

  it('keeps what was written for another process and after a restart', async () => {
    const file = path.join(dir, 'bot.sqlite');
    const first = await createDocumentStore(`sqlite://${file}`);
    const eTag = await first.set('dossier/123', { status: 'gereed' });

    // Another process sees the committed write while the bot still runs (WAL mode).
    const probe = `
      const Database = require('better-sqlite3');
      const db = new Database(process.argv[1], { readonly: true });
      const mode = db.prepare('PRAGMA journal_mode').get().journal_mode;
      const keys = db.prepare('SELECT key FROM keyv').all().map((r) => r.key);
      console.log(JSON.stringify({ mode, keys }));
      db.close();`;
    const { stdout } = await run(process.execPath, ['-e', probe, file], { cwd: process.cwd() });
    expect(JSON.parse(stdout)).toEqual({ mode: 'wal', keys: ['oso:doc:dossier/123'] });

    await first.close();
    const second = await createDocumentStore(`sqlite://${file}`);
    try {
      expect(await second.get('dossier/123')).toEqual({ eTag, value: { status: 'gereed' } });
      await expect(second.set('dossier/123', { status: 'verstrekt' }, { ifMatch: eTag })).resolves.toEqual(
        expect.any(String),
      );
    } finally {
      await second.close();
    }
  });

  it('releases its per-key locks when idle', async () => {
    const store = new KeyvDocumentStore(new Keyv(), { backend: 'memory' });
    await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => store.set(`key-${i % 5}`, { i }, i % 2 ? { ifNoneMatch: '*' } : {})),
    );
    expect(store.lockedKeyCount).toBe(0);
    await store.close();
  });

  it('close waits for writes in flight', async () => {
    const store = await createDocumentStore(`sqlite://${path.join(dir, 'bot.sqlite')}`);
    const writes = Array.from({ length: 10 }, (_, i) => store.set(`k${i}`, { i }));
    await store.close();
    await expect(Promise.all(writes)).resolves.toHaveLength(10);
    const again = await createDocumentStore(`sqlite://${path.join(dir, 'bot.sqlite')}`);
    expect((await again.getMany(['k0', 'k9'])).map((d) => d?.value)).toEqual([{ i: 0 }, { i: 9 }]);
    await again.close();
  });
});

describe('createDocumentStore', () => {
  it('rejects a scheme it does not know with a message naming STORAGE_URL', async () => {
    await expect(createDocumentStore('mysql://localhost/db')).rejects.toThrow(
      'STORAGE_URL: unsupported scheme "mysql"; expected sqlite://, postgresql:// or redis://',
    );
  });

  it('reads sqlite:// paths as relative to the working directory or absolute', () => {
    expect(sqliteFilePath('sqlite://./data/x.sqlite', '/srv/bot')).toBe('/srv/bot/data/x.sqlite');
    expect(sqliteFilePath('sqlite://data/x.sqlite', '/srv/bot')).toBe('/srv/bot/data/x.sqlite');
    expect(sqliteFilePath('sqlite:///var/lib/bot/x.sqlite', '/srv/bot')).toBe('/var/lib/bot/x.sqlite');
  });
});
