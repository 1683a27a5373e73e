/**
 * FIRST_BEHEERDER in Teams, through the real server: the setting names the first beheerder by
 * the e-mail address Teams reports (roster lookup); that person becomes beheerder on first
 * contact and sets up the school in the chat, the roster sent as a Teams file. A colleague
 * who talks to the bot first gets nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTeamsEnvironment, teamsUser, type TeamsEnvironment } from './teamsHarness';

const bea = teamsUser('Bea Bakker', 'Bea.Bakker@regenboog.example.com');
const kees = teamsUser('Kees Mulder', 'kees@regenboog.example.com');
let env: TeamsEnvironment;

beforeAll(async () => {
  env = await startTeamsEnvironment({ env: { FIRST_BEHEERDER: 'bea.bakker@regenboog.example.com' } });
  env.teams.addMember(bea);
  env.teams.addMember(kees);
});
afterAll(async () => env?.stop());

describe('FIRST_BEHEERDER in Teams', () => {
  it('gives the named person beheerder at the app install, nobody else, and takes them through school and roster', async () => {
    const refused = await env.chat(kees).say('beheer');
    expect(refused.text).toContain('U bent nog niet geregistreerd');
    expect(await env.bot.repos.users.list()).toEqual([]);

    const chat = env.chat(bea);
    const installed = await chat.install();
    expect(installed.text).toContain('Welkom, Bea Bakker. U bent de eerste beheerder');
    expect(installed.text).toContain('Wat is de naam van de school?');
    expect(await env.bot.repos.users.get(bea.aadObjectId)).toMatchObject({ naam: 'Bea Bakker', rollen: ['beheerder'] });

    await chat.say('OBS De Regenboog');
    await chat.say('12AB');
    await chat.say('Schoolstraat 1, 3511 AA Utrecht');
    await chat.say('030-1234567');
    await chat.say('geen');
    await chat.say('geen');
    expect((await chat.say('BAO')).text).toContain('Stuur de leerlingenlijst');

    const csv = 'bsn;voornamen;achternaam;geboortedatum;groep\r\n999990123;Anna;Linden;14-03-2014;8\r\n';
    const imported = await chat.sendFiles([{ name: 'leerlingen.csv', data: Buffer.from(csv) }]);
    expect(imported.text).toContain('Leerlingen geïmporteerd uit leerlingen.csv: 1 nieuw, 0 bijgewerkt, 0 ongewijzigd, 0 fouten.');
    expect((await env.bot.repos.pupils.list()).map((p) => p.naam)).toEqual(['Anna Linden']);
    expect(await env.bot.repos.school.get()).toMatchObject({ brin: '12AB', naam: 'OBS De Regenboog' });

    expect((await env.chat(kees).say('hallo')).text).toContain('U bent nog niet geregistreerd');
    expect((await env.bot.repos.users.list()).map((u) => u.naam)).toEqual(['Bea Bakker']);

    // Bea gives herself a second role by her own e-mail address: the same user, not a twin.
    await chat.say('gebruiker toevoegen');
    expect((await chat.say('Bea.Bakker@regenboog.example.com')).text).toContain('Bea Bakker is al gebruiker (rollen: beheerder)');
    await chat.say('ok');
    expect((await chat.say('medewerker, beheerder')).text).toContain(`Bea Bakker (${bea.aadObjectId}) is bijgewerkt met de rollen: medewerker, beheerder.`);
    expect(await env.bot.repos.users.list()).toEqual([expect.objectContaining({ id: bea.aadObjectId, rollen: ['medewerker', 'beheerder'] })]);
  });
});
