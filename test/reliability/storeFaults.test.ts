/**
 * Store faults, through the real server process on its own SQLite file: /healthz proves the
 * store can be written and that the file at its path is the one the bot has open; documents
 * that are not valid JSON are named data errors (logged, listed by /healthz) and the user is
 * told what happens; with credentials a missing database file stops the start instead of
 * being replaced by an empty store.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { TEXT } from '../../dialogs/dossierDialog.texts';
import { SimulatedUser, type ChannelListener, type TurnResult } from '../../src/channel/localChannel';
import { demoData } from '../../src/demo/demoData';
import { createRepositories } from '../../src/repositories';
import { keys } from '../../src/repositories/keys';
import { createDocumentStore, sqliteMarkerPath } from '../../src/storage/createDocumentStore';
import { isCorruptDocument } from '../../src/storage/documentStore';
import { startBotProcess, withBotProcess, type BotProcess } from './botProcess';

const ZOE = '999990007';
const DANIEL = '999990019';

const texts = (t: TurnResult) => t.replies.map((r) => r.text ?? '').join('\n');

/** Writes `text` as the stored document of `key`, straight into the file (as a bad manual edit would). */
function writeRaw(file: string, key: string, text: string): void {
  const db = new Database(file);
  try {
    db.prepare('INSERT OR REPLACE INTO keyv(key, value) VALUES (?, ?)').run(`oso:doc:${key}`, text);
  } finally {
    db.close();
  }
}

async function health(bot: BotProcess): Promise<{ status: number; body: { status: string; storage: { ok: boolean; detail?: string; dataErrors?: string[] } } }> {
  const res = await fetch(`${bot.url}/healthz`);
  return { status: res.status, body: (await res.json()) as never };
}

describe('store faults of a running bot (SQLite)', () => {
  let bot: BotProcess;
  let channel: ChannelListener;
  withBotProcess((started) => ({ bot, channel } = started));

  it('a conversation state that is not JSON is reset with what was kept; a broken pupil index fails name searches only, with a reason', async () => {
    const u = new SimulatedUser(bot.url, channel, 'user-kapot-1', 'Juf Kapot');
    await u.say('nieuw dossier');
    expect(texts(await u.say(DANIEL))).toContain(TEXT.soort.vraag);

    await bot.kill('SIGTERM');
    writeRaw(bot.storageFile, `emulator/conversations/${u.conversationId}/`, '{"dialogState":{"dialogStack":[{"id":"main"');
    writeRaw(bot.storageFile, keys.pupilIndex(), '{"999990007":{"naam":"Zo');
    const other = new SimulatedUser(bot.url, channel, 'user-kapot-lijst', 'Meester Lijst');
    writeRaw(bot.storageFile, keys.dossiersByUser(other.userId), '["dossier:12');
    await bot.restart();

    const reset = texts(await u.say('VOVO'));
    expect(reset).toContain('Ons gesprek kon ik niet meer lezen, dus ik ben opnieuw begonnen');
    expect(reset).toContain('Er waren nog geen dossiers van u opgeslagen');
    // The conversation works again from the start.
    expect(texts(await u.say('nieuw dossier'))).toContain(TEXT.leerling.vraag);

    // A name search needs the index: the user is told it is broken and who repairs it.
    const search = texts(await u.say('zoe'));
    expect(search).toContain('de leerlingenlijst is beschadigd opgeslagen');
    expect(search).toContain('leerlingbestand opnieuw te importeren');
    // A pupil number is looked up directly, without the index.
    expect(texts(await u.say(ZOE))).toContain(TEXT.soort.vraag);

    // A broken list of someone's dossiers is reported to them with a code for the beheerder.
    const lijst = texts(await other.say('mijn dossiers'));
    expect(lijst).toMatch(/een opgeslagen gegeven is beschadigd en ik kan het niet lezen \(foutcode [A-F0-9]{6}\)/);

    const { status, body } = await health(bot);
    expect(status).toBe(200);
    expect(body.storage.dataErrors).toEqual(expect.arrayContaining(['conversation state', 'pupil index', 'dossier list of a user']));
    const dataErrorLines = bot.logLines().filter((l) => l.msg === 'data error: a stored document is not valid JSON');
    expect(dataErrorLines.map((l) => l.dataError)).toEqual(expect.arrayContaining(['conversation state', 'pupil index']));
    // Kinds, never keys (which hold pupil numbers and user ids) or the document's text.
    expect(bot.output()).not.toContain(keys.pupilIndex());
    expect(bot.output()).not.toContain('"naam":"Zo');
  });

  it('a school document that is not JSON does not stop the bot: it starts, and says the beheerder must repair the settings', async () => {
    await bot.kill('SIGTERM');
    writeRaw(bot.storageFile, keys.school(), '{"brin":"99ZZ","naam":');
    await bot.restart();

    const u = new SimulatedUser(bot.url, channel, 'user-kapot-2', 'Meester School');
    const welcome = texts(await u.send(u.joinActivity()));
    expect(welcome).toContain('de schoolinstellingen zijn beschadigd opgeslagen');
    expect(welcome).toContain('De beheerder moet de schoolinstellingen herstellen');
    // What does not need the school settings still works.
    expect(texts(await u.say('nieuw dossier'))).toContain(TEXT.leerling.vraag);
    const { body } = await health(bot);
    expect(body.storage.dataErrors).toContain('school settings');
  });

  it('/healthz is 503 while the store takes no writes, and 200 again once it does', async () => {
    expect((await health(bot)).status).toBe(200);
    // Another connection holds the write lock (a person in the sqlite3 shell with a transaction open):
    // reads still work, every write fails after the busy timeout.
    const db = new Database(bot.storageFile);
    try {
      db.exec('BEGIN EXCLUSIVE');
      const { status, body } = await health(bot);
      expect(status).toBe(503);
      expect(body.storage.ok).toBe(false);
      expect(body.storage.detail).toMatch(/locked|busy/i);
    } finally {
      db.exec('ROLLBACK');
      db.close();
    }
    expect((await health(bot)).status).toBe(200);
  });

  it('/healthz is 503 naming the cause when the database file was deleted under the running bot, and writes are refused', async () => {
    rmSync(bot.storageFile);
    const { status, body } = await health(bot);
    expect(status).toBe(503);
    expect(body.status).toBe('degraded');
    expect(body.storage.detail).toContain(`SQLite database file ${bot.storageFile} was deleted while the bot had it open`);

    // Nothing is written into the deleted file (it would be lost at restart): the user is told the data cannot be reached.
    const u = new SimulatedUser(bot.url, channel, 'user-weg', 'Juf Weg');
    const said = texts(await u.say('nieuw dossier'));
    expect(said).toMatch(/Sorry, ik kan de gegevens nu niet bereiken \(foutcode [A-F0-9]{6}\)/);
    expect(existsSync(bot.storageFile)).toBe(false);
  });
});

describe('a missing SQLite file at start', () => {
  const CREDENTIALS = {
    MicrosoftAppId: '00000000-0000-0000-0000-000000000001',
    MicrosoftAppPassword: 'not-a-real-secret',
    MicrosoftAppType: 'MultiTenant',
    MicrosoftAppTenantId: '',
  };
  const started: BotProcess[] = [];
  afterAll(async () => {
    for (const bot of started) await bot.dispose();
  });

  const removeDatabase = (file: string) => {
    for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  };

  it('with credentials: is not replaced by an empty store; the process says so and exits until the operator removes the marker', async () => {
    const bot = await startBotProcess(CREDENTIALS);
    started.push(bot);
    const marker = sqliteMarkerPath(bot.storageFile);
    expect(existsSync(marker)).toBe(true);

    await bot.kill('SIGTERM');
    removeDatabase(bot.storageFile);
    await expect(bot.restart()).rejects.toThrow(/exited \(1\)/);
    expect(existsSync(bot.storageFile)).toBe(false);
    const fatal = bot.logLines().find((l) => l.msg === 'could not start');
    expect(JSON.stringify(fatal)).toContain(`The SQLite database ${bot.storageFile} is missing`);
    expect(JSON.stringify(fatal)).toContain(`delete ${marker} to start empty on purpose`);

    // The operator's way out (docs/deployment.md): restore the file, or remove the marker.
    rmSync(marker);
    await bot.restart();
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
  });

  it('in local mode: a fresh store is made, as before', async () => {
    const bot = await startBotProcess();
    started.push(bot);
    await bot.kill('SIGTERM');
    removeDatabase(bot.storageFile);
    await bot.restart();
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
  });
});

describe('a document that is not JSON in the SQLite store', () => {
  it('is named in a batch read too, and an unconditional delete removes it without reading it', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'oso-corrupt-'));
    const file = path.join(dir, 'bot.sqlite');
    try {
      let store = await createDocumentStore(`sqlite://${file}`);
      await store.set('a', { n: 1 });
      await store.set('b', { n: 2 });
      await store.close();
      writeRaw(file, 'b', '{"eTag":"x","value":{"n":');

      store = await createDocumentStore(`sqlite://${file}`);
      const failed = await store.getMany(['a', 'b']).catch((e: unknown) => e);
      expect(isCorruptDocument(failed)).toBe(true);
      expect((failed as { key: string }).key).toBe('b');
      expect(JSON.stringify(failed)).not.toContain('"b"'); // the key stays out of logged errors
      expect(await store.delete('b')).toBe(true);
      expect((await store.getMany<{ n: number }>(['a', 'b'])).map((d) => d?.value.n)).toEqual([1, undefined]);
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a pupil index that is not JSON', () => {
  it('is rebuilt by importing the pupils again', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'oso-pupil-index-'));
    const file = path.join(dir, 'bot.sqlite');
    try {
      const pupil = demoData('2026-12-01').pupils.find((p) => p.voornamen.includes('Zoë'))!;
      let store = await createDocumentStore(`sqlite://${file}`);
      await createRepositories(store).pupils.upsert(pupil);
      await store.close();
      writeRaw(file, keys.pupilIndex(), '{"kapot":');

      store = await createDocumentStore(`sqlite://${file}`);
      const repos = createRepositories(store);
      const failed = await repos.pupils.searchByName('zoe').catch((e: unknown) => e);
      expect(isCorruptDocument(failed)).toBe(true);
      await repos.pupils.upsert(pupil);
      expect((await repos.pupils.searchByName('zoe')).map((p) => p.leerlingnummer)).toEqual([pupil.leerlingnummer]);
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
