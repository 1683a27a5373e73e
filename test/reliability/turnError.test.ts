/**
 * A turn that fails: the user gets a Dutch apology with a short code, the error is logged
 * with that code (and the request's ids, without personal data), and the conversation
 * state is kept — unless it cannot be read, in which case it is reset and the user is told
 * which of their dossiers are still there.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEXT } from '../../dialogs/dossierDialog.texts';
import { ChannelListener, SimulatedUser, type TurnResult } from '../../src/channel/localChannel';
import { loadConfig } from '../../src/config';
import { createDossier } from '../../src/domain/dossier';
import { createLogger } from '../../src/log';
import { startBot, type RunningBot } from '../../src/startBot';
import { shapeProblem } from '../../src/turns/stateRecovery';
import { freeLoopbackPort } from '../../src/lib/freePort';
import { findElfproefNumbers } from './elfproefScan';

const ZOE = '999990007';
const DANIEL = '999990019'; // a demo pupil without a dossier
let dir: string;
let bot: RunningBot;
let channel: ChannelListener;
const logLines: Record<string, unknown>[] = [];
let rawLog = '';

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'oso-turn-error-'));
  channel = await new ChannelListener().start();
  const sink = new Writable({
    write(chunk, _enc, done) {
      rawLog += chunk.toString();
      for (const line of chunk.toString().split('\n').filter(Boolean)) logLines.push(JSON.parse(line));
      done();
    },
  });
  const config = loadConfig({
    PORT: String(await freeLoopbackPort()),
    HOST: '127.0.0.1',
    STORAGE_URL: `sqlite://${path.join(dir, 'bot.sqlite')}`,
    DEMO_MODE: 'on',
  });
  bot = await startBot(config, createLogger('info', sink));
});

afterAll(async () => {
  await bot?.stop(1000);
  await channel?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const texts = (t: TurnResult) => t.replies.map((r) => r.text ?? '').join('\n');
const codeIn = (text: string) => /foutcode[^A-F0-9]*([A-F0-9]{6})/.exec(text)?.[1];

/** A new user who started a dossier for `bsn` and now sees the "soort overstap" question. */
async function atSoortVraag(userId: string, naam: string, bsn = DANIEL): Promise<SimulatedUser> {
  const u = new SimulatedUser(bot.url, channel, userId, naam);
  await u.say('nieuw dossier');
  expect(texts(await u.say(bsn))).toContain(TEXT.soort.vraag);
  return u;
}

describe('onTurnError', () => {
  it('apologises with a code, logs the error with that code and the request ids, and keeps the conversation', async () => {
    const u = await atSoortVraag('user-fout-1', 'Juf Fout', ZOE);

    // The next turn fails once, with a message that contains a BSN.
    const users = bot.repos.users.people; // who is talking is looked up board-wide (issue 22)
    const original = users.get.bind(users);
    users.get = async () => {
      users.get = original;
      throw new Error(`database hiccup while reading pupil ${ZOE}`);
    };
    const failed = await u.say('POPO');
    expect(failed.status).toBe(200);
    const apology = texts(failed);
    expect(apology).toMatch(/^Sorry, er ging iets mis aan mijn kant\. Wat u al had ingevuld is bewaard/);
    const code = codeIn(apology);
    expect(code).toBeDefined();

    const logged = logLines.find((l) => l.msg === 'turn error' && l.errorCode === code);
    expect(logged).toBeDefined();
    expect(logged).toMatchObject({ conversationId: u.conversationId, level: 50 });
    expect(typeof logged!.reqId).toBe('string');
    expect(JSON.stringify(logged)).toContain('*****0007');
    expect(findElfproefNumbers(rawLog)).toEqual([]);

    // Same question again: the answer of the failed turn was not applied, nothing was lost.
    expect(texts(await u.say('POPO'))).toContain(TEXT.categorieen.vraag);
  });

  it('logs no pupil name, contact name or file name of the conversation, only ids, dialog steps and the error class', async () => {
    const u = await atSoortVraag('user-fout-namen', 'Juf Namen', ZOE);
    expect(texts(await u.say('POPO'))).toContain(TEXT.categorieen.vraag);
    expect(texts(await u.say('geen'))).toContain(TEXT.schooljaren.vraag);
    expect(texts(await u.say('ok'))).toContain(TEXT.contactpersoon.vraag);
    expect(texts(await u.say('Henk Contactman, 0201234567'))).toContain(TEXT.bijlagen.vraag);
    expect(texts(await u.say('geen'))).toContain(TEXT.voorlopig.vraag);
    expect(texts(await u.say('nee'))).toContain(TEXT.contactGewenst.vraag);
    const logFrom = rawLog.length;

    // A failure inside the dialog (the BRIN question reads the school) whose message quotes
    // values of the conversation, as a storage or validation error may.
    const school = bot.repos.school;
    const original = school.get.bind(school);
    school.get = async () => {
      school.get = original;
      throw new TypeError('cannot read "Zoë van den Berg" (contact Henk Contactman)');
    };
    const code = codeIn(texts(await u.say('nee')));
    expect(code).toBeDefined();

    const logged = logLines.find((l) => l.msg === 'turn error' && l.errorCode === code);
    expect(logged).toMatchObject({ errorClass: 'TypeError', errorMessage: 'cannot read "[…]" (contact […])', conversationId: u.conversationId });
    expect(logged!.dialogs).toEqual(expect.arrayContaining([expect.stringMatching(/^nieuwDossier\.stappen#\d+$/)]));
    const written = rawLog.slice(logFrom);
    expect(written).toContain('"msg":"turn error"');
    for (const personal of ['Zoë', 'van den Berg', 'Henk', 'Contactman']) expect(written).not.toContain(personal);
  });

  it('resets a conversation state it cannot read, and says which dossiers were kept', async () => {
    const u = new SimulatedUser(bot.url, channel, 'user-fout-2', 'Meester Kapot');
    await u.say('hallo'); // registers the demo user
    await bot.repos.dossiers.save(
      createDossier(
        {
          id: 'concept-1',
          leerlingnummer: ZOE,
          leerlingNaam: 'Zoë van den Berg',
          soortOverstap: 'POPO',
          categorieen: [],
          aantalSchooljaren: 3,
          contactpersoon: { naam: 'Meester Kapot', telefoon: '' },
          bijlagen: [],
          voorlopig: false,
          contactGewenst: false,
          ontvangendeBrin: '99ZZ',
          inzage: { gehad: false },
          akkoord: 'Onbekend',
          aangemaaktDoor: { userId: 'user-fout-2', naam: 'Meester Kapot' },
        },
        new Date().toISOString(),
      ),
    );
    // The stored conversation is not something this bot wrote (an old version, a bad edit …).
    const key = `emulator/conversations/${u.conversationId}/`;
    expect((await bot.repos.store.get(key))).toBeDefined();
    await bot.repos.store.set(key, { dialogState: 'kapot' });

    const reset = texts(await u.say('nieuw dossier'));
    expect(reset).toContain('Ons gesprek kon ik niet meer lezen, dus ik ben opnieuw begonnen');
    expect(reset).toContain('Bewaard gebleven zijn uw opgeslagen dossiers:\n- Zoë van den Berg (concept)');
    expect(codeIn(reset)).toBeDefined();
    expect(logLines.some((l) => l.msg === 'conversation state unreadable, resetting it')).toBe(true);

    // The conversation works again from the start.
    expect(texts(await u.say('nieuw dossier'))).toContain(TEXT.leerling.vraag);
  });

  it('keeps the state when the store itself is down, and says so', async () => {
    const u = await atSoortVraag('user-fout-3', 'Juf Storing');

    const store = bot.repos.store;
    const { getMany, health } = store;
    let failures = 0;
    store.getMany = async (...args) => {
      if (args[0].some((k) => k.startsWith('emulator/conversations/')) && failures++ < 2) throw new Error('SQLITE_BUSY: database is locked');
      return getMany.apply(store, args as never) as never;
    };
    store.health = async () => ({ ok: false, backend: 'sqlite', detail: 'database is locked' });
    try {
      const down = texts(await u.say('POPO'));
      expect(down).toMatch(/^Sorry, ik kan de gegevens nu niet bereiken \(foutcode [A-F0-9]{6}\)\. Uw laatste antwoord heb ik niet kunnen opslaan/);
    } finally {
      store.getMany = getMany;
      store.health = health;
    }
    expect(texts(await u.say('POPO'))).toContain(TEXT.categorieen.vraag);
  });

  it('after a turn that answered but could not save, asks the unsaved question again instead of reading the next message as its answer', async () => {
    const u = await atSoortVraag('user-fout-4', 'Juf Opslag');

    // The closing save of the conversation state fails, after the next question went out.
    const store = bot.repos.store;
    const { set } = store;
    store.set = async (...args) => {
      if (args[0].startsWith('emulator/conversations/')) throw new Error('SQLITE_BUSY: database is locked');
      return set.apply(store, args as never) as never;
    };
    let failed: string;
    try {
      failed = texts(await u.say('POPO'));
    } finally {
      store.set = set;
    }
    expect(failed).toContain(TEXT.categorieen.vraag);
    expect(codeIn(failed)).toBeDefined();

    // "alle" answers the categories question the user saw; the stored conversation is at "soort".
    const again = texts(await u.say('alle'));
    expect(again).toContain('Door de storing is uw vorige antwoord niet opgeslagen');
    expect(again).toContain(TEXT.soort.vraag);
    expect(again).not.toContain(TEXT.schooljaren.vraag);
    expect(texts(await u.say('POPO'))).toContain(TEXT.categorieen.vraag);
    expect(texts(await u.say('alle'))).toContain(TEXT.schooljaren.vraag);
  });

  it('a turn that failed before answering leaves the next message to be read as usual', async () => {
    const u = await atSoortVraag('user-fout-5', 'Meester Vroeg');
    const store = bot.repos.store;
    const { getMany } = store;
    let failures = 0;
    store.getMany = async (...args) => {
      if (args[0].some((k) => k.startsWith('emulator/conversations/')) && failures++ < 1) throw new Error('SQLITE_IOERR: disk I/O error');
      return getMany.apply(store, args as never) as never;
    };
    try {
      expect(codeIn(texts(await u.say('POPO')))).toBeDefined();
    } finally {
      store.getMany = getMany;
    }
    expect(texts(await u.say('POPO'))).toContain(TEXT.categorieen.vraag);
  });
});

describe('shapeProblem', () => {
  it('accepts what the bot writes and names what it does not', () => {
    expect(shapeProblem({})).toBeUndefined();
    expect(
      shapeProblem({
        dialogState: { dialogStack: [{ id: 'main', state: { dialogs: { dialogStack: [{ id: 'x', state: {} }] } } }] },
        processedActivityIds: ['a'],
        referenceSavedFor: [],
      }),
    ).toBeUndefined();
    expect(shapeProblem({ dialogState: 'kapot' })).toMatch(/not an object/);
    expect(shapeProblem({ dialogState: { dialogStack: {} } })).toMatch(/not a list/);
    expect(shapeProblem({ dialogState: { dialogStack: [{ state: {} }] } })).toMatch(/no id/);
    expect(shapeProblem({ dialogState: { dialogStack: [{ id: 'main', state: { dialogs: { dialogStack: 5 } } }] } })).toMatch(/main: dialogStack/);
    expect(shapeProblem({ processedActivityIds: 'x' })).toMatch(/not a list/);
  });
});
