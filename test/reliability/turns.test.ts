/**
 * Turns of one conversation, against the real server process over HTTP: two that arrive at
 * the same time both take effect (botbuilder alone would keep only one: it saves state with
 * eTag '*'), and an activity the channel sends again (Teams after 15 s, a retry after a
 * dropped connection, a restart) is acknowledged without being processed twice.
 */
import { describe, expect, it } from 'vitest';
import { TEXT } from '../../dialogs/dossierDialog.texts';
import { ChannelListener, SimulatedUser, type TurnResult } from '../../src/channel/localChannel';
import { withBotProcess, type BotProcess } from './botProcess';

let bot: BotProcess;
let channel: ChannelListener;

withBotProcess((started) => ({ bot, channel } = started));

const ZOE = '999990007'; // demo pupil Zoë van den Berg
const texts = (t: TurnResult) => t.replies.map((r) => r.text ?? '').join('\n');
const pdf = (name: string) => ({
  name,
  contentType: 'application/pdf',
  contentUrl: `data:application/pdf;base64,${Buffer.from(`%PDF ${name}`).toString('base64')}`,
});

/** Answers up to the attachments question. */
async function untilBijlagen(u: SimulatedUser): Promise<void> {
  for (const answer of ['nieuw dossier', ZOE, 'ok', 'geen', 'ok', 'ok']) {
    const t = await u.say(answer);
    expect(t.status).toBe(200);
  }
  expect(channel.received(u.conversationId).at(-1)?.text).toContain(TEXT.bijlagen.vraag);
}

describe('turns of one conversation', () => {
  it('two messages sent at the same moment both take effect', async () => {
    const u = new SimulatedUser(bot.url, channel, 'user-gelijktijdig', 'Juf Gelijk');
    await untilBijlagen(u);
    // Two files in two messages at once, as when someone drops two files in a row.
    const [a, b] = await Promise.all([
      u.send(u.activity('', { attachments: [pdf('eerste.pdf')] })),
      u.send(u.activity('', { attachments: [pdf('tweede.pdf')] })),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const afterBoth = texts(a) + texts(b);
    expect(afterBoth).toContain('Er zijn 2 bijlagen bewaard');
    const summaryTurns = ['klaar', 'ok', 'nee', 'ok', 'ja', 'vandaag', 'ok', 'Ja'];
    let last!: TurnResult;
    for (const answer of summaryTurns) last = await u.say(answer);
    const summary = texts(last);
    expect(summary).toContain('eerste.pdf');
    expect(summary).toContain('tweede.pdf');
  });

  it('an activity sent again is acknowledged and changes nothing — also when it arrives while the first is running, and after a restart', async () => {
    const u = new SimulatedUser(bot.url, channel, 'user-herhaling', 'Meester Herhaal');
    await u.say('nieuw dossier');
    await u.say(ZOE);
    const answer = u.activity('POVO'); // soort overstap
    const first = await u.send(answer);
    expect(texts(first)).toContain('Wat is het schooladvies van Zoë van den Berg?');

    // The same activity again: 200, no reply, and the conversation did not move on.
    const repliesTo = (id: unknown) => channel.received(u.conversationId).filter((r) => r.replyToId === id);
    const before = repliesTo(answer.id).length;
    const again = await u.send(answer);
    expect(again.status).toBe(200);
    expect(repliesTo(answer.id)).toHaveLength(before);

    expect(texts(await u.say('havo'))).toContain(TEXT.categorieen.vraag);

    // Twice at the same moment (a channel retry while the first is still running).
    const second = u.activity('geen'); // categorieën
    const [x, y] = await Promise.all([u.send(second), u.send(second)]);
    expect([x.status, y.status]).toEqual([200, 200]);
    const answered = repliesTo(second.id);
    expect(answered.map((r) => r.text).join('\n')).toContain(TEXT.schooljaren.vraag);
    expect(answered).toHaveLength(1);

    // After a restart the process has forgotten what it saw; the conversation state has not.
    await bot.kill('SIGKILL');
    await bot.restart();
    const afterRestart = await u.send(second);
    expect(afterRestart.status).toBe(200);
    expect(repliesTo(second.id)).toHaveLength(1);

    // And the conversation is exactly where it was: the next answer goes to "aantal schooljaren".
    const next = await u.say('2');
    expect(texts(next)).toContain(TEXT.contactpersoon.vraag);
    // "terug" back to soort overstap with POVO proposed: the resend did not re-answer it.
    await u.say('terug');
    const soort = await u.say('terug');
    expect(texts(soort)).toContain(TEXT.categorieen.vraag);
    expect(texts(await u.say('terug'))).toContain('Wat is het schooladvies van Zoë van den Berg?');
    const soortVraag = await u.say('terug');
    expect(texts(soortVraag)).toContain('Typ "ok" voor: POVO');
  }, 60_000);

  it('logs each request as one JSON line with request id and conversation id', () => {
    const lines = bot.logLines().filter((l) => l.msg === 'request');
    expect(lines.length).toBeGreaterThan(10);
    for (const l of lines) {
      expect(typeof l.reqId).toBe('string');
      expect(typeof l.conversationId).toBe('string');
      expect(typeof l.ms).toBe('number');
    }
    expect(new Set(lines.map((l) => l.reqId)).size).toBe(lines.length);
    expect(bot.logLines().some((l) => l.msg === 'repeated activity ignored' && l.conversationId && l.reqId)).toBe(true);
  });
});
