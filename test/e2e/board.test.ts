/**
 * Issue 22 through the real server process: one bot for a board of two schools. IT sets the
 * board up with the admin CLI while the bot runs (two schools, one board roster with a BRIN
 * column, users per school); a medewerker of De Vlinder makes a dossier with De Vlinder's own
 * BRIN and its directie requests it; a person of both schools is asked which school and sees
 * only that school's pupils; De Regenboog's staff never see De Vlinder's pupil, and the OSO
 * refusal reads the same at both schools. A restart keeps every school's data where it was.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allText, buttons, E2E, expectQuestion, expectReply, runAdminCli, type TestConversation } from './harness';

const ROOS = { bsn: '999980002', naam: 'Roos Hendriks' };
const TEUN = { bsn: '999980014', naam: 'Teun Kramer' };
const ONBEKEND_BSN = '999980026';
const ROSTER = [
  'brin;bsn;voornamen;roepnaam;voorvoegsel;achternaam;geboortedatum;geslacht;groep;straat;huisnummer;postcode;plaats;ouder1_voornaam;ouder1_achternaam;ouder1_relatie;ouder1_telefoon;schoolloopbaan;datum_inschrijving',
  `12AB;${ROOS.bsn};Roos Marije;Roos;;Hendriks;12-02-2014;V;8;Beukenlaan;4;1234 AB;Voorbeeldstad;Inge;Hendriks;moeder;0612345678;"2024-2025:7;2025-2026:8";19-08-2018`,
  `34CD;${TEUN.bsn};Teun;;;Kramer;2015-06-30;M;7;Eikenlaan;9;1234 AC;Voorbeeldstad;Bas;Kramer;vader;0687654321;"2024-2025:6;2025-2026:7";17-08-2019`,
].join('\n');

const ANJA = { id: 'anja', name: 'Anja de Vries' };
const VERA = { id: 'vera', name: 'Vera Vos' };
const PIET = { id: 'piet', name: 'Piet Pols' };
const REGENBOOG = 'OBS De Regenboog (12AB)';
const VLINDER = 'De Vlinder (34CD)';

describe('end to end: one bot for a board of two schools', () => {
  let e2e: E2E;
  let anja: TestConversation;
  let vera: TestConversation;
  let piet: TestConversation;

  beforeAll(async () => {
    e2e = await E2E.start();
    anja = e2e.conversation(ANJA);
    vera = e2e.conversation(VERA);
    piet = e2e.conversation(PIET);
  });
  afterAll(async () => {
    await e2e?.close();
  });

  const admin = async (...args: string[]) => {
    const r = await runAdminCli(e2e.bot.storageUrl, args);
    expect(r.code, `${args.join(' ')}\n${r.stdout}\n${r.stderr}`).toBe(0);
    return r.stdout;
  };

  it('IT sets up the board with the admin CLI while the bot runs', async () => {
    await admin('school', '12AB', 'OBS De Regenboog', '--adres', 'Schoolstraat 1, 1234 AB Voorbeeldstad', '--telefoon', '0301234567');
    await admin('school-toevoegen', '34CD', 'De Vlinder');
    await admin('--school', '34CD', 'school', '--adres', 'Vlinderlaan 8, 1234 AD Voorbeeldstad', '--telefoon', '0307654321');
    const file = path.join(e2e.bot.dataDir, 'bestuur.csv');
    fs.writeFileSync(file, ROSTER);
    const imported = await admin('import-leerlingen', file);
    expect(imported).toContain('OBS De Regenboog (12AB): Leerlingen geïmporteerd uit bestuur.csv: 1 nieuw');
    expect(imported).toContain('De Vlinder (34CD): Leerlingen geïmporteerd uit bestuur.csv: 1 nieuw');
    await admin('--school', '12AB', 'gebruiker-toevoegen', ANJA.id, ANJA.name, 'directie');
    await admin('--school', '34CD', 'gebruiker-toevoegen', VERA.id, VERA.name, 'medewerker,directie');
    await admin('--school', '12AB', 'gebruiker-toevoegen', PIET.id, PIET.name, 'medewerker');
    await admin('--school', '34CD', 'gebruiker-toevoegen', PIET.id, PIET.name, 'directie');
    expect(await admin('scholen')).toContain('2 scholen.');
  });

  it('a medewerker of De Vlinder makes a dossier with De Vlinder\'s own BRIN, and its directie requests it', async () => {
    const welcome = await vera.join();
    expectReply(welcome, /^Welkom bij de OSO-overstapbot van De Vlinder/);
    expectQuestion(await vera.say('nieuw dossier'), /Welke leerling\?/);
    expectReply(await vera.say('roos'), /Ik vind geen leerling met "roos"/);
    expectQuestion(await vera.say('teun'), /Welke soort overstap\?/);
    for (const [answer, next] of [
      ['ok', /Welke categorieën/],
      ['geen', /Hoeveel schooljaren/],
      ['ok', /Wie is de contactpersoon/],
      ['Vera Vos, 06-12345678', /Stuur eventuele bijlagen/],
      ['geen', /voorlopig/],
      ['nee', /contact opneemt/],
      ['nee', /Welk BRIN-nummer/],
    ] as const) {
      expectQuestion(await vera.say(answer), next);
    }
    expect(buttons(vera.received().slice(-1))).toContain('34CD');
    for (const [answer, next] of [
      ['ok', /ingezien\?/],
      ['ja', /Op welke datum/],
      ['gisteren', /Welke medewerker/],
      ['ok', /Gaan de ouders akkoord/],
      ['ja', /Dossier gereedmaken\?/],
    ] as const) {
      expectQuestion(await vera.say(answer), next);
    }
    expectReply(await vera.say('ja'), /Het dossier van Teun Kramer staat nu klaar met status "gereed"/);

    expectQuestion(await vera.say('OSO – aanvraag overdracht'), /Wat is het BSN van de leerling\?/);
    expectQuestion(await vera.say(TEUN.bsn), /BRIN-nummer van uw eigen school\?/);
    await vera.say('ok');
    expectReply(await vera.say('Aanvragen overdracht'), /Gelukt: het dossier van Teun Kramer staat nu in LDOS/);
    await vera.say('later');
  });

  it('De Regenboog\'s directie finds nothing of De Vlinder, and gets the same OSO refusal as for an unknown pupil', async () => {
    await anja.join();
    expectReply(await anja.say('status teun'), /Ik vind geen leerling met "teun"/);
    await anja.say('annuleren');
    const refusals: string[] = [];
    for (const bsn of [TEUN.bsn, ONBEKEND_BSN]) {
      await anja.say('OSO – aanvraag overdracht');
      await anja.say(bsn);
      await anja.say('ok');
      refusals.push(expectReply(await anja.say('Aanvragen overdracht'), /LeerlinginfoNietBeschikbaar/).text!.replace(/\*{5}\d{4}/, '*****'));
    }
    expect(refusals[0]).toBe(refusals[1]);
    // De Vlinder's refusal for an unknown pupil reads the same but for its own BRIN.
    await vera.say('OSO – aanvraag overdracht');
    await vera.say(ONBEKEND_BSN);
    await vera.say('ok');
    const atVlinder = expectReply(await vera.say('Aanvragen overdracht'), /LeerlinginfoNietBeschikbaar/).text!.replace(/\*{5}\d{4}/, '*****');
    expect(atVlinder.replace('34CD', '12AB')).toBe(refusals[1]);
    expect(allText(anja.received())).not.toContain('Teun Kramer');
  });

  it('a person of both schools is asked which school, and acts with the role and the pupils of the one chosen', async () => {
    const asked = await piet.join();
    expectReply(asked, /^Welkom bij de OSO-overstapbot\. U werkt voor meer dan één school\. Voor welke school werkt u in dit gesprek\?/);
    expect(buttons(asked)).toEqual([REGENBOOG, VLINDER]);
    const chosen = await piet.say(VLINDER);
    expectReply(chosen, /U werkt nu voor De Vlinder \(34CD\)/);
    expect(buttons(chosen)).toContain('OSO – aanvraag overdracht');
    expectReply(await piet.say('status teun'), /Teun Kramer[\s\S]*status "verstrekt"/);
    await piet.say('andere school');
    const regenboog = await piet.say(REGENBOOG);
    expect(buttons(regenboog)).not.toContain('OSO – aanvraag overdracht');
    expectReply(await piet.say('status teun'), /Ik vind geen leerling met "teun"/);
    await piet.say('annuleren');
  });

  it('after a restart each school\'s data is where it was', async () => {
    await e2e.restart();
    expectReply(await vera.say('mijn dossiers'), /Teun Kramer[^\n]*verstrekt/);
    expectReply(await piet.say('status roos'), /Voor Roos Hendriks is nog geen dossier/);
  });
});
