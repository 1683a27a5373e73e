/**
 * Proactive messages: a notice in a user's own chat outside the current conversation (e.g.
 * "Het dossier van … is verstrekt aan LDOS" for the staff member who made it). Uses the
 * reference of the user's personal chat, stored when they last talked to the bot there (only
 * personal chats are stored: src/bot.ts). A Teams user who never opened that chat gets it
 * opened (Teams `createConversation` with their object id and the tenant), so a notice never
 * has to go to a shared chat.
 */
import { TurnContext, type CloudAdapter, type ConversationParameters, type ConversationReference } from 'botbuilder';
import type { Notifier } from './app/services';
import type { Logger } from './log';
import { keys } from './repositories/keys';
import type { DocumentStore } from './storage/documentStore';

export class ProactiveNotifier implements Notifier {
  /**
   * `appId` is MicrosoftAppId: with credentials the adapter gets a token for that app; in
   * local mode it is '' and the adapter's credential factory sends without authentication.
   */
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    private readonly store: DocumentStore,
    private readonly logger: Logger,
  ) {}

  /** False when the user cannot be reached (no personal chat known or creatable) or the channel refused. */
  async notify(userId: string, text: string): Promise<boolean> {
    const stored = await this.store.get<Partial<ConversationReference>>(keys.conversationReference(userId));
    const reference = stored?.value;
    if (!reference?.serviceUrl || !reference.conversation) return this.openPersonalChat(userId, text);
    let sent = false;
    try {
      await this.adapter.continueConversationAsync(this.appId, reference, async (context) => {
        // Caught here: an error thrown out of this callback would reach the adapter's
        // onTurnError, which would try to post an apology into the user's chat.
        // The continuation activity has a made-up id that the SDK would turn into replyToId;
        // a notice is a new message in the chat, not a reply to anything.
        context.onSendActivities(async (_ctx, activities, next) => {
          for (const activity of activities) delete activity.replyToId;
          return next();
        });
        try {
          await context.sendActivity(text);
          sent = true;
        } catch (err) {
          this.logger.warn({ err, conversationId: reference.conversation?.id }, 'proactive message not delivered');
        }
      });
    } catch (err) {
      this.logger.warn({ err, conversationId: reference.conversation.id }, 'proactive message not delivered');
    }
    return sent;
  }

  /** Teams only: opens the personal chat with a user known by object id, and sends `text` there. */
  private async openPersonalChat(userId: string, text: string): Promise<boolean> {
    const home = (await this.store.get<TeamsHome>(keys.teamsHome()))?.value;
    if (!home || !OBJECT_ID.test(userId)) return false;
    const parameters = {
      isGroup: false,
      bot: { id: home.botId, name: '' },
      members: [{ id: userId, name: '' }],
      tenantId: home.tenantId,
      channelData: { tenant: { id: home.tenantId } },
    } as ConversationParameters;
    let sent = false;
    try {
      // No audience: the SDK then uses the Bot Framework channels' own (its default for replies).
      const audience = undefined as unknown as string;
      await this.adapter.createConversationAsync(this.appId, 'msteams', home.serviceUrl, audience, parameters, async (context: TurnContext) => {
        try {
          await context.sendActivity(text);
          sent = true;
          // The chat exists now: later notices go there directly.
          await this.store.set(keys.conversationReference(userId), TurnContext.getConversationReference(context.activity));
        } catch (err) {
          this.logger.warn({ err }, 'proactive message not delivered in the new personal chat');
        }
      });
    } catch (err) {
      this.logger.warn({ err }, 'could not open a personal chat for a proactive message');
    }
    return sent;
  }
}

/** What is needed to open a personal Teams chat: stored from any personal Teams turn (src/bot.ts). */
export interface TeamsHome {
  serviceUrl: string;
  tenantId: string;
  botId: string;
}

const OBJECT_ID = /^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i;
