/**
 * Teams identity (PRODUCT.md §2): a user is known by `from.aadObjectId`. A beheerder usually
 * registers staff by e-mail address before anyone knows their object id, so a Teams user not
 * found by id is looked up once through the Teams roster (`TeamsInfo.getMember`: e-mail or
 * UPN) and, when registered under that address, moved to the object id for next time.
 */
import { TeamsInfo, type TurnContext } from 'botbuilder';
import type { Logger } from '../log';
import type { Person } from '../domain/users';
import type { UserRepository } from '../repositories/userRepository';

export const isTeams = (context: TurnContext): boolean => context.activity.channelId === 'msteams';

/** An Entra object id: a registration with one is linked to a Teams account already. */
const OBJECT_ID = /^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i;

/** The registered user matching this Teams member's e-mail address, linked to their object id. */
export async function linkTeamsUserByEmail(
  context: TurnContext,
  users: UserRepository,
  logger: Logger,
): Promise<Person | undefined> {
  const objectId = context.activity.from?.aadObjectId;
  if (!objectId) return undefined;
  const addresses = await teamsAddresses(context, logger);
  for (const address of addresses) {
    const registered = await users.findByEmail(address);
    if (!registered) continue;
    if (registered.id === objectId) return registered;
    // Linked once, a registration belongs to that account: another account showing the same
    // address (a renamed mailbox, a guest, a spoofed field) does not take it over.
    if (OBJECT_ID.test(registered.id)) {
      logger.warn({ userId: objectId }, 'Teams user not linked: the registration with this address belongs to another account');
      continue;
    }
    const linked: Person = { ...registered, id: objectId };
    await users.save(linked);
    // One registration per person: roles changed later must not apply to a stale copy.
    await users.remove(registered.id);
    logger.info({ userId: objectId }, 'Teams user linked to their registration by e-mail address');
    return linked;
  }
  return undefined;
}

const ADDRESSES = Symbol('oso.teamsAddresses');

/**
 * The e-mail address and UPN Teams reports for the sender (lower case, no duplicates); empty
 * outside Teams or when the lookup fails. Asked once per turn.
 */
export async function teamsAddresses(context: TurnContext, logger: Logger): Promise<string[]> {
  const known = context.turnState.get(ADDRESSES) as string[] | undefined;
  if (known) return known;
  const addresses = await lookUpAddresses(context, logger);
  context.turnState.set(ADDRESSES, addresses);
  return addresses;
}

async function lookUpAddresses(context: TurnContext, logger: Logger): Promise<string[]> {
  const from = context.activity.from;
  if (!isTeams(context) || !from?.id || !from.aadObjectId) return [];
  try {
    const member = await TeamsInfo.getMember(context, from.id);
    const addresses = [member.email, member.userPrincipalName].filter((a): a is string => typeof a === 'string' && a.includes('@'));
    return [...new Set(addresses.map((a) => a.toLowerCase()))];
  } catch (err) {
    // Not fatal: the user is then told they are not registered, as any unknown user.
    logger.warn({ err, conversationId: context.activity.conversation?.id }, 'Teams member lookup failed');
    return [];
  }
}
