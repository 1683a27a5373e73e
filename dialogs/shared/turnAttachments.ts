/**
 * The attachment contents stored during this turn. A turn that fails is not saved (its
 * conversation state stays as it was), so its files would be referred to by nothing: OsoBot
 * removes them (issue 17, "nothing is stored for a turn that fails").
 */
import type { TurnContext } from 'botbuilder';

const STORED = Symbol('attachments stored this turn');

export function rememberStoredAttachment(context: TurnContext, id: string): void {
  const ids = (context.turnState.get(STORED) as string[] | undefined) ?? [];
  context.turnState.set(STORED, [...ids, id]);
}

export function attachmentsStoredThisTurn(context: TurnContext): string[] {
  return (context.turnState.get(STORED) as string[] | undefined) ?? [];
}

/** Where botbuilder's ConversationState keeps this conversation (what the register names). */
export const conversationStateKey = (context: TurnContext): string =>
  `${context.activity.channelId}/conversations/${context.activity.conversation?.id}/`;
