/**
 * Proactive messages: a notice in a user's own chat outside the current conversation (e.g.
 * "Het dossier van … is verstrekt aan LDOS" for the staff member who made it). Uses the
 * conversation reference the bot stored when that user last started a conversation with it.
 */
import type { CloudAdapter, ConversationReference } from 'botbuilder';
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

  /** False when the user never chatted with the bot (no reference) or the channel refused. */
  async notify(userId: string, text: string): Promise<boolean> {
    const stored = await this.store.get<Partial<ConversationReference>>(keys.conversationReference(userId));
    const reference = stored?.value;
    if (!reference?.serviceUrl || !reference.conversation) return false;
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
}
