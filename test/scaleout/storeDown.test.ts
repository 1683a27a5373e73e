/**
 * The shared store (PostgreSQL or Redis) goes down in the middle of a conversation: the user
 * gets the Dutch "try again" through the channel (not an HTTP 500 and silence), nothing of the
 * conversation is touched, and once the server is back the conversation goes on where it was.
 * The real server process on a throwaway database server that the test stops and starts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEXT } from '../../dialogs/dossierDialog.texts';
import { ChannelListener, SimulatedUser, type TurnResult } from '../../src/channel/localChannel';
import { startBotProcess, type BotProcess } from '../reliability/botProcess';
import { SHARED_BACKENDS, titleOf, type SharedBackend } from './backends';

const DANIEL = '999990019'; // a demo pupil without a dossier
const texts = (t: TurnResult) => t.replies.map((r) => r.text ?? '').join('\n');

for (const backend of SHARED_BACKENDS) {
  describe.skipIf(backend.unavailable !== undefined)(`the store goes down mid-conversation: ${titleOf(backend)}`, () => {
    let server: Awaited<ReturnType<SharedBackend['start']>>;
    let bot: BotProcess;
    let channel: ChannelListener;

    beforeAll(async () => {
      server = await backend.start();
      channel = await new ChannelListener().start();
      bot = await startBotProcess({ STORAGE_URL: server.url });
    });

    afterAll(async () => {
      await bot?.dispose();
      await channel?.stop();
      await server?.stop();
    });

    it('tells the user in Dutch to try again, and goes on where it was once the store is back', async () => {
      const u = new SimulatedUser(bot.url, channel, `user-down-${backend.name}`, 'Juf Storing');
      await u.say('nieuw dossier');
      expect(texts(await u.say(DANIEL))).toContain(TEXT.soort.vraag);

      await server.halt();
      const down = await u.say('VOVO');
      expect(down.status).toBe(200);
      expect(texts(down)).toMatch(/Sorry, ik kan de gegevens nu niet bereiken \(foutcode [A-F0-9]{6}\)\. Uw laatste antwoord heb ik niet kunnen opslaan; probeer het over een paar minuten opnieuw\./);
      expect(texts(down)).not.toContain(TEXT.categorieen.vraag);
      const health = await fetch(`${bot.url}/healthz`);
      expect(health.status).toBe(503);

      await server.resume();
      // The same answer again: the conversation was still at the "soort overstap" question.
      await expect.poll(async () => (await fetch(`${bot.url}/healthz`)).status, { timeout: 20_000, interval: 200 }).toBe(200);
      expect(texts(await u.say('VOVO'))).toContain(TEXT.categorieen.vraag);
      expect(texts(await u.say('alle'))).toContain(TEXT.schooljaren.vraag);
    });
  });
}
