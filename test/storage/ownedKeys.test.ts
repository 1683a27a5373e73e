/**
 * Owned keys: documents only the bot process writes, read from memory after the first read
 * when the store is the bot's own SQLite file. Safe only while no other process writes them,
 * so this file also pins which keys botbuilder and the admin CLI write.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ActivityTypes, ConversationState, TestAdapter } from 'botbuilder';
import Keyv from 'keyv';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runAdmin } from '../../src/cli/admin';
import { createRepositories } from '../../src/repositories';
import { isOwnedByBotProcess, keys } from '../../src/repositories/keys';
import { createDocumentStore } from '../../src/storage/createDocumentStore';
import type { DocumentStore, WriteCondition } from '../../src/storage/documentStore';
import { KeyvDocumentStore } from '../../src/storage/keyvDocumentStore';
import { keyvJsonOptions } from '../../src/storage/keyvJson';
import { KeyvStorage } from '../../src/storage/keyvStorage';
import { MemoryDocumentStore } from '../helpers/memoryDocumentStore';

describe('owned keys on the bot\'s SQLite file', () => {
  let dir: string;
  let bot: DocumentStore;
  let admin: DocumentStore;

  beforeEach(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'oso-owned-'));
    const url = `sqlite://${path.join(dir, 'bot.sqlite')}`;
    bot = await createDocumentStore(url, { ownedKeys: isOwnedByBotProcess });
    admin = await createDocumentStore(url); // a second process on the same file, as the admin CLI is
  });
  afterEach(async () => {
    await bot.close();
    await admin.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sees what the admin CLI writes at once, and reads its own documents without the database', async () => {
    await bot.set(keys.pupil('1'), { naam: 'Zoë' });
    await bot.set(keys.dossier('1'), { status: 'concept' });
    expect((await bot.get(keys.dossier('1')))?.value).toEqual({ status: 'concept' });

    await admin.set(keys.pupil('1'), { naam: 'Zoë Berg' });
    await admin.set(keys.dossier('1'), { status: 'written behind the bot\'s back' });

    expect((await bot.get(keys.pupil('1')))?.value).toEqual({ naam: 'Zoë Berg' });
    expect((await bot.get(keys.dossier('1')))?.value).toEqual({ status: 'concept' });
    // What the bot writes does reach the file: the other process reads it.
    await bot.set(keys.dossier('1'), { status: 'gereed' });
    expect((await admin.get(keys.dossier('1')))?.value).toEqual({ status: 'gereed' });
  });
});

describe('the owned-key cache of KeyvDocumentStore', () => {
  /** A Keyv backend whose writes can be made to fail, shared by a cached and an uncached store. */
  function backend() {
    const map = new Map<string, unknown>();
    const state = { failWrites: false };
    const store = {
      get: (k: string) => map.get(k),
      set: (k: string, v: unknown) => {
        if (state.failWrites) throw new Error('SQLITE_FULL: database or disk is full');
        map.set(k, v);
        return true;
      },
      delete: (k: string) => map.delete(k),
      clear: () => map.clear(),
    };
    const open = (cacheReads?: { of: (key: string) => boolean; maxEntries: number }) =>
      new KeyvDocumentStore(new Keyv({ store, ...keyvJsonOptions }), { backend: 'test', ...(cacheReads ? { cacheReads } : {}) });
    return { state, open };
  }

  it('drops its copy when a write fails, so the next read asks the database', async () => {
    const b = backend();
    const cached = b.open({ of: () => true, maxEntries: 10 });
    const other = b.open();
    await cached.set('k', { n: 1 });
    b.state.failWrites = true;
    await expect(cached.set('k', { n: 2 })).rejects.toThrow(/disk is full/);
    b.state.failWrites = false;
    await other.set('k', { n: 3 });
    expect((await cached.get('k'))?.value).toEqual({ n: 3 });
  });

  it('keeps at most maxEntries documents, dropping the least recently used', async () => {
    const b = backend();
    const cached = b.open({ of: () => true, maxEntries: 2 });
    const other = b.open();
    for (const k of ['a', 'b', 'c']) await cached.set(k, { k, by: 'bot' });
    for (const k of ['a', 'b', 'c']) await other.set(k, { k, by: 'other' });
    expect((await cached.get('a'))?.value).toEqual({ k: 'a', by: 'other' }); // dropped: read again
    expect((await cached.get('c'))?.value).toEqual({ k: 'c', by: 'bot' }); // still kept
  });

  it('checks a write condition against its copy, and a stale eTag still loses', async () => {
    const cached = backend().open({ of: () => true, maxEntries: 10 });
    const first = await cached.set('k', { n: 1 });
    const second = await cached.set('k', { n: 2 }, { ifMatch: first });
    await expect(cached.set('k', { n: 3 }, { ifMatch: first })).rejects.toThrow(/eTag/i);
    expect(await cached.get('k')).toEqual({ value: { n: 2 }, eTag: second });
  });
});

describe('which keys are owned', () => {
  class RecordingStore extends MemoryDocumentStore {
    readonly written = new Set<string>();
    override async set<T>(key: string, value: T, condition?: WriteCondition): Promise<string> {
      this.written.add(key);
      return super.set(key, value, condition);
    }
    override async delete(key: string, condition?: Pick<WriteCondition, 'ifMatch'>): Promise<boolean> {
      this.written.add(key);
      return super.delete(key, condition);
    }
  }

  it('botbuilder\'s ConversationState writes an owned key, in every channel', async () => {
    const store = new RecordingStore();
    const state = new ConversationState(new KeyvStorage(store));
    const property = state.createProperty<number>('turns');
    for (const channelId of ['emulator', 'msteams', 'webchat', 'directline']) {
      const adapter = new TestAdapter(
        async (context) => {
          await property.set(context, ((await property.get(context, 0)) ?? 0) + 1);
          await state.saveChanges(context);
        },
        { channelId, conversation: { id: `a:1Xy-${channelId};messageid=1` } as never },
      );
      await adapter.send({ type: ActivityTypes.Message, text: 'hallo' });
    }
    expect(store.written.size).toBe(4);
    for (const key of store.written) expect(isOwnedByBotProcess(key), key).toBe(true);
  });

  it('the admin CLI writes only keys the bot does not own (the school, pupils, users)', async () => {
    const store = new RecordingStore();
    const repos = createRepositories(store);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'oso-owned-cli-'));
    try {
      const roster = path.join(dir, 'leerlingen.csv');
      writeFileSync(roster, 'bsn;voornamen;voorvoegsel;achternaam;geboortedatum;groep\n999990007;Zoë;van den;Berg;14-03-2014;8\n');
      const out = { info: () => {}, error: (line: string) => expect.fail(line) };
      const run = (...args: string[]) => runAdmin(args, { repos, today: '2026-03-15', out });
      expect(await run('school', '12AB', 'Basisschool De Regenboog', '--adres', 'Schoolstraat 1, 1234 AB Utrecht')).toBe(0);
      expect(await run('import-leerlingen', roster)).toBe(0);
      expect(await run('gebruiker-toevoegen', 'u1', 'Jan', 'directie')).toBe(0);
      expect(await run('gebruiker-toevoegen', 'u1', 'Jan', 'medewerker')).toBe(0);
      expect(await run('gebruiker-verwijderen', 'u1')).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect([...store.written].sort()).toEqual(
      [keys.school(), keys.pupil('999990007'), keys.pupilIndex(), keys.user('u1'), keys.userIndex()].sort(),
    );
    expect([...store.written].filter(isOwnedByBotProcess)).toEqual([]);
  });

  it('the documents of dossiers, LDOS and notices are owned; the school, pupils and users are not', () => {
    for (const key of [keys.dossier('1'), keys.dossierArchive('1', 'd'), keys.dossiersByUser('u'), keys.attachment('a'), keys.ldosPupil('1'), keys.ldosIndex(), keys.ldosClasses(), keys.conversationReference('u'), keys.meta('demo')]) {
      expect(isOwnedByBotProcess(key), key).toBe(true);
    }
    for (const key of [keys.school(), keys.pupil('1'), keys.pupilIndex(), keys.user('u'), keys.userIndex()]) {
      expect(isOwnedByBotProcess(key), key).toBe(false);
    }
  });
});
