/**
 * The product as its users meet it, against the real server process over HTTP: the beheerder
 * imports a roster with the admin CLI, a medewerker makes two dossiers (one with an
 * attachment) and gets bad answers corrected on the way, the directie requests both, and the
 * medewerker's own conversation receives a proactive notice for each. Every turn fails the
 * test if the server logs an error (a turn error still answers HTTP 200).
 *
 * The server runs in demo mode: the admin CLI can set only the school's BRIN and name, and OSO
 * needs the school's address and phone or e-mail before a dossier can be "gereed" — only the
 * demo school has them. The roster and the users are the beheerder's own, through the CLI.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allText,
  buttons,
  E2E,
  expectButtons,
  expectNoReply,
  expectQuestion,
  expectReply,
  runAdminCli,
  type TestConversation,
} from './harness';

// Valid test BSNs (elfproef) that the demo data does not use; the last row's fails the elfproef.
const ROOS = { bsn: '999980002', naam: 'Roos Hendriks' };
const TEUN = { bsn: '999980014', naam: 'Teun Kramer' };
const NIET_GEREED_BSN = '999980026';
const ROSTER = [
  'bsn;voornamen;roepnaam;voorvoegsel;achternaam;geboortedatum;geslacht;groep;straat;huisnummer;postcode;plaats;ouder1_voornaam;ouder1_achternaam;ouder1_relatie;ouder1_telefoon;schoolloopbaan;datum_inschrijving',
  `${ROOS.bsn};Roos Marije;Roos;;Hendriks;12-02-2014;V;8;Beukenlaan;4;1234 AB;Voorbeeldstad;Inge;Hendriks;moeder;0612345678;"2024-2025:7;2025-2026:8";19-08-2019`,
  `${TEUN.bsn};Teun;;;Kramer;2015-06-30;M;7;Eikenlaan;9;1234 AC;Voorbeeldstad;Bas;Kramer;vader;0687654321;"2024-2025:6;2025-2026:7";17-08-2020`,
  '123456789;Fout;;;Nummer;01-01-2015;M;7;;;;;;;;;;',
].join('\n');

const MEDEWERKER = { id: 'anja', name: 'Anja de Vries' };
const DIRECTEUR = { id: 'jan', name: 'Jan Bakker' };
const PDF = Buffer.from('%PDF-1.4\n% handelingsplan van Roos\n');

const masked = (bsn: string) => `*****${bsn.slice(-4)}`;

describe('end to end: roster import, two dossiers, overdracht, proactive notices', () => {
  let e2e: E2E;
  let anja: TestConversation;
  let jan: TestConversation;

  beforeAll(async () => {
    e2e = await E2E.start({ env: { DEMO_MODE: 'auto' } });
    anja = e2e.conversation(MEDEWERKER);
    jan = e2e.conversation(DIRECTEUR);
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('the beheerder imports the roster with the admin CLI while the bot runs: good rows in, the bad row reported', async () => {
    const file = path.join(e2e.bot.dataDir, 'leerlingen.csv');
    fs.writeFileSync(file, ROSTER);
    const imported = await runAdminCli(e2e.bot.storageUrl, ['import-leerlingen', file]);
    expect(imported.stdout).toContain('2 nieuw, 0 bijgewerkt, 0 ongewijzigd, 1 fout');
    expect(imported.stderr).toContain('rij 4: BSN *****6789 voldoet niet aan de elfproef');
    expect(imported.code).toBe(1); // a refused row is an error, after importing the good ones

    for (const [user, rol] of [
      [MEDEWERKER, 'medewerker'],
      [DIRECTEUR, 'directie'],
    ] as const) {
      const added = await runAdminCli(e2e.bot.storageUrl, ['gebruiker-toevoegen', user.id, user.name, rol]);
      expect(added.code, added.stderr).toBe(0);
    }
    const list = await runAdminCli(e2e.bot.storageUrl, ['leerlingen']);
    expect(list.stdout).toContain(`${masked(ROOS.bsn)}  Roos Hendriks`);
    expect(list.stdout).not.toContain(ROOS.bsn);
  });

  it('welcomes the medewerker with the menu of what a medewerker may do, and refuses the directie command', async () => {
    const welcome = await anja.join();
    expectReply(welcome, /^Welkom bij de OSO-overstapbot van /);
    expectButtons(welcome, ['Nieuw dossier', 'Status', 'Mijn dossiers', 'help']);
    expect(buttons(welcome)).not.toContain('OSO – aanvraag overdracht');

    expectReply(await anja.say('aanvraag overdracht'), /"OSO – aanvraag overdracht" is alleen voor de directie/);
    expectReply(await anja.say('koffie'), /"koffie" begrijp ik niet/);
  });

  it('the medewerker makes a dossier with an attachment; each bad answer is explained and the question repeated', async () => {
    expectQuestion(await anja.say('nieuw dossier'), /Welke leerling\?/);

    let turn = await anja.say('xyzzy');
    expectReply(turn, /Ik vind geen leerling met "xyzzy"/);
    expectQuestion(turn, /Welke leerling\?/);

    turn = await anja.say('roos');
    expectReply(turn, new RegExp(`Gevonden: Roos Hendriks \\(groep 8, \\*{5}${ROOS.bsn.slice(-4)}\\)`));
    expectQuestion(turn, /Welke soort overstap\?/);
    expect(buttons(turn)).toEqual(['POPO', 'POVO']); // the demo school is a basisschool

    expectQuestion(await anja.say('Po Po'), /Welke categorieën naar keuze/);
    expectQuestion(await anja.say('1, 3 en 5'), /Hoeveel schooljaren\?/);

    turn = await anja.say('4');
    expectReply(turn, /4 kan niet/);
    expectQuestion(turn, /Hoeveel schooljaren\?/);

    expectQuestion(await anja.say('drie'), /Wie is de contactpersoon\?/);
    expectQuestion(await anja.say('Anja de Vries, 06-12345678, anja@school.nl'), /Stuur eventuele bijlagen/);

    turn = await anja.say('', [{ name: 'handelingsplan.pdf', contentType: 'application/pdf', content: PDF }]);
    expectReply(turn, /Bewaard: handelingsplan\.pdf/);
    expectButtons(turn, ['klaar']);
    expectQuestion(await anja.say('klaar'), /Is de overstap voorlopig\?/);
    expectQuestion(await anja.say('ok'), /contact opneemt\?/);

    turn = await anja.say('nee');
    expectReply(turn, /LET OP: vul hier het BRIN-nummer van uw eigen school in/);
    expectQuestion(turn, /Welk BRIN-nummer\?/);
    turn = await anja.say('12A8');
    expectReply(turn, /"12A8" is geen geldig BRIN-nummer/);
    expectQuestion(turn, /Welk BRIN-nummer\?/);

    expectQuestion(await anja.say('ok'), /Hebben de ouders\/verzorgers het dossier ingezien\?/);
    expectQuestion(await anja.say('Ja!'), /Op welke datum hadden de ouders inzage\?/);
    turn = await anja.say('1-1-2099');
    expectReply(turn, /ligt in de toekomst/);
    expectQuestion(turn, /Op welke datum/);
    expectQuestion(await anja.say('vandaag'), /Welke medewerker heeft de inzage gedaan\?/);
    expectQuestion(await anja.say('ok'), /Gaan de ouders akkoord/);

    turn = await anja.say('ja');
    expectReply(turn, /Bijlagen: handelingsplan\.pdf/);
    expectQuestion(turn, /Dossier gereedmaken\?/);

    turn = await anja.say('ja');
    expectReply(turn, /Het dossier van Roos Hendriks staat nu klaar met status "gereed"/);
    expect(allText(anja.received())).not.toContain(ROOS.bsn); // masked everywhere
  });

  it('a second dossier without attachments: "help" explains, "terug" goes back, "annuleren" is not needed', async () => {
    expectQuestion(await anja.say(`nieuw dossier ${TEUN.bsn}`), /Welke soort overstap\?/);
    expectQuestion(await anja.say('popo'), /Welke categorieën/);

    let turn = await anja.say('help');
    expectReply(turn, /De verplichte categorieën gaan altijd mee/);
    turn = await anja.say('terug');
    expectQuestion(turn, /Welke soort overstap\?/);
    expectQuestion(await anja.say('ok'), /Welke categorieën/);

    for (const [answer, next] of [
      ['alle', /Hoeveel schooljaren/],
      ['ok', /Wie is de contactpersoon/],
      ['Anja de Vries, 06-12345678', /Stuur eventuele bijlagen/],
      ['geen', /voorlopig/],
      ['nee', /contact opneemt/],
      ['nee', /Welk BRIN-nummer/],
      ['ok', /ingezien\?/],
      ['ja', /Op welke datum/],
      ['gisteren', /Welke medewerker/],
      ['ok', /Gaan de ouders akkoord/],
      ['ja', /Dossier gereedmaken\?/],
    ] as const) {
      expectQuestion(await anja.say(answer), next);
    }
    expectReply(await anja.say('ja'), /Het dossier van Teun Kramer staat nu klaar met status "gereed"/);
  });

  it('the directie requests both dossiers; the medewerker\'s own conversation receives a notice for each', async () => {
    const welcome = await jan.join();
    expectButtons(welcome, ['OSO – aanvraag overdracht']);

    for (const pupil of [ROOS, TEUN]) {
      expectQuestion(await jan.say('OSO – aanvraag overdracht'), /Wat is het BSN van de leerling\?/);
      if (pupil === ROOS) {
        const bad = await jan.say('12345678');
        expectReply(bad, /Een BSN heeft 9 cijfers/);
        expectQuestion(bad, /Wat is het BSN van de leerling\?/);
      }
      expectQuestion(await jan.say(pupil.bsn), /BRIN-nummer van uw eigen school\?/);
      const confirm = await jan.say('ok');
      expectButtons(confirm, ['Aanvragen overdracht']);

      const before = anja.received().length;
      const done = await jan.say('Aanvragen overdracht');
      expectReply(done, new RegExp(`Gelukt: het dossier van ${pupil.naam} staat nu in LDOS`));
      expectReply(done, /Anja de Vries, die het dossier gereed heeft gemaakt, heeft hiervan een bericht gekregen/);

      // Proactive: a new message (no replyToId) in Anja's conversation, not in Jan's.
      const notice = await e2e.channel.waitFor(anja.conversationId, (a) => /is verstrekt aan LDOS/.test(a.text ?? ''), { after: before });
      expect(notice.text).toContain(`Het dossier van ${pupil.naam}`);
      expect(notice.text).toContain('Jan Bakker heeft het opgehaald');
      expect(notice.replyToId).toBeUndefined();
      expect(notice.text).not.toContain(pupil.bsn);
      expectNoReply(done, /is verstrekt aan LDOS \(BRIN/);

      expectReply(await jan.say('later'), /.+/); // class placement: not now
    }
  });

  it('the directie gets the plain-Dutch outcome for a dossier already delivered and for one that is not ready', async () => {
    await jan.say('OSO – aanvraag overdracht');
    await jan.say(ROOS.bsn);
    await jan.say('ok');
    const again = await jan.say('Aanvragen overdracht');
    expectReply(again, /Het dossier van Roos Hendriks is al eerder verstrekt: .* door Jan Bakker.*Er is niets opnieuw ingelezen\. \(OSO: dossier al verstrekt\)/);

    await jan.say('OSO – aanvraag overdracht');
    await jan.say(NIET_GEREED_BSN);
    await jan.say('ok');
    const none = await jan.say('Aanvragen overdracht');
    expectReply(none, /geen dossier klaar voor BRIN .*\(OSO: LeerlinginfoNietBeschikbaar\)/);
  });

  it('after a restart of the process the medewerker sees both dossiers as verstrekt', async () => {
    await e2e.restart();
    const list = await anja.say('mijn dossiers');
    const text = allText(list);
    expect(text).toMatch(/Roos Hendriks[^\n]*verstrekt/);
    expect(text).toMatch(/Teun Kramer[^\n]*verstrekt/);
  });
});
