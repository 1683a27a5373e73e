import { describe, expect, it } from 'vitest';
import { Chat, createBot } from './chat';
import { createSchool, gereedDossier, users, ZOE } from './fixtures';
import { OverdrachtService } from '../../src/app/overdrachtService';

describe('beheer (beheerder)', () => {
  it('adds a user with roles who can then use the bot, lists users, and removes a user', async () => {
    const { repos, services } = await createSchool();
    const bot = createBot(services);
    const bea = new Chat(bot, users.bea);
    const nieuw = new Chat(bot, { id: 'kees-1', naam: 'Kees' });

    // Unknown: the bot names the id to pass on, and nothing else.
    expect(await nieuw.sayText('aanvraag overdracht')).toContain('gebruikers-id: kees-1');

    expect((await bea.say('beheer')).at(-1)?.buttons).toContain('gebruiker toevoegen');
    expect(await bea.sayText('gebruiker toevoegen')).toContain('Wat is het gebruikers-id van de gebruiker?');
    expect(await bea.sayText('kees-1')).toContain('Wat is de naam van de gebruiker?');
    expect(await bea.sayText('Kees Mulder')).toContain('Welke rol(len) krijgt de gebruiker?');
    const saved = await bea.say('directie en medewerker');
    expect(saved[0]?.text).toBe('Kees Mulder (kees-1) is toegevoegd met de rollen: medewerker, directie.');
    expect(saved.at(-1)?.text).toContain('Wat wilt u doen?');
    expect(await repos.users.get('kees-1')).toMatchObject({ naam: 'Kees Mulder', rollen: ['medewerker', 'directie'] });
    expect(await nieuw.sayText('aanvraag overdracht')).toContain('Wat is het BSN van de leerling?');

    const lijst = await bea.sayText('gebruikers tonen');
    expect(lijst).toContain('- Kees Mulder (kees-1): medewerker, directie');
    expect(lijst).toContain('- Mieke de Vries (mieke): medewerker');

    expect(await bea.sayText('gebruiker verwijderen')).toContain('Welke gebruiker wilt u verwijderen?');
    expect(await bea.sayText('Kees Mulder (kees-1)')).toContain('Weet u zeker dat u Kees Mulder (kees-1) wilt verwijderen?');
    expect(await bea.sayText('ja')).toContain('Kees Mulder is verwijderd');
    expect(await repos.users.get('kees-1')).toBeUndefined();
    expect(await bea.sayText('klaar')).toBe('Klaar met beheer.');
  });

  it('changes the roles of an existing user, and never removes the last beheerder', async () => {
    const { repos, services } = await createSchool();
    const bea = new Chat(createBot(services), users.bea);
    await bea.say('beheer gebruiker toevoegen');
    expect(await bea.sayText('mieke')).toContain('Mieke de Vries is al gebruiker (rollen: medewerker)');
    await bea.say('ok');
    expect(await bea.sayText('alle')).toContain('Mieke de Vries (mieke) is bijgewerkt met de rollen: medewerker, directie, beheerder.');
    expect((await repos.users.get('mieke'))?.rollen).toEqual(['medewerker', 'directie', 'beheerder']);

    // Now Mieke and Bea are beheerder; take it away from Mieke, then Bea cannot lose it.
    await bea.say('gebruiker toevoegen');
    await bea.say('mieke');
    await bea.say('ok');
    await bea.say('medewerker');
    await bea.say('gebruiker verwijderen');
    await bea.say('Bea Beheer (bea)');
    expect(await bea.sayText('ja')).toContain('Dat kan niet: dan is er geen beheerder meer.');
    expect(await repos.users.get('bea')).toBeDefined();
  });

  it('adds and removes LDOS classes; pupils in a removed class stay in LDOS without a class', async () => {
    const { repos, services } = await createSchool();
    await repos.dossiers.save(gereedDossier(ZOE));
    await new OverdrachtService(services).requestTransfer({ leerlingnummer: ZOE, brin: '12AB', by: { userId: 'jan', naam: 'Jan Bakker' } });
    await repos.ldos.placeInClass(ZOE, 'groep 6');
    const bea = new Chat(createBot(services), users.bea);

    await bea.say('beheer');
    expect(await bea.sayText('klassen tonen')).toContain('Klassen in LDOS: groep 6, groep 7.');
    await bea.say('klas toevoegen');
    expect(await bea.sayText('groep 8')).toContain('Klas groep 8 is toegevoegd.');
    await bea.say('klas toevoegen');
    expect(await bea.sayText('Groep 8')).toContain('Klas Groep 8 bestaat al.');
    expect(await repos.ldos.classes()).toEqual(['groep 6', 'groep 7', 'groep 8']);

    expect((await bea.say('klas verwijderen')).at(-1)?.buttons).toEqual(['groep 6', 'groep 7', 'groep 8']);
    expect(await bea.sayText('groep 6')).toContain('Klas groep 6 is verwijderd. Eén leerling stond in die klas en staat nu zonder klas in LDOS.');
    expect(await repos.ldos.classes()).toEqual(['groep 7', 'groep 8']);
    expect((await repos.ldos.get(ZOE))?.klas).toBeUndefined();
  });

  it('shows and changes the school settings; the new BRIN is what "aanvraag overdracht" proposes', async () => {
    const { repos, services } = await createSchool();
    const bot = createBot(services);
    const bea = new Chat(bot, users.bea);
    await bea.say('beheer');
    const getoond = await bea.sayText('school tonen');
    expect(getoond).toContain('School: De Regenboog\n\nBRIN-nummer: 12AB\n\nSoort school: BAO (basisonderwijs)\n\nAdres: (niet ingevuld)');
    expect(getoond).toContain(
      'Voor OSO ontbreekt nog: het adres; een telefoonnummer of e-mailadres. Zonder kan geen dossier gereed worden gemaakt; kies "school wijzigen" om het aan te vullen.',
    );
    expect(await bea.sayText('school wijzigen')).toContain('Typ "ok" voor: De Regenboog');
    expect(await bea.sayText('Basisschool De Regenboog')).toContain('Wat is het BRIN-nummer van de school?');
    expect(await bea.sayText('12A8')).toContain('Bedoelt u 12AB?');
    expect(await bea.sayText('56ef01')).toContain('Wat is het adres van de school?');
    // Forgiving about the format; a line without a postcode is refused with an example.
    expect(await bea.sayText('Schoolstraat 1 Utrecht')).toContain('vind ik geen postcode (4 cijfers en 2 letters). Typ straat en huisnummer, postcode en plaats, bijvoorbeeld: Schoolstraat 1, 1234 AB Utrecht.');
    const telefoon = await bea.say('schoolstraat 1a 1234ab Utrecht');
    expect(telefoon.at(-1)?.text).toContain('Wat is het telefoonnummer van de school?');
    expect(telefoon.at(-1)?.buttons).toEqual(['geen']);
    expect(await bea.sayText('12345')).toContain('"12345" is geen geldig telefoonnummer.');
    expect(await bea.sayText('030-1234567')).toContain('Wat is het e-mailadres van de school?');
    expect(await bea.sayText('info@regenboog')).toContain('"info@regenboog" is geen geldig e-mailadres. Bijvoorbeeld: info@regenboog.nl.');
    expect(await bea.sayText('geen')).toContain('Wat is de naam van de directeur?');
    expect(await bea.sayText('J. Jansen')).toContain('Wat voor school is het?');
    const saved = await bea.sayText('ok');
    expect(saved).toContain('Opgeslagen: Basisschool De Regenboog, BRIN-nummer 56EF01.\n\nOSO heeft alles wat het van de school nodig heeft.');
    expect(await repos.school.get()).toEqual({
      naam: 'Basisschool De Regenboog',
      brin: '56EF01',
      soort: 'BAO',
      adres: { straat: 'schoolstraat', huisnummer: '1', toevoeging: 'A', postcode: '1234AB', plaats: 'Utrecht' },
      telefoon: '030-1234567',
      directeur: 'J. Jansen',
    });
    expect(await bea.sayText('school tonen')).toContain(
      'Adres: schoolstraat 1A, 1234 AB Utrecht\n\nTelefoon: 030-1234567\n\nE-mail: (niet ingevuld)\n\nDirecteur: J. Jansen\n\nOSO heeft alles',
    );

    const jan = new Chat(bot, users.jan);
    await jan.say('aanvraag overdracht');
    expect((await jan.say(ZOE)).at(-1)?.buttons).toEqual(['56EF01']);
  });

  it('"ok" keeps every stored value, even one the parser would now refuse; "geen" clears an optional one', async () => {
    const { repos, services } = await createSchool();
    const opgeslagen = {
      brin: '12AB',
      naam: 'De Regenboog',
      soort: 'SBO' as const,
      // Stored before the chat checked phone numbers: "ok" must not lose it.
      adres: { straat: 'Schoolstraat', huisnummer: '1', postcode: '1234AB', plaats: 'Utrecht', gemeente: 'Utrecht' },
      telefoon: '030 123 45 67 (receptie)',
      email: 'info@regenboog.nl',
      directeur: 'J. Jansen',
    };
    await repos.school.save(opgeslagen);
    const bea = new Chat(createBot(services), users.bea);
    await bea.say('beheer school wijzigen');
    await bea.say('ok');
    const adres = await bea.say('ok');
    expect(adres.at(-1)?.text).toContain('Typ "ok" voor: Schoolstraat 1, 1234 AB Utrecht.');
    expect(adres.at(-1)?.buttons).toEqual(['Schoolstraat 1, 1234 AB Utrecht']); // no "geen": a stored address is not cleared
    expect(await bea.sayText('ok')).toContain('Typ "ok" voor: 030 123 45 67 (receptie).');
    expect(await bea.sayText('ok')).toContain('Typ "ok" voor: info@regenboog.nl.');
    await bea.say('ok');
    expect(await bea.sayText('geen')).toContain('Typ "ok" voor: SBO.');
    expect(await bea.sayText('ok')).toContain('Opgeslagen: De Regenboog, BRIN-nummer 12AB.');
    const { directeur: _weg, ...zonderDirecteur } = opgeslagen;
    expect(await repos.school.get()).toEqual(zonderDirecteur);
  });

  it('lets the beheerder skip a missing address for now, and then says OSO still needs it', async () => {
    const { repos, services } = await createSchool();
    const bea = new Chat(createBot(services), users.bea);
    await bea.say('beheer school wijzigen');
    await bea.say('ok');
    expect((await bea.say('ok')).at(-1)?.buttons).toEqual(['geen']);
    await bea.say('geen');
    await bea.say('0301234567');
    await bea.say('geen');
    await bea.say('geen');
    expect(await bea.sayText('ok')).toContain('Voor OSO ontbreekt nog: het adres.');
    expect((await repos.school.get())?.adres).toBeUndefined();
  });

  it('is refused to everyone but the beheerder', async () => {
    const { services } = await createSchool();
    const bot = createBot(services);
    for (const u of [users.jan, users.mieke]) {
      expect(await new Chat(bot, u).sayText('beheer')).toBe('"Beheer" is alleen voor de beheerder. Vraag de beheerder van uw school als u dit nodig heeft.');
    }
  });
});
