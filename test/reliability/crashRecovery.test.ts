/**
 * SIGKILL of the server at every question of the dossier conversation — sometimes in the
 * middle of the turn, sometimes between turns — then a restart on the same SQLite file and
 * the channel's retry of the unanswered message. The user finishes the dossier; nothing they
 * answered is lost and nothing is stored twice.
 */
import { describe, expect, it } from 'vitest';
import { TEXT } from '../../dialogs/dossierDialog.texts';
import { ChannelListener, SimulatedUser } from '../../src/channel/localChannel';
import type { Dossier } from '../../src/domain/dossier';
import { keys } from '../../src/repositories/keys';
import { createDocumentStore } from '../../src/storage/createDocumentStore';
import { withBotProcess, type BotProcess } from './botProcess';
import { findElfproefNumbers } from './elfproefScan';

const ZOE = '999990007';
const USER_ID = 'user-crash';

/** Each answer, and what the user must see next (the following question). */
const SCRIPT: [answer: string, next: string][] = [
  ['nieuw dossier', TEXT.leerling.vraag],
  [ZOE, TEXT.soort.vraag],
  ['POPO', TEXT.categorieen.vraag],
  ['1, 3', TEXT.schooljaren.vraag],
  ['2', TEXT.contactpersoon.vraag],
  ['ok', TEXT.bijlagen.vraag],
  ['geen', TEXT.voorlopig.vraag],
  ['ja', TEXT.contactGewenst.vraag],
  ['nee', TEXT.brin.vraag],
  ['ok', TEXT.inzage.vraag],
  ['ja', TEXT.inzageDatum.vraag],
  ['gisteren', TEXT.inzageMedewerker.vraag],
  ['Juf Crash', TEXT.akkoord.vraag],
  ['Onbekend', TEXT.gereedmaken.vraag],
  ['ja', 'status "gereed"'],
];

let bot: BotProcess;
let channel: ChannelListener;

withBotProcess((started) => ({ bot, channel } = started));

describe('SIGKILL at every question', () => {
  it('lets the user finish the dossier after each restart, with nothing lost and nothing duplicated', async () => {
    const u = new SimulatedUser(bot.url, channel, USER_ID, 'Juf Crash');
    const lastText = () => channel.received(u.conversationId).at(-1)?.text ?? '';

    for (const [i, [answer, next]] of SCRIPT.entries()) {
      const activity = u.activity(answer);
      const sent = u.send(activity).catch(() => undefined); // the connection dies with the process
      if (i % 2 === 0) {
        // In the middle of the turn (or just before / after it: the timing is the point).
        await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 40)));
      } else {
        await sent; // between two questions
      }
      await bot.kill('SIGKILL');
      await sent;
      await bot.restart();
      // The channel did not get a 200 (or is not sure): it sends the same activity again.
      const retry = await u.send(activity);
      expect(retry.status).toBe(200);
      const seen = lastText();
      if (i < SCRIPT.length - 1) {
        expect(seen, `after answer ${i} ("${answer}")`).toContain(next);
      } else {
        // Made ready before the kill, answer seen again after it: "already gereed", never "not saved".
        // The turn ends with the menu, so the answer is the message before it.
        const ended = channel.received(u.conversationId).slice(-2).map((a) => a.text ?? '').join('\n\n');
        expect(lastText()).toContain('Wat wilt u nu doen?');
        expect(ended).toMatch(/staat (nu|al) klaar met status "gereed"/);
        expect(ended).not.toContain('niet bewaard');
      }
    }

    // The dossier, checked in the store itself after the process has stopped.
    const storageUrl = `sqlite://${bot.storageFile}`;
    await bot.kill('SIGTERM');
    const store = await createDocumentStore(storageUrl);
    try {
      const dossier = (await store.get<Dossier>(keys.dossier(ZOE)))?.value;
      expect(dossier).toMatchObject({
        leerlingnummer: ZOE,
        status: 'gereed',
        soortOverstap: 'POPO',
        categorieen: ['vve', 'verzuim'],
        aantalSchooljaren: 2,
        voorlopig: true,
        contactGewenst: false,
        ontvangendeBrin: '99ZZ',
        akkoord: 'Onbekend',
        aangemaaktDoor: { userId: USER_ID },
      });
      expect(dossier!.inzage).toMatchObject({ gehad: true, medewerker: 'Juf Crash' });
      expect(dossier!.history.filter((h) => h.actie === 'gereed')).toHaveLength(1);
      expect((await store.get<string[]>(keys.dossiersByUser(USER_ID)))?.value).toEqual([ZOE]);
    } finally {
      await store.close();
    }
    await bot.restart();
  }, 600_000);

  it('wrote no BSN to its output in all those runs', () => {
    expect(bot.output()).toContain('OSO-overstapbot listening');
    expect(findElfproefNumbers(bot.output())).toEqual([]);
  });
});
