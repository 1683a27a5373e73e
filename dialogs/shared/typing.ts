/**
 * "…is typing" in Teams for a turn that takes a few seconds (downloading files, checking a
 * dossier against the OSO rules), so staff see the bot is working instead of nothing.
 * Only on Teams: other channels answer these turns fast enough, and a typing activity there
 * would only be one more activity for clients to skip.
 */
import { ActivityTypes, type TurnContext } from 'botbuilder';

export async function showTyping(context: TurnContext): Promise<void> {
  if (context.activity.channelId !== 'msteams') return;
  await context.sendActivity({ type: ActivityTypes.Typing });
}
