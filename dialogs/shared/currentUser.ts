import type { TurnContext } from 'botbuilder';
import type { Actor } from '../../src/domain/dossier';
import type { User } from '../../src/domain/users';

/** The bot resolves the user once per turn and leaves it here for the dialogs. */
const CURRENT_USER = Symbol('oso.currentUser');

export function setCurrentUser(context: TurnContext, user: User): void {
  context.turnState.set(CURRENT_USER, user);
}

export function currentUser(context: TurnContext): User {
  const user = context.turnState.get(CURRENT_USER) as User | undefined;
  if (!user) throw new Error('No current user on this turn (the bot resolves it before any dialog runs).');
  return user;
}

export const actorOf = (user: User): Actor => ({ userId: user.id, naam: user.naam });
