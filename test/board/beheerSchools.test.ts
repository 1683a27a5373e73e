/**
 * Issue 22: the bestuursbeheerder manages the schools in "beheer": adds a school and its
 * beheerder, who then manages that school alone. A school's beheerder gets none of this.
 */
import { describe, expect, it } from 'vitest';
import { startConversation } from '../helpers/botConversation';
import { MemoryDocumentStore } from '../helpers/memoryDocumentStore';
import { BEA, REGENBOOG_LABEL, twoSchools } from './fixtures';

const say = (store: MemoryDocumentStore, user: { id: string; naam: string }) =>
  startConversation(store, { conversationId: `c-${user.id}`, user: { id: user.id, name: user.naam } });

describe('beheer of the board\'s schools', () => {
  it('lets the bestuursbeheerder add a school and its beheerder, who then manages only that school', async () => {
    const store = new MemoryDocumentStore();
    const { board } = await twoSchools(store);
    await board.people.save({ id: 'tim', naam: 'Tim Top', bestuursbeheerder: true });
    const tim = say(store, { id: 'tim', naam: 'Tim Top' });
    await tim.say('beheer');
    await tim.say(REGENBOOG_LABEL);
    const menu = await tim.say('beheer');
    expect(menu.buttons).toEqual(expect.arrayContaining(['scholen tonen', 'school toevoegen', 'schoolbeheerder toevoegen']));
    expect((await tim.say('school toevoegen')).text).toContain('Wat is het BRIN-nummer van de nieuwe school?');
    expect((await tim.say('56ef')).text).toContain('Wat is de naam van de nieuwe school?');
    expect((await tim.say('De Esdoorn')).text).toContain('De Esdoorn (56EF) is toegevoegd');
    const scholen = await tim.say('scholen tonen');
    expect(scholen.text).toContain('- OBS De Regenboog (12AB)\n- De Vlinder (34CD)\n- De Esdoorn (56EF)');
    const welke = await tim.say('schoolbeheerder toevoegen');
    expect(welke.buttons).toContain('De Esdoorn (56EF)');
    await tim.say('De Esdoorn (56EF)');
    await tim.say('cor');
    expect((await tim.say('Cor Claassen')).text).toContain('Cor Claassen (cor) is beheerder van De Esdoorn (56EF)');
    expect((await tim.say('school toevoegen')).text).toContain('BRIN');
    expect((await tim.say('34CD')).text).toContain('naam');
    expect((await tim.say('Vlinder twee')).text).toContain('Er is al een school met BRIN 34CD');

    const cor = say(store, { id: 'cor', naam: 'Cor Claassen' });
    const users = await cor.say('beheer gebruikers tonen');
    expect(users.text).toContain('Cor Claassen (cor): beheerder');
    expect(users.text).not.toContain('Vera');
    expect(users.text).not.toContain('Anja');
    expect((await cor.say('school tonen')).text).toContain('De Esdoorn');
  });

  it('imports from a board file sent in the chat only the rows of the beheerder\'s own school', async () => {
    const store = new MemoryDocumentStore();
    const { vlinder, regenboog } = await twoSchools(store);
    const before = await regenboog.pupils.count();
    const bea = say(store, BEA);
    await bea.say('beheer leerlingen importeren');
    const csv = [
      'brin;bsn;voornamen;achternaam;geboortedatum;groep',
      '12AB;999990123;Anna Sophie;Linden;14-03-2014;8',
      '34CD;999990135;Daniël;Öztürk;02-11-2016;6',
    ].join('\r\n');
    const reply = await bea.say({
      text: '',
      attachments: [{ contentType: 'text/csv', name: 'bestuur.csv', contentUrl: `data:text/csv;base64,${Buffer.from(csv).toString('base64')}` }],
    });
    expect(reply.text).toContain('Eén rij is van een andere school (BRIN 12AB) en niet geïmporteerd');
    expect(reply.text).toContain('1 nieuw');
    expect(reply.text).not.toContain('Linden');
    expect((await vlinder.pupils.get('999990135'))?.achternaam).toBe('Öztürk');
    expect(await vlinder.pupils.get('999990123')).toBeUndefined();
    expect(await regenboog.pupils.count()).toBe(before);
  });

  it('gives a school\'s beheerder no board tasks', async () => {
    const store = new MemoryDocumentStore();
    const { board } = await twoSchools(store);
    const bea = say(store, BEA);
    const menu = await bea.say('beheer');
    expect(menu.buttons).toContain('gebruiker toevoegen');
    expect(menu.buttons).not.toContain('school toevoegen');
    await bea.say('school toevoegen');
    expect(await board.schools()).toHaveLength(2);
  });
});
