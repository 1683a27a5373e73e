/**
 * Turn middleware, in order: the request's logger goes on the turn, unknown activity types are dropped (no state read, no reply),
 * a repeated activity id is acknowledged without a turn, an overlong message gets a polite
 * answer instead of reaching the dialogs.
 */
import type { CloudAdapter, ConversationState } from 'botbuilder';
import type { Logger } from '../log';
import { ignoreUnknownActivityTypes, refuseOverlongMessages } from './activityFilters';
import { OnlyOnceMiddleware } from './onlyOnce';
import { attachRequestLogger } from './turnLogger';

export function installTurnGuards(adapter: CloudAdapter, deps: { conversationState: ConversationState; logger: Logger }): void {
  adapter.use(attachRequestLogger, ignoreUnknownActivityTypes, new OnlyOnceMiddleware(deps.conversationState, deps.logger), refuseOverlongMessages);
}
