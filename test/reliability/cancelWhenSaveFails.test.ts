/**
 * "annuleren" always ends the conversation, also when the store takes no writes during that
 * turn: the user is told it stopped and that the concept may not be saved, and the next
 * message starts afresh instead of at the question the stored conversation is still at.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEXT } from '../../dialogs/dossierDialog.texts';
import { ChannelListener, SimulatedUser, type TurnResult } from '../../src/channel/localChannel';
import { loadConfig } from '../../src/config';
import { freeLoopbackPort } from '../../src/lib/freePort';
import { createLogger } from '../../src/log';
import { startBot, type RunningBot } from '../../src/startBot';

const DANIEL = '999990019'; // a demo pupil without a dossier
let dir: string;
let bot: RunningBot;
let channel: ChannelListener;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'oso-cancel-'));
  channel = await new ChannelListener().start();
  const config = loadConfig({
    PORT: String(await freeLoopbackPort()),
    HOST: '127.0.0.1',
    STORAGE_URL: `sqlite://${path.join(dir, 'bot.sqlite')}`,
    DEMO_MODE: 'on',
  });
  bot = await startBot(config, createLogger('info', new Writable({ write: (_c, _e, done) => done() })));
});

afterAll(async () => {
  await bot?.stop(1000);
  await channel?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const texts = (t: TurnResult) => t.replies.map((r) => r.text ?? '').join('\n');

/** A new user in a dossier conversation, at the categories question. */
async function atCategorieen(userId: string): Promise<SimulatedUser> {
  const u = new SimulatedUser(bot.url, channel, userId, 'Juf Annuleer');
  await u.say('nieuw dossier');
  expect(texts(await u.say(DANIEL))).toContain(TEXT.soort.vraag);
  expect(texts(await u.say('POPO'))).toContain(TEXT.categorieen.vraag);
  return u;
}

/** Runs `turn` while every write and delete of the store fails. */
async function whileWritesFail<T>(turn: () => Promise<T>): Promise<T> {
  const store = bot.repos.store;
  const { set, delete: del } = store;
  store.set = async () => {
    throw new Error('SQLITE_FULL: database or disk is full');
  };
  store.delete = async () => {
    throw new Error('SQLITE_FULL: database or disk is full');
  };
  try {
    return await turn();
  } finally {
    store.set = set;
    store.delete = del;
  }
}

describe('annuleren while saving fails', () => {
  it('tells the user it stopped and that the concept may not be saved; the next message starts afresh', async () => {
    const u = await atCategorieen('user-annuleer-1');

    const stopped = texts(await whileWritesFail(() => u.say('annuleren')));
    expect(stopped).toMatch(/Ik ben gestopt\. Door een storing kon ik dit niet goed opslaan \(foutcode [A-F0-9]{6}\)/);
    expect(stopped).toContain('is misschien niet als concept bewaard');

    // Not read as the answer to the categories question the stored conversation is still at.
    const next = texts(await u.say('nieuw dossier'));
    expect(next).toContain(TEXT.leerling.vraag);
    expect(next).not.toContain(TEXT.schooljaren.vraag);
    expect(next).not.toContain(TEXT.categorieen.vraag);
  });

  it('also when only the closing save of the conversation fails (the concept itself was saved)', async () => {
    const u = await atCategorieen('user-annuleer-2');
    const store = bot.repos.store;
    const { set } = store;
    store.set = async (...args) => {
      if (args[0].startsWith('emulator/conversations/')) throw new Error('SQLITE_BUSY: database is locked');
      return set.apply(store, args as never) as never;
    };
    let stopped: string;
    try {
      stopped = texts(await u.say('annuleren'));
    } finally {
      store.set = set;
    }
    expect(stopped).toContain('Ik ben gestopt.');
    expect((await bot.repos.dossiers.get(DANIEL))?.status).toBe('concept');

    const next = texts(await u.say('nieuw dossier'));
    expect(next).toContain(TEXT.leerling.vraag);
    expect(next).not.toContain('Door de storing is uw vorige antwoord niet opgeslagen');
  });
});
