/**
 * Processes each activity id once per conversation. Channels resend an activity when the
 * bot is slow to answer (Teams after 15 seconds) or the connection drops; a resent answer
 * must not be taken as the answer to the next question.
 *
 * Two layers: a bounded in-memory set of ids this process finished (cheap), and the last ids
 * kept in the conversation state itself. The latter is saved in the same write as the
 * dialog state at the end of the turn, so "answer applied" and "id recorded" cannot drift
 * apart, and it survives a restart. A turn that fails records nothing: its resend runs again.
 */
import type { ConversationState, Middleware, StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { Logger } from '../log';
import { RecentActivityIds } from './recentActivityIds';
import { turnLogger } from './turnLogger';

export const PROCESSED_IDS_PROPERTY = 'processedActivityIds';
/** Ids kept per conversation: far more than a channel resends, small next to the dialog state. */
export const PERSISTED_ID_COUNT = 50;

export class OnlyOnceMiddleware implements Middleware {
  private readonly processed: StatePropertyAccessor<string[]>;

  constructor(
    conversationState: ConversationState,
    private readonly logger: Logger,
    private readonly recent = new RecentActivityIds(),
  ) {
    this.processed = conversationState.createProperty<string[]>(PROCESSED_IDS_PROPERTY);
  }

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const id = context.activity.id;
    const conversationId = context.activity.conversation?.id;
    if (!id || !conversationId) return next();

    if (this.recent.has(conversationId, id)) return this.skip(context, 'memory');
    const stored = await this.processed.get(context, []);
    const ids = Array.isArray(stored) ? stored.filter((x): x is string => typeof x === 'string') : [];
    if (ids.includes(id)) {
      this.recent.add(conversationId, id);
      return this.skip(context, 'state');
    }
    await this.processed.set(context, [...ids, id].slice(-PERSISTED_ID_COUNT));
    await next();
    this.recent.add(conversationId, id);
  }

  private skip(context: TurnContext, source: 'memory' | 'state'): void {
    turnLogger(context, this.logger).info({ activityId: context.activity.id, source }, 'repeated activity ignored');
  }
}
