/**
 * The least an incoming activity must have before the bot runs a turn for it: without a
 * type, channel, conversation or serviceUrl the SDK either fails deep inside the turn or
 * spends seconds trying to reply to api.botframework.com, and still answers 200.
 */
import { z } from 'zod';

const nonEmpty = z.string().trim().min(1);

const activitySchema = z.object({
  type: nonEmpty,
  channelId: nonEmpty,
  conversation: z.object({ id: nonEmpty }),
  serviceUrl: z.url({ protocol: /^https?$/ }),
  id: z.string().optional(),
  text: z.string().optional(),
});

export interface IncomingActivity {
  type: string;
  channelId: string;
  conversationId: string;
  serviceUrl: string;
  id?: string;
}

export type ActivityCheck = { ok: true; activity: IncomingActivity } | { ok: false; message: string };

export function checkActivity(body: unknown): ActivityCheck {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, message: 'Expected one activity (a JSON object).' };
  }
  const parsed = activitySchema.safeParse(body);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || 'activity'))];
    return { ok: false, message: `Invalid activity: missing or invalid ${fields.join(', ')}.` };
  }
  const a = parsed.data;
  return {
    ok: true,
    activity: { type: a.type, channelId: a.channelId, conversationId: a.conversation.id, serviceUrl: a.serviceUrl, ...(a.id ? { id: a.id } : {}) },
  };
}
