/**
 * Conversations whose last turn failed after the bot had already answered — typically the
 * closing save of the conversation state failed (the store was busy or down) after the next
 * question was sent. The stored conversation is then still at the question before: the user's
 * next message answers a question the bot is not at. Such a message is not read as an answer;
 * the bot first asks the question it is really at again (OsoBot, MainDialog.askAgain).
 *
 * An "annuleren" whose turn failed is marked 'cancelled': the user was told the conversation
 * stopped, so the next message starts afresh instead of at the stored question.
 *
 * Kept in this process's memory: with several instances the next turn may land elsewhere.
 */
export type UnsavedTurn = 'answered' | 'cancelled';

export class UnsavedTurns {
  private readonly conversations = new Map<string, UnsavedTurn>();

  constructor(private readonly max = 10_000) {}

  mark(conversationKey: string, what: UnsavedTurn = 'answered'): void {
    this.conversations.delete(conversationKey);
    this.conversations.set(conversationKey, what);
    if (this.conversations.size > this.max) this.conversations.delete(this.conversations.keys().next().value as string);
  }

  /** What was marked, once after `mark`. */
  take(conversationKey: string): UnsavedTurn | undefined {
    const what = this.conversations.get(conversationKey);
    this.conversations.delete(conversationKey);
    return what;
  }
}

export const conversationKeyOf = (activity: { channelId?: string; conversation?: { id?: string } }): string =>
  `${activity.channelId ?? ''}/${activity.conversation?.id ?? ''}`;
