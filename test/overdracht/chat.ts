/**
 * Drives the real bot (OsoBot + MainDialog + createCommands) in memory, one TestAdapter per
 * user, so several users can talk to the same bot and data at once.
 */
import { ConversationState, MemoryStorage, TestAdapter, type Activity } from 'botbuilder';
import { createMainDialog } from '../../dialogs';
import type { BotServices } from '../../src/app/services';
import { OsoBot } from '../../src/bot';
import type { User } from '../../src/domain/users';

export interface Reply {
  text: string;
  buttons: string[];
}

export function createBot(services: BotServices): OsoBot {
  const conversationState = new ConversationState(new MemoryStorage());
  return new OsoBot(conversationState, createMainDialog, services);
}

export class Chat {
  private readonly adapter: TestAdapter;

  constructor(bot: OsoBot, user: Pick<User, 'id' | 'naam'>) {
    const template: Partial<Activity> = {
      locale: 'nl-NL',
      channelId: 'test',
      serviceUrl: 'https://channel.test',
      from: { id: user.id, name: user.naam },
      recipient: { id: 'bot', name: 'OSO-overstapbot' },
      conversation: { id: `gesprek-${user.id}` } as Activity['conversation'],
    };
    this.adapter = new TestAdapter((context) => bot.run(context), template);
  }

  /** Sends one message and returns the bot's replies to it. */
  async say(text: string): Promise<Reply[]> {
    await this.adapter.receiveActivity(text);
    return this.adapter.activeQueue.splice(0).map((a) => ({
      text: a.text ?? '',
      buttons: (a.suggestedActions?.actions ?? []).map((b) => String(b.title ?? b.value)),
    }));
  }

  /** All reply texts of one message joined, for `toContain` checks. */
  async sayText(text: string): Promise<string> {
    return (await this.say(text)).map((r) => r.text).join('\n');
  }
}
