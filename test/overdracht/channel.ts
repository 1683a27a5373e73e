/** The shared local channel, with what it received as the overdracht tests check it: one list in arrival order. */
import { ChannelListener } from '../../src/channel/localChannel';

export interface Posted {
  conversationId: string;
  replyToId?: string;
  text: string;
}

/** Plays the channel: accepts the bot's activities (answering `status`) and remembers them. */
export async function startChannel(status = 200): Promise<{ url: string; posted: Posted[]; close(): Promise<void> }> {
  const listener = await new ChannelListener({ status }).start();
  const posted: Posted[] = [];
  listener.onActivity((conversationId, activity, replyToId) => {
    posted.push({ conversationId, ...(replyToId ? { replyToId } : {}), text: activity.text ?? '' });
  });
  return { url: listener.url, posted, close: () => listener.stop() };
}
