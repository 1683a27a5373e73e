import { afterEach, describe, expect, it } from 'vitest';
import { createAdapter } from '../../src/adapter';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/log';
import { ProactiveNotifier } from '../../src/proactive';
import { keys } from '../../src/repositories/keys';
import { MemoryDocumentStore } from '../helpers/memoryDocumentStore';
import { startChannel } from './channel';

describe('ProactiveNotifier (local mode, no credentials)', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  async function setup(channelStatus: number) {
    const channel = await startChannel(channelStatus);
    closers.push(channel.close);
    const config = loadConfig({ LOG_LEVEL: 'silent' });
    const logger = createLogger('silent');
    const store = new MemoryDocumentStore();
    await store.set(keys.conversationReference('mieke'), {
      activityId: 'msg-1',
      channelId: 'emulator',
      serviceUrl: channel.url,
      conversation: { id: 'gesprek-mieke|livechat' },
      user: { id: 'mieke', name: 'Mieke' },
      bot: { id: 'bot', name: 'OSO-overstapbot' },
    });
    return { channel, notifier: new ProactiveNotifier(createAdapter(config, logger), config.MicrosoftAppId, store, logger) };
  }

  it('posts a new message (not a reply) into the stored conversation', async () => {
    const { channel, notifier } = await setup(200);
    expect(await notifier.notify('mieke', 'Het dossier van Zoë is verstrekt aan LDOS.')).toBe(true);
    expect(channel.posted).toEqual([{ conversationId: 'gesprek-mieke|livechat', text: 'Het dossier van Zoë is verstrekt aan LDOS.' }]);
  });

  it('returns false for a user who never chatted with the bot', async () => {
    const { channel, notifier } = await setup(200);
    expect(await notifier.notify('onbekend', 'x')).toBe(false);
    expect(channel.posted).toEqual([]);
  });

  it('returns false when the channel refuses (the user removed the bot), without posting an apology into that chat', async () => {
    const { channel, notifier } = await setup(403);
    expect(await notifier.notify('mieke', 'Het dossier is verstrekt.')).toBe(false);
    expect(channel.posted.length).toBeGreaterThan(0);
    expect(new Set(channel.posted.map((p) => p.text))).toEqual(new Set(['Het dossier is verstrekt.']));
  });
});
