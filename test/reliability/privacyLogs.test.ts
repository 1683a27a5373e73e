/**
 * A full end-to-end run at the most verbose log level (trace: whatever botbuilder, restify
 * and the bot log), in which users type BSNs in every usual form, phone numbers and e-mail
 * addresses, a director requests the dossier, and a request is refused: the captured output
 * of the process contains no BSN or onderwijsnummer (elfproef), no phone number and no
 * e-mail address.
 */
import { describe, expect, it } from 'vitest';
import { ChannelListener, SimulatedUser } from '../../src/channel/localChannel';
import { withBotProcess, type BotProcess } from './botProcess';
import { findElfproefNumbers } from './elfproefScan';

let bot: BotProcess;
let channel: ChannelListener;

withBotProcess((started) => ({ bot, channel } = started), { LOG_LEVEL: 'trace' });

describe('log output of an end-to-end run', () => {
  it('holds no BSN, onderwijsnummer, phone number or e-mail address', async () => {
    const u = new SimulatedUser(bot.url, channel, 'user-privacy', 'Juf Privé');
    await u.send(u.joinActivity());
    const script = [
      'nieuw dossier',
      '9999.90.007', // Zoë, typed in the written form
      'ok',
      'geen',
      'ok',
      'Juf Privé, 06-12345678, juf.prive@school.example.nl',
      'geen',
      'ok',
      'ja',
      'ok',
      'ja',
      'vandaag',
      'ok',
      'Ja',
      'ja',
      'OSO – aanvraag overdracht',
      '999 990 007',
      'ok',
      'Aanvragen overdracht',
      'status',
      'nieuw dossier 109900000', // onderwijsnummer in the command
      'annuleren',
      'mijn bsn is 123456782 en bel me op +31 6 1234 5678',
    ];
    for (const text of script) expect((await u.say(text)).status).toBe(200);
    // A refused request whose body holds a BSN.
    const bad = await fetch(`${bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"type":"message","text":"123456782", broken',
    });
    expect(bad.status).toBe(400);

    const out = bot.output();
    // What users typed was logged (trace), masked: the check below has something to find.
    expect(out).toContain('"msg":"activity received"');
    expect(out).toContain('mijn bsn is *****6782 en bel me op [telefoon]');
    expect(out).toContain('[e-mail]');
    expect(findElfproefNumbers(out)).toEqual([]);
    expect(out).not.toMatch(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/);
    expect(out).not.toMatch(/06-?12345678|\+31 6 1234 5678/);
    // The masked form is what may appear.
    expect(channel.received(u.conversationId).map((a) => a.text ?? '').join('\n')).toContain('*****0007');
  }, 120_000);
});
