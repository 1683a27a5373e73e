/**
 * Teams as schools use it: a group chat or team channel shares everything with all of its
 * members, so the bot converses only in a personal chat (PRODUCT.md §2). These are the
 * replays that worked before: a medewerker finishing the director's "aanvraag overdracht" in
 * a group chat, taking over a beheerder's "beheer" dialog, and the "verstrekt" notice posted
 * into the channel where the maker last @mentioned the bot.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gereedDossier, NOOR, pupils, TIM, ZOE } from '../overdracht/fixtures';
import { startTeamsEnvironment, teamsUser, TENANT_ID, type TeamsEnvironment } from './teamsHarness';

const OTHER_TENANT = '11111111-2222-4333-8444-555555555555';
const PERSONAL_ONLY = 'alleen in een persoonlijke chat';

let env: TeamsEnvironment;
const mieke = teamsUser('Mieke de Vries', 'mieke@regenboog.example.com');
const jan = teamsUser('Jan Bakker', 'jan@regenboog.example.com');
const bea = teamsUser('Bea Beheer', 'bea@regenboog.example.com');

beforeAll(async () => {
  env = await startTeamsEnvironment({ env: { TEAMS_TENANT_IDS: '72F988BF-86F1-41AF-91AB-2D7CD011DB47' } });
  await env.bot.repos.school.save({ brin: '12AB', naam: 'OBS De Regenboog', soort: 'BAO' });
  await env.bot.repos.users.save({ id: mieke.aadObjectId, naam: mieke.name, rollen: ['medewerker'] });
  await env.bot.repos.users.save({ id: jan.aadObjectId, naam: jan.name, rollen: ['directie'] });
  await env.bot.repos.users.save({ id: bea.aadObjectId, naam: bea.name, rollen: ['beheerder'] });
  await env.bot.repos.pupils.upsert(pupils[ZOE]!);
  const dossier = gereedDossier(ZOE, { aangemaaktDoor: { userId: mieke.aadObjectId, naam: mieke.name } });
  await env.bot.repos.dossiers.save(dossier);
});
afterAll(async () => env?.stop());

describe('pupil data only in a personal chat', () => {
  it.each(['groupChat', 'channel'] as const)('in a %s the bot answers one line with a link to the personal chat, and starts nothing', async (scope) => {
    const turn = await env.chat(jan, scope).say('aanvraag overdracht');
    expect(turn.activities).toHaveLength(1);
    expect(turn.text).toContain(PERSONAL_ONLY);
    expect(turn.text).toContain('https://teams.microsoft.com/l/chat/0/0?users=28%3A');
    expect(turn.text).not.toContain('BSN');
    expect(turn.buttons).toEqual([]);
  });

  it('a medewerker cannot finish the director\'s "aanvraag overdracht" in a group chat', async () => {
    const groep = env.chat(jan, 'groupChat');
    await groep.say('aanvraag overdracht');
    const zelfdeGroep = env.chat(mieke, 'groupChat');
    (zelfdeGroep as { conversationId: string }).conversationId = groep.conversationId;
    for (const answer of [ZOE, 'ok', 'Aanvragen overdracht']) {
      const turn = await zelfdeGroep.say(answer);
      expect(turn.text).toContain(PERSONAL_ONLY);
    }
    expect((await env.bot.repos.dossiers.get(ZOE))?.status).toBe('gereed');
    expect(await env.bot.repos.ldos.get(ZOE)).toBeUndefined();
  });

  it('a medewerker cannot continue a beheerder\'s "beheer" dialog in a channel and give himself roles', async () => {
    const kanaal = env.chat(bea, 'channel');
    expect((await kanaal.say('beheer gebruiker toevoegen')).text).toContain(PERSONAL_ONLY);
    const zelfdeKanaal = env.chat(mieke, 'channel');
    (zelfdeKanaal as { conversationId: string }).conversationId = kanaal.conversationId;
    for (const answer of [mieke.aadObjectId, 'ok', 'alle']) await zelfdeKanaal.say(answer);
    expect((await env.bot.repos.users.get(mieke.aadObjectId))?.rollen).toEqual(['medewerker']);
  });

  it('"status" and "mijn dossiers" in a group chat show no pupil data', async () => {
    const groep = env.chat(mieke, 'groupChat');
    for (const command of ['status zoë', 'mijn dossiers']) {
      const turn = await groep.say(command);
      expect(JSON.stringify(turn.activities)).not.toMatch(/Zoë|Jansen|gereed/);
      expect(turn.text).toContain(PERSONAL_ONLY);
    }
  });

  it('added to a team, it says once that it works in a personal chat', async () => {
    const turn = await env.chat(bea, 'channel').install();
    expect(turn.activities).toHaveLength(1);
    expect(turn.text).toContain(PERSONAL_ONLY);
  });

  it('the "verstrekt" notice goes to the maker\'s personal chat, never to the channel she mentioned the bot in', async () => {
    const persoonlijk = env.chat(mieke);
    await persoonlijk.say('hallo');
    const kanaal = env.chat(mieke, 'channel');
    await kanaal.say('mijn dossiers');

    const directie = env.chat(jan);
    await directie.say('aanvraag overdracht');
    await directie.say(ZOE);
    await directie.say('ok');
    const before = env.teams.posted.length;
    const resultaat = await directie.say('Aanvragen overdracht');
    expect(JSON.stringify(resultaat.cards)).toContain('Gelukt');

    const after = env.teams.posted.slice(before);
    expect(after.filter((a) => a.conversationId === kanaal.conversationId)).toEqual([]);
    expect(after.find((a) => a.conversationId === persoonlijk.conversationId)?.text).toMatch(/verstrekt/);
  });
});

describe('the director hears whether the maker was told', () => {
  it('opens the personal chat of a maker who never opened it, sends the notice there, and says so', async () => {
    const sanne = teamsUser('Sanne Smit', 'sanne@regenboog.example.com');
    await env.bot.repos.users.save({ id: sanne.aadObjectId, naam: sanne.name, rollen: ['medewerker'] });
    await env.bot.repos.pupils.upsert(pupils[TIM]!);
    await env.bot.repos.dossiers.save(gereedDossier(TIM, { aangemaaktDoor: { userId: sanne.aadObjectId, naam: sanne.name } }));

    const directie = env.chat(jan);
    await directie.say('aanvraag overdracht');
    await directie.say(TIM);
    await directie.say('ok');
    const resultaat = await directie.say('Aanvragen overdracht');
    expect(JSON.stringify(resultaat.cards)).toContain('Sanne Smit, die het dossier gereed heeft gemaakt, heeft hiervan een bericht gekregen');

    const created = env.teams.created.find((c) => c.parameters.members?.[0]?.id === sanne.aadObjectId);
    expect(created?.parameters).toMatchObject({ isGroup: false, tenantId: TENANT_ID.toLowerCase(), channelData: { tenant: { id: TENANT_ID.toLowerCase() } } });
    const notice = env.teams.posted.find((a) => a.conversationId === created!.id);
    expect(notice?.text).toMatch(/Tim de Boer.*verstrekt/);
  });

  it('says it could not reach a maker it has no way to reach, instead of claiming they were told', async () => {
    await env.bot.repos.users.save({ id: 'oud-account', naam: 'Oud Account', rollen: ['medewerker'] });
    await env.bot.repos.pupils.upsert(pupils[NOOR]!);
    await env.bot.repos.dossiers.save(gereedDossier(NOOR, { aangemaaktDoor: { userId: 'oud-account', naam: 'Oud Account' } }));
    const directie = env.chat(jan);
    await directie.say('aanvraag overdracht');
    await directie.say(NOOR);
    await directie.say('ok');
    const resultaat = JSON.stringify((await directie.say('Aanvragen overdracht')).cards);
    expect(resultaat).toContain('Oud Account, die het dossier gereed heeft gemaakt, kon ik geen bericht sturen');
    expect(resultaat).not.toContain('heeft hiervan een bericht gekregen');
  });
});

describe('one person per conversation', () => {
  it('another user in the same conversation does not get into the dialog', async () => {
    const chat = env.chat(jan);
    expect((await chat.say('aanvraag overdracht')).text).toContain('BSN');
    const indringer = await chat.send({ type: 'message', text: ZOE, from: { id: mieke.id, name: mieke.name, aadObjectId: mieke.aadObjectId } });
    expect(indringer.text).toContain('van een andere gebruiker');
    expect(indringer.text).not.toContain('BRIN');
    expect((await chat.say('annuleren')).text).toContain('Geannuleerd');
  });
});

describe('identity', () => {
  it('refuses activities from another Teams tenant, without showing anything', async () => {
    const buitenstaander = teamsUser('Mieke de Vries', 'mieke@regenboog.example.com');
    const chat = env.chat({ ...buitenstaander, aadObjectId: mieke.aadObjectId });
    chat.tenantId = OTHER_TENANT;
    const turn = await chat.say('mijn dossiers');
    expect(turn.text).toContain('alleen beschikbaar voor de school');
    expect(turn.text).not.toMatch(/Zoë|Wat wilt u doen/);
  });

  it('uses aadObjectId only on Teams: elsewhere a filled-in aadObjectId does not make you someone else', async () => {
    const chat = env.chat(jan);
    const turn = await chat.send({ type: 'message', text: 'help', channelId: 'emulator', from: { id: 'iemand', name: 'Iemand', aadObjectId: jan.aadObjectId } });
    expect(turn.text).toContain('niet geregistreerd');
    expect(turn.text).not.toContain('aanvraag overdracht');
  });

  it('a linked registration is not taken over by another account showing the same e-mail address', async () => {
    const echte = teamsUser('Els Smit', 'els@regenboog.example.com');
    env.teams.addMember(echte);
    await env.bot.repos.users.save({ id: 'els@regenboog.example.com', naam: 'Els Smit', email: 'els@regenboog.example.com', rollen: ['directie'] });
    expect((await env.chat(echte).say('help')).text).toContain('Wat wilt u doen?');
    expect((await env.bot.repos.users.get(echte.aadObjectId))?.rollen).toEqual(['directie']);

    const ander = teamsUser('Els Smit', 'els@regenboog.example.com');
    env.teams.addMember(ander);
    expect((await env.chat(ander).say('help')).text).toContain('niet geregistreerd');
    expect(await env.bot.repos.users.get(ander.aadObjectId)).toBeUndefined();
    expect((await env.bot.repos.users.get(echte.aadObjectId))?.rollen).toEqual(['directie']);
  });
});

describe('small things users notice', () => {
  it('an edited message gets a short explanation instead of silence', async () => {
    const chat = env.chat(mieke);
    const turn = await chat.send({ type: 'messageUpdate', text: 'nieuw dossier', channelData: { tenant: { id: chat.tenantId }, eventType: 'editMessage' } });
    expect(turn.text).toContain('bewerkt bericht');
  });
});
