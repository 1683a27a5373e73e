/**
 * The conversations the bot offers, in menu order. Each entry is one dialog file in this
 * folder; the main dialog does the routing, the role check and the interruptions.
 */
import type { BotServices } from '../src/app/services';
import type { ConversationCommand } from './mainDialog';

export function createCommands(_services: BotServices): ConversationCommand[] {
  return [];
}
