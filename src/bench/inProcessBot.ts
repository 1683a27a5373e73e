/**
 * The bot as the server wires it (src/startBot.ts: OsoBot + MainDialog + createCommands,
 * ConversationState over KeyvStorage, the turn guards), behind an in-process adapter instead
 * of CloudAdapter + HTTP. Replies are collected per conversation instead of being posted.
 */
import { Writable } from 'node:stream';
import {
  ActivityTypes,
  BotAdapter,
  ConversationState,
  TurnContext,
  type Activity,
  type CloudAdapter,
  type ConversationReference,
  type ResourceResponse,
} from 'botbuilder';
import { createMainDialog } from '../../dialogs';
import { systemClock } from '../app/clock';
import type { BotServices } from '../app/services';
import { OsoBot } from '../bot';
import { createLogger } from '../log';
import { createRepositories } from '../repositories';
import type { DocumentStore } from '../storage/documentStore';
import { KeyvStorage } from '../storage/keyvStorage';
import { installTurnGuards } from '../turns/installTurnGuards';

/** Replies of a turn are kept only until the driver takes them. */
export class InProcessAdapter extends BotAdapter {
  private readonly replies = new Map<string, Partial<Activity>[]>();
  private nextId = 1;

  constructor(private readonly logic: (context: TurnContext) => Promise<void>) {
    super();
    this.onTurnError = async (_context, error) => {
      throw error;
    };
  }

  async send(activity: Partial<Activity>): Promise<Partial<Activity>[]> {
    const conversationId = activity.conversation!.id;
    const context = new TurnContext(this, { id: String(this.nextId++), timestamp: new Date(), ...activity } as Activity);
    await this.runMiddleware(context, this.logic);
    const replies = this.replies.get(conversationId) ?? [];
    this.replies.delete(conversationId);
    return replies;
  }

  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const id = context.activity.conversation.id;
    let list = this.replies.get(id);
    if (!list) this.replies.set(id, (list = []));
    for (const a of activities) if (a.type !== ActivityTypes.Trace && a.type !== 'delay') list.push(a);
    return activities.map(() => ({ id: String(this.nextId++) }));
  }

  override async updateActivity(): Promise<void> {}
  override async deleteActivity(): Promise<void> {}
  override async continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const context = new TurnContext(this, TurnContext.applyConversationReference({ type: ActivityTypes.Event, name: 'continue' }, reference, true) as Activity);
    await this.runMiddleware(context, logic);
  }
}

const discard = new Writable({ write: (_chunk, _enc, done) => done() });

export function createInProcessBot(store: DocumentStore): InProcessAdapter {
  // Logging stays on at the server's default level, written nowhere, so its cost is counted.
  const logger = createLogger('info', discard);
  const repos = createRepositories(store);
  const services: BotServices = { repos, clock: systemClock, logger, demoMode: false };
  const conversationState = new ConversationState(new KeyvStorage(store));
  const bot = new OsoBot(conversationState, createMainDialog, services);
  const adapter = new InProcessAdapter((context) => bot.run(context));
  installTurnGuards(adapter as unknown as CloudAdapter, { conversationState, logger });
  return adapter;
}

/** A bench user's message as the Emulator would send it (the channel is never called back). */
export function benchMessage(conversationId: string, from: { id: string; name: string }, text: string): Partial<Activity> {
  return {
    type: 'message',
    text,
    channelId: 'emulator',
    serviceUrl: 'http://127.0.0.1:1',
    locale: 'nl-NL',
    conversation: { id: conversationId } as never,
    from,
    recipient: { id: 'oso-bot', name: 'OSO-overstapbot' },
  };
}
