/**
 * Conversations whose last turn failed after the bot had already answered — typically the
 * closing save of the conversation state failed (the store was busy or down) after the next
 * question was sent. The stored conversation is then still at the question before: the user's
 * next message answers a question the bot is not at. Such a message is not read as an answer;
 * the bot first asks the question it is really at again (OsoBot, MainDialog.askAgain).
 *
 * Kept in this process's memory: with several instances the next turn may land elsewhere.
 */
export class UnsavedTurns {
  private readonly conversations = new Set<string>();

  constructor(private readonly max = 10_000) {}

  mark(conversationKey: string): void {
    this.conversations.add(conversationKey);
    if (this.conversations.size > this.max) this.conversations.delete(this.conversations.values().next().value as string);
  }

  /** True once after `mark`. */
  take(conversationKey: string): boolean {
    return this.conversations.delete(conversationKey);
  }
}

export const conversationKeyOf = (activity: { channelId?: string; conversation?: { id?: string } }): string =>
  `${activity.channelId ?? ''}/${activity.conversation?.id ?? ''}`;
