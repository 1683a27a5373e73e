/**
 * End to end over HTTP: the real server (startBot, SQLite in a temp dir, local mode) and a
 * small HTTP server playing the channel. A medewerker makes a dossier ready through the real
 * dossier conversation; a director requests it in another conversation; the medewerker's own
 * conversation receives the proactive message at its serviceUrl.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/log';
import { startBot, type RunningBot } from '../../src/startBot';
import { fixedClock, loadFixtures, PUPILS, USER } from '../helpers/dossierFixtures';
import { ANSWERS, ASKS, QUESTIONS } from '../helpers/dossierScript';
import { startChannel } from './channel';

describe('end to end over HTTP: medewerker makes the dossier, director requests it, medewerker is told', () => {
  let dir: string;
  let bot: RunningBot;
  let channel: Awaited<ReturnType<typeof startChannel>>;
  let activityNumber = 0;
  const DIRECTEUR = { id: 'directeur-1', naam: 'Jan Bakker' };
  // The Emulator's form of conversation id: it must survive URL encoding both ways.
  const MEDEWERKER_GESPREK = 'gesprek-anja|livechat';
  const DIRECTEUR_GESPREK = 'gesprek-jan|livechat';

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'oso-e2e-overdracht-'));
    channel = await startChannel();
    const config = loadConfig({
      STORAGE_URL: `sqlite://${path.join(dir, 'bot.sqlite')}`,
      HOST: '127.0.0.1',
      DEMO_MODE: 'off',
      LOG_LEVEL: 'silent',
    });
    bot = await startBot({ ...config, PORT: 0 }, createLogger('silent'), fixedClock);
    await loadFixtures(bot.repos);
    await bot.repos.users.save({ ...DIRECTEUR, rollen: ['directie'] });
  });

  afterAll(async () => {
    await bot?.stop(2_000);
    await channel?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** One user message over HTTP; returns the texts the channel received for that turn. */
  async function say(user: { id: string; naam: string }, conversationId: string, text: string): Promise<string> {
    const before = channel.posted.length;
    const response = await fetch(`${bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        id: `msg-${++activityNumber}`,
        timestamp: new Date().toISOString(),
        channelId: 'emulator',
        serviceUrl: channel.url,
        locale: 'nl-NL',
        from: { id: user.id, name: user.naam },
        recipient: { id: 'bot', name: 'OSO-overstapbot' },
        conversation: { id: conversationId },
        text,
      }),
    });
    expect(response.status).toBeLessThan(300);
    return channel.posted
      .slice(before)
      .filter((p) => p.conversationId === conversationId)
      .map((p) => p.text)
      .join('\n');
  }

  it('delivers the dossier and posts the notice into the medewerker\'s own conversation', async () => {
    const medewerker = { id: USER.id, naam: USER.naam };
    // The medewerker goes through the real dossier conversation (manual steps 1–19).
    for (const [i, q] of QUESTIONS.entries()) {
      const reply = await say(medewerker, MEDEWERKER_GESPREK, ANSWERS[q]);
      const next = QUESTIONS[i + 1];
      if (next && next !== 'start') expect(reply).toContain(ASKS[next]);
    }
    const zoe = PUPILS.zoe.leerlingnummer;
    expect((await bot.repos.dossiers.get(zoe))?.status).toBe('gereed');

    // The director, in their own conversation.
    expect(await say(DIRECTEUR, DIRECTEUR_GESPREK, 'OSO – aanvraag overdracht')).toContain('Wat is het BSN van de leerling?');
    expect(await say(DIRECTEUR, DIRECTEUR_GESPREK, zoe)).toContain('BRIN-nummer van uw eigen school');
    expect(await say(DIRECTEUR, DIRECTEUR_GESPREK, 'ok')).toContain('Aanvragen overdracht');
    const before = channel.posted.length;
    const outcome = await say(DIRECTEUR, DIRECTEUR_GESPREK, 'Aanvragen overdracht');
    expect(outcome).toContain('Gelukt: het dossier van Zoë');
    expect(outcome).toContain(`${USER.naam}, die het dossier gereed heeft gemaakt, heeft hiervan een bericht gekregen`);

    // The proactive message: a new activity (no replyToId) in the medewerker's conversation,
    // posted before the director's request was answered.
    const notices = channel.posted.slice(before).filter((p) => p.conversationId === MEDEWERKER_GESPREK);
    expect(notices).toHaveLength(1);
    expect(notices[0]?.replyToId).toBeUndefined();
    expect(notices[0]?.text).toMatch(/^Het dossier van Zoë .* is verstrekt aan LDOS \(BRIN 12AB\); Jan Bakker heeft het opgehaald\./);
    expect(notices[0]?.text).not.toContain(zoe);

    // Both sides stored.
    const esis = await bot.repos.dossiers.get(zoe);
    expect(esis).toMatchObject({ status: 'verstrekt', verstrekt: { door: { userId: DIRECTEUR.id }, brin: '12AB' } });
    expect(esis?.history.map((h) => h.actie)).toContain('verstrekt');
    expect(await bot.repos.ldos.get(zoe)).toMatchObject({ leerlingnummer: zoe, ontvangen: { door: { userId: DIRECTEUR.id } } });
  });
});
