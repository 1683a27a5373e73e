/**
 * The first beheerder of a school that starts in Azure with an empty store (issue 21). The
 * setting FIRST_BEHEERDER names one person by Teams e-mail address or Microsoft Entra object
 * id; on their first contact, and only while the school has no beheerder at all, that person
 * is registered as beheerder. Nobody else is: someone the setting does not name stays
 * unregistered, and once a beheerder exists the setting does nothing (a removed beheerder
 * does not come back by it). That person is also the board's bestuursbeheerder (issue 22):
 * without a shell on the server, that is how a board adds its other schools. Only Teams says
 * who someone is (object id, and the e-mail address from its roster); on other channels the
 * sender chooses their own id, so the setting is not matched there.
 */
import type { TurnContext } from 'botbuilder';
import type { BotServices } from '../app/services';
import { cleanText } from '../domain/text/cleanText';
import type { User } from '../domain/users';
import { isTeams, teamsAddresses } from './teamsIdentity';

const TEXT = {
  naamOnbekend: 'Beheerder',
};

/** The new beheerder when this sender is the one FIRST_BEHEERDER names and no beheerder exists yet. */
export async function claimFirstBeheerder(context: TurnContext, userId: string, services: BotServices): Promise<User | undefined> {
  const wanted = services.firstBeheerder?.trim().toLowerCase();
  const from = context.activity.from;
  if (!wanted || !userId || !from || !isTeams(context)) return undefined;
  // On Teams the user id is the Entra object id (userIdOf in bot.ts).
  const byId = userId.toLowerCase() === wanted;
  if (!byId && !(wanted.includes('@') && (await teamsAddresses(context, services.logger)).includes(wanted))) return undefined;

  const { users } = services.repos;
  if ((await users.list()).some((u) => u.rollen.includes('beheerder'))) return undefined;
  const user: User = {
    id: userId,
    naam: cleanText(from.name ?? '').trim() || TEXT.naamOnbekend,
    ...(wanted.includes('@') ? { email: wanted } : {}),
    rollen: ['beheerder'],
  };
  await users.save(user);
  // The deployment's first administrator is also the board's: without a shell on the server,
  // that is how a board gets its other schools ("beheer" → "school toevoegen").
  await users.people.update(userId, (person) => (person ? { ...person, bestuursbeheerder: true } : undefined));
  services.logger.info({ userId }, 'first beheerder registered (FIRST_BEHEERDER)');
  return user;
}
