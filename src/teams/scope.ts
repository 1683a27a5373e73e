/**
 * Where an activity comes from, as far as privacy goes (PRODUCT.md §2): pupil data is shown
 * and asked for only in a personal (1:1) chat, and only for the school's own Teams tenant.
 * A group chat or team channel would share one dialog, one notice and every answer with all
 * of its members, so the bot does not converse there at all.
 */
import type { Activity } from 'botbuilder';

/** True for a 1:1 chat: Teams says `personal`; other channels mark group conversations `isGroup`. */
export function isPersonalConversation(activity: Partial<Activity>): boolean {
  const conversation = activity.conversation;
  if (!conversation) return false;
  const type = conversation.conversationType;
  if (activity.channelId === 'msteams') return type === 'personal';
  return conversation.isGroup !== true && (type === undefined || type === '' || type === 'personal');
}

/** The Teams tenant of an activity (channelData.tenant.id, else conversation.tenantId), lower-cased. */
export function tenantOf(activity: Partial<Activity>): string | undefined {
  const fromChannelData = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  const id = typeof fromChannelData === 'string' ? fromChannelData : activity.conversation?.tenantId;
  return typeof id === 'string' && id ? id.toLowerCase() : undefined;
}

/**
 * Whether the activity may be served: outside Teams always; on Teams only from an allowed
 * tenant when a list is configured (a bot registration can be reached from other tenants).
 */
export function isAllowedTenant(activity: Partial<Activity>, allowed: readonly string[] | undefined): boolean {
  if (activity.channelId !== 'msteams' || !allowed?.length) return true;
  const tenant = tenantOf(activity);
  return tenant !== undefined && allowed.includes(tenant);
}

/** Teams' deep link that opens the personal chat with this bot (its id is the activity's recipient). */
export function personalChatLink(activity: Partial<Activity>): string | undefined {
  const botId = activity.recipient?.id;
  if (activity.channelId !== 'msteams' || !botId) return undefined;
  return `https://teams.microsoft.com/l/chat/0/0?users=${encodeURIComponent(botId)}`;
}
