/**
 * Who is talking in Teams: the user by `from.aadObjectId`, a registered e-mail address matched
 * once through the Teams roster and then linked, the welcome when the app is installed, and the
 * one line a group chat or channel gets instead of a conversation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTeamsEnvironment, teamsUser, type TeamsEnvironment } from './teamsHarness';

let env: TeamsEnvironment;

beforeAll(async () => {
  env = await startTeamsEnvironment();
  await env.bot.repos.school.save({ brin: '12AB', naam: 'OBS De Regenboog', soort: 'BAO' });
});
afterAll(async () => env?.stop());

describe('Teams identity', () => {
  it('knows a user registered under their aadObjectId without asking Teams', async () => {
    const anja = teamsUser('Anja de Vries', 'anja@regenboog.example.com');
    await env.bot.repos.users.save({ id: anja.aadObjectId, naam: anja.name, rollen: ['medewerker'] });
    const lookups = env.teams.memberLookups.length;
    const turn = await env.chat(anja).say('hallo');
    expect(turn.text).toContain('Wat wilt u doen?');
    expect(turn.cardChoices).toContain('Nieuw dossier');
    expect(env.teams.memberLookups.length).toBe(lookups);
  });

  it('matches a user registered by e-mail through the Teams roster, and links them to their object id', async () => {
    const bas = teamsUser('Bas Jansen', 'Bas.Jansen@regenboog.example.com');
    env.teams.addMember(bas);
    await env.bot.repos.users.save({ id: 'bas.jansen@regenboog.example.com', naam: 'Bas Jansen', email: 'bas.jansen@regenboog.example.com', rollen: ['directie'] });
    const chat = env.chat(bas);

    const first = await chat.say('help');
    expect(first.text).toContain('Wat wilt u doen?');
    expect(first.cardChoices).toContain('OSO – aanvraag overdracht');
    expect(env.teams.memberLookups).toContain(`${chat.conversationId}/${bas.id}`);

    const linked = await env.bot.repos.users.get(bas.aadObjectId);
    expect(linked).toMatchObject({ naam: 'Bas Jansen', rollen: ['directie'], email: 'bas.jansen@regenboog.example.com' });
    expect(await env.bot.repos.users.get('bas.jansen@regenboog.example.com')).toBeUndefined();

    const lookups = env.teams.memberLookups.length;
    await chat.say('help');
    expect(env.teams.memberLookups.length).toBe(lookups);
  });

  it('matches by userPrincipalName when Teams gives no e-mail address', async () => {
    const carla = teamsUser('Carla Mulder', 'c.mulder@regenboog.example.com');
    env.teams.addMember(carla, { email: undefined as unknown as string });
    await env.bot.repos.users.save({ id: 'carla', naam: 'Carla Mulder', email: 'c.mulder@regenboog.example.com', rollen: ['medewerker'] });
    const turn = await env.chat(carla).say('hallo');
    expect(turn.text).toContain('Wat wilt u doen?');
    expect((await env.bot.repos.users.get(carla.aadObjectId))?.naam).toBe('Carla Mulder');
  });

  it('tells an unregistered Teams user whom to ask, and shows no menu', async () => {
    const onbekend = teamsUser('Onbekende Ouder', 'ouder@elders.example.com');
    env.teams.addMember(onbekend);
    const turn = await env.chat(onbekend).say('nieuw dossier');
    expect(turn.text).toContain('niet geregistreerd');
    expect(turn.text).toContain(onbekend.aadObjectId);
    expect(turn.buttons).toEqual([]);
    expect(await env.bot.repos.users.get(onbekend.aadObjectId)).toBeUndefined();
  });

  it('treats a failing roster lookup as not registered (no error message)', async () => {
    const ghost = teamsUser('Niet In Rooster', 'ghost@regenboog.example.com');
    const turn = await env.chat(ghost).say('hallo');
    expect(turn.text).toContain('niet geregistreerd');
    expect(turn.text).not.toContain('ging iets mis');
  });
});

describe('Teams install and mentions', () => {
  it('welcomes a registered user when the app is installed in personal scope', async () => {
    const dirk = teamsUser('Dirk Bos', 'dirk@regenboog.example.com');
    await env.bot.repos.users.save({ id: dirk.aadObjectId, naam: dirk.name, rollen: ['medewerker'] });
    const turn = await env.chat(dirk).install();
    expect(turn.text).toContain('Welkom bij de OSO-overstapbot van OBS De Regenboog');
    expect(turn.cardChoices).toContain('Nieuw dossier');
  });

  it('tells an unregistered user on install whom to ask', async () => {
    const eva = teamsUser('Eva Smit', 'eva@elders.example.com');
    env.teams.addMember(eva);
    const turn = await env.chat(eva).install();
    expect(turn.text).toContain('niet geregistreerd');
    expect(turn.text).not.toContain('Welkom');
  });

  it('introduces itself once when added to a team, without a menu or pupil data', async () => {
    const fleur = teamsUser('Fleur Visser', 'fleur@regenboog.example.com');
    const turn = await env.chat(fleur, 'channel').install();
    expect(turn.activities).toHaveLength(1);
    expect(turn.text).toContain('alleen in een persoonlijke chat');
    expect(turn.buttons).toEqual([]);
  });

  it.each(['groupChat', 'channel'] as const)('in a %s "@OSO-overstapbot help" gets the personal-chat line, not the menu', async (scope) => {
    const gijs = teamsUser('Gijs Kok', 'gijs@regenboog.example.com');
    await env.bot.repos.users.save({ id: gijs.aadObjectId, naam: gijs.name, rollen: ['medewerker'] });
    const turn = await env.chat(gijs, scope).say('help');
    expect(turn.text).toContain('alleen in een persoonlijke chat');
    expect(turn.text).not.toContain('Wat wilt u doen?');
  });
});
