/**
 * The maker's notice "verstrekt" survives a crash (issue 17): the real process is killed
 * (SIGKILL, through the test-only fault hook OSO_TEST_CRASH_AFTER_VERSTREKT) right after the
 * dossier became "verstrekt" and before the maker was told. After the restart the maker's own
 * chat receives the notice, exactly once — also after a further request and another restart.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TEXT } from '../../dialogs/dossierDialog.texts';
import { ChannelListener, SimulatedUser } from '../../src/channel/localChannel';
import { withBotProcess, type BotProcess } from './botProcess';

const ZOE = '999990007';
const markerDir = mkdtempSync(path.join(os.tmpdir(), 'oso-notice-crash-'));
const MARKER = path.join(markerDir, 'crashed');

let bot: BotProcess;
let channel: ChannelListener;

withBotProcess((started) => ({ bot, channel } = started), { OSO_TEST_CRASH_AFTER_VERSTREKT: MARKER });
afterAll(() => rmSync(markerDir, { recursive: true, force: true }));

const isNotice = (text: string | undefined) => /^Het dossier van Zoë .* is verstrekt aan LDOS/.test(text ?? '');

describe('a crash between "verstrekt" and the maker\'s notice', () => {
  it('sends the notice once after the restart', async () => {
    const maker = new SimulatedUser(bot.url, channel, 'user-maker', 'Juf Maker');
    await maker.send(maker.joinActivity()); // the conversation the notice goes to
    const script: [string, string][] = [
      ['nieuw dossier', TEXT.leerling.vraag],
      [ZOE, TEXT.soort.vraag],
      ['POPO', TEXT.categorieen.vraag],
      ['geen', TEXT.schooljaren.vraag],
      ['ok', TEXT.contactpersoon.vraag],
      ['ok', TEXT.bijlagen.vraag],
      ['geen', TEXT.voorlopig.vraag],
      ['nee', TEXT.contactGewenst.vraag],
      ['nee', TEXT.brin.vraag],
      ['ok', TEXT.inzage.vraag],
      ['ja', TEXT.inzageDatum.vraag],
      ['gisteren', TEXT.inzageMedewerker.vraag],
      ['ok', TEXT.akkoord.vraag],
      ['Ja', TEXT.gereedmaken.vraag],
      ['ja', 'status "gereed"'],
    ];
    for (const [answer, next] of script) {
      const turn = await maker.say(answer);
      expect(turn.replies.map((r) => r.text ?? '').join('\n'), `after "${answer}"`).toContain(next);
    }

    const director = new SimulatedUser(bot.url, channel, 'user-directeur', 'Meester Directeur');
    await director.say('OSO – aanvraag overdracht');
    await director.say(ZOE);
    await director.say('ok');
    // The process kills itself right after writing "verstrekt": no answer, no notice.
    const exited = new Promise<void>((resolve) => bot.child.once('exit', () => resolve()));
    await director.say('Aanvragen overdracht').catch(() => undefined);
    expect(existsSync(MARKER)).toBe(true);
    await exited;
    expect(channel.received(maker.conversationId).filter((a) => isNotice(a.text))).toHaveLength(0);

    await bot.restart();
    await channel.waitFor(maker.conversationId, (a) => isNotice(a.text), { timeoutMs: 30_000 });

    // The director asks again ("already delivered") and the bot restarts once more: no second notice.
    const director2 = new SimulatedUser(bot.url, channel, 'user-directeur', 'Meester Directeur', { conversationId: 'directeur-opnieuw' });
    await director2.say('OSO – aanvraag overdracht');
    await director2.say(ZOE);
    await director2.say('ok');
    const answer = await director2.say('Aanvragen overdracht');
    expect(answer.replies.map((r) => r.text ?? '').join('\n')).toContain('is al eerder verstrekt');
    await bot.kill('SIGTERM');
    await bot.restart();
    await maker.say('status zoe'); // a turn after the start-up, so a duplicate would have had its chance
    const notices = channel.received(maker.conversationId).filter((a) => isNotice(a.text));
    expect(notices).toHaveLength(1);
    expect(notices[0]!.text).toContain('Meester Directeur heeft het opgehaald');
  }, 120_000);
});
