/**
 * Issue 22: roles per school, and the school a person of several schools acts for: asked once
 * per conversation with buttons (the last choice first), shown in the menu and summaries,
 * never asked of someone of one school. Whatever is done, is done with that school's data
 * and its own BRIN.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { receiveDossier } from '../../src/app/receiveDossier';
import { OSO_DIR } from '../oso/fixtures';
import { TEXT as SCHOOL_TEXT } from '../../dialogs/shared/schoolKeuze';
import { startConversation } from '../helpers/botConversation';
import { PUPILS } from '../helpers/dossierFixtures';
import { answerFrom } from '../helpers/dossierScript';
import { MemoryDocumentStore } from '../helpers/memoryDocumentStore';
import { SchoolUsers } from '../../src/repositories/userRepository';
import { Board } from '../../src/app/board';
import { ANJA, BEA, PIET, REGENBOOG_LABEL, twoSchools, VERA, VLINDER_LABEL, VLINDER_PUPILS } from './fixtures';

const EXAMPLE = path.join(OSO_DIR, 'examples', 'Voorbeelddossier_OV_POVO_full.xml');

const as = (user: { id: string; naam: string }, store: MemoryDocumentStore, conversationId = `gesprek-${user.id}`) =>
  startConversation(store, { conversationId, user: { id: user.id, name: user.naam } });

describe('one bot for two schools', () => {
  it('never asks someone of one school which school, and shows them only that school\'s pupils', async () => {
    const store = new MemoryDocumentStore();
    await twoSchools(store);
    const anja = as(ANJA, store);
    const menu = await anja.say('hallo');
    expect(menu.text).not.toContain(SCHOOL_TEXT.vraag);
    expect(menu.text).not.toContain('School:');
    expect((await anja.say('status yara')).text).toContain('Ik vind geen leerling met "yara"');
    await anja.say('annuleren');
    const vera = as(VERA, store);
    expect((await vera.say('status zoe')).text).toContain('Ik vind geen leerling met "zoe"');
    expect((await vera.say('yara')).text).toContain('Voor Yara Visser is nog geen dossier');
    expect(vera.transcript.join('\n')).not.toContain(SCHOOL_TEXT.vraag);
  });

  it('asks a person of two schools once per conversation, acts with their role there, and remembers the choice', async () => {
    const store = new MemoryDocumentStore();
    await twoSchools(store);
    const piet = as(PIET, store);
    const asked = await piet.say('status yara');
    expect(asked.text).toContain(SCHOOL_TEXT.vraag);
    expect(asked.buttons).toEqual([REGENBOOG_LABEL, VLINDER_LABEL]);
    const chosen = await piet.say(VLINDER_LABEL);
    expect(chosen.text).toContain(`U werkt nu voor ${VLINDER_LABEL}`);
    expect(chosen.text).toContain(`School: ${VLINDER_LABEL}`);
    expect(chosen.buttons).toContain('OSO – aanvraag overdracht'); // directie at De Vlinder
    const status = await piet.say('status yara');
    expect(status.text).toContain('Voor Yara Visser is nog geen dossier');
    expect(status.text).toContain(`School: ${VLINDER_LABEL}`);
    expect((await piet.say('status ilias')).text).toContain('Ilias Bouzid');
    expect((await piet.say('mijn dossiers')).text).not.toContain(SCHOOL_TEXT.vraag);

    // Another school: asked again, the last choice first; his role there is medewerker only.
    const again = await piet.say('andere school');
    expect(again.text).toContain(SCHOOL_TEXT.vraag);
    expect(again.text).toContain(SCHOOL_TEXT.vorige(VLINDER_LABEL));
    expect(again.buttons).toEqual([VLINDER_LABEL, REGENBOOG_LABEL]);
    const regenboog = await piet.say('2');
    expect(regenboog.text).toContain(`U werkt nu voor ${REGENBOOG_LABEL}`);
    expect(regenboog.buttons).not.toContain('OSO – aanvraag overdracht');
    expect((await piet.say('OSO – aanvraag overdracht')).text).toContain('is alleen voor de directie');
    expect((await piet.say('status yara')).text).toContain('Ik vind geen leerling met "yara"');
    expect((await piet.say('zoe')).text).toContain('Zoë van den Berg');

    // A new conversation asks again and proposes the last choice: "ok" keeps it.
    const next = as(PIET, store, 'piet-morgen');
    const ask = await next.say('hallo');
    expect(ask.buttons[0]).toBe(REGENBOOG_LABEL);
    expect((await next.say('ok')).text).toContain(`U werkt nu voor ${REGENBOOG_LABEL}`);
    expect((await next.say('onzin-school')).text).not.toContain(SCHOOL_TEXT.vraag);
  });

  it('drops a conversation begun for one school when the person switches to the other', async () => {
    const store = new MemoryDocumentStore();
    await twoSchools(store);
    const piet = as(PIET, store);
    await piet.say('hallo');
    await piet.say(REGENBOOG_LABEL);
    expect((await piet.say('nieuw dossier')).text).toContain('Leerling');
    await piet.say('andere school');
    await piet.say(VLINDER_LABEL);
    // "zoe" is no answer to a question any more: the Regenboog conversation is gone.
    const reply = await piet.say('zoe');
    expect(reply.text).not.toContain('Zoë van den Berg');
    expect(reply.text).toContain('begrijp ik niet');
  });

  it('lets a person given a second school go on with the conversation in progress, at the school it began for', async () => {
    const store = new MemoryDocumentStore();
    const { vlinderChoice } = await twoSchools(store);
    const anja = as(ANJA, store);
    expect((await anja.say('nieuw dossier')).text).toContain('Welke leerling?');
    // Through the bot's own people repository, so its short cache sees the change at once.
    await new SchoolUsers(anja.repos.users.people, vlinderChoice.entry.id).save({ ...ANJA, rollen: ['medewerker'] });
    const found = await anja.say('zoe');
    expect(found.text).toContain('Zoë van den Berg');
    expect(found.text).not.toContain(SCHOOL_TEXT.vraag);
    await anja.say('annuleren');
    expect((await anja.say('hallo')).text).toContain(`School: ${REGENBOOG_LABEL}`);
    expect((await anja.say('andere school')).buttons).toEqual([REGENBOOG_LABEL, VLINDER_LABEL]);
  });

  it('knows a school just added elsewhere (the admin CLI) at the first message of someone registered there', async () => {
    const store = new MemoryDocumentStore();
    await twoSchools(store);
    const anja = as(ANJA, store);
    await anja.say('hallo'); // this bot has read the list of schools now
    const cli = new Board(store);
    const esdoorn = (await cli.addSchool({ brin: '56EF', naam: 'De Esdoorn', soort: 'BAO' }))!;
    await cli.repositoriesFor(esdoorn.entry).users.save({ id: 'cor', naam: 'Cor Claassen', rollen: ['medewerker'] });
    // Cor talks to the same bot (its own conversation), whose list of schools is seconds old.
    const reply = await anja.say({ text: 'hallo', from: { id: 'cor', name: 'Cor Claassen' }, conversation: { id: 'cor-via-anja-bot' } as never });
    expect(reply.text).not.toContain(SCHOOL_TEXT.geenSchool);
    expect(reply.buttons).toContain('Nieuw dossier');
  });

  it('on Teams asks a person of four schools with card buttons, and a button press chooses the school', async () => {
    const store = new MemoryDocumentStore();
    const { board } = await twoSchools(store);
    const ids = ['8f6e1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b'];
    for (const [brin, naam] of [['56EF', 'De Esdoorn'], ['78GH', 'Het Kompas']] as const) {
      const added = (await board.addSchool({ brin, naam, soort: 'BAO' }))!;
      await board.repositoriesFor(added.entry).users.save({ id: ids[0]!, naam: 'Mo Meerschool', rollen: ['medewerker'] });
    }
    const [regenboog, vlinder] = await board.schools();
    for (const school of [regenboog!, vlinder!]) await board.repositoriesFor(school).users.save({ id: ids[0]!, naam: 'Mo Meerschool', rollen: ['medewerker'] });
    const mo = startConversation(store, { conversationId: 'mo', channelId: 'msteams', user: { id: '29:1mo', name: 'Mo Meerschool', aadObjectId: ids[0]! } });
    const asked = await mo.say('hallo');
    expect(asked.text).toContain(SCHOOL_TEXT.vraag);
    const card = JSON.stringify(asked.activities.flatMap((a) => a.attachments ?? []));
    for (const label of [REGENBOOG_LABEL, VLINDER_LABEL, 'De Esdoorn (56EF)', 'Het Kompas (78GH)']) expect(card).toContain(label);
    const chosen = await mo.say({ text: '', value: { osoAntwoord: 'Het Kompas (78GH)' } });
    expect(chosen.text).toContain('U werkt nu voor Het Kompas (78GH)');
  });

  it('makes the dossier with the acting school\'s own BRIN, and only that school\'s directie requests it', async () => {
    const store = new MemoryDocumentStore();
    const { vlinder, regenboog } = await twoSchools(store);
    const vera = as(VERA, store);
    const last = await answerFrom(vera, 'start', { leerling: 'yara', categorieen: 'geen' });
    expect(last.text).toContain('gereed');
    const yara = VLINDER_PUPILS.yara.leerlingnummer;
    expect(await vlinder.dossiers.get(yara)).toMatchObject({ status: 'gereed', ontvangendeBrin: '34CD' });
    expect(await regenboog.dossiers.get(yara)).toBeUndefined();

    const piet = as(PIET, store);
    await piet.say('hallo');
    await piet.say(VLINDER_LABEL);
    await piet.say('OSO – aanvraag overdracht');
    expect((await piet.say(yara)).text).toContain('34CD');
    const confirm = await piet.say('ok');
    expect(confirm.text).toContain(`School: ${VLINDER_LABEL}`);
    expect((await piet.say('Aanvragen overdracht')).text).toContain('Gelukt');
    expect(await vlinder.ldos.get(yara)).toBeDefined();
    expect(await regenboog.ldos.get(yara)).toBeUndefined();
    await piet.say('later');
    const getoond = await piet.say('toon dossier yara');
    expect(getoond.text).toContain('Yara Visser');
    expect(getoond.text).toContain(`School: ${VLINDER_LABEL}`);
    expect(await regenboog.dossiers.get(PUPILS.zoe.leerlingnummer)).toBeUndefined();
  });

  it('tells someone unknown to ask a bestuursbeheerder, never naming the beheerder of one of the schools', async () => {
    const store = new MemoryDocumentStore();
    const { board } = await twoSchools(store);
    const onbekend = as({ id: 'nieuw', naam: 'Nina Nieuw' }, store);
    let reply = await onbekend.say('hallo');
    expect(reply.text).toContain('U bent nog niet geregistreerd');
    expect(reply.text).not.toContain(BEA.naam);
    expect(reply.text).toContain('de beheerder van uw school');
    await board.people.save({ id: 'tim', naam: 'Tim Top', bestuursbeheerder: true });
    reply = await as({ id: 'nieuw2', naam: 'Nico Nieuw' }, store).say('hallo');
    expect(reply.text).toContain('Vraag Tim Top (beheerder)');
    expect(reply.text).not.toContain(BEA.naam);
  });

  it('gives a beheerder the users of their own school only, and a role at one school gives nothing at the other', async () => {
    const store = new MemoryDocumentStore();
    await twoSchools(store);
    const bea = as(BEA, store);
    const users = await bea.say('beheer gebruikers');
    expect(users.text).toContain('Vera Vos (vera): medewerker');
    expect(users.text).toContain('Piet Pols (piet): directie');
    expect(users.text).not.toContain('Anja');
    const anja = as(ANJA, store);
    expect((await anja.say('beheer')).text).toContain('is alleen voor de beheerder');
    const vera = as(VERA, store);
    expect((await vera.say('OSO – aanvraag overdracht')).text).toContain('is alleen voor de directie');
  });

  it.skipIf(!fs.existsSync(EXAMPLE))('on Teams, the received dossier\'s XML goes to the OneDrive of a person acting for the school that received it', async () => {
    const store = new MemoryDocumentStore();
    const { vlinder, regenboog } = await twoSchools(store);
    const xml = fs.readFileSync(EXAMPLE, 'utf8');
    await receiveDossier(xml, { ldos: vlinder.ldos, at: '2026-10-15T10:00:00.000Z', door: { userId: PIET.id, naam: PIET.naam }, eigenBrin: '34CD' });
    const uploads: string[] = [];
    const piet = startConversation(store, {
      channelId: 'msteams',
      conversationId: 'piet-teams',
      user: { id: PIET.id, name: PIET.naam, aadObjectId: PIET.id },
      teamsUpload: async (_url, body) => {
        uploads.push(body.toString('utf8'));
      },
    });
    await piet.say('hallo');
    await piet.say(VLINDER_LABEL);
    const shown = await piet.say('toon dossier berg');
    const card = shown.activities.flatMap((a) => a.attachments ?? []).find((a) => a.contentType === 'application/vnd.microsoft.teams.card.file.consent');
    expect(card, shown.text).toBeDefined();
    const token = (card!.content as { acceptContext: { token: string } }).acceptContext.token;
    await piet.say({
      type: 'invoke',
      name: 'fileConsent/invoke',
      value: { type: 'fileUpload', action: 'accept', context: { token }, uploadInfo: { name: 'berg.xml', uploadUrl: 'https://vlinder-my.sharepoint.com/u/1', contentUrl: 'https://vlinder-my.sharepoint.com/berg.xml', uniqueId: 'u1', fileType: 'xml' } },
    });
    expect(uploads).toEqual([xml]);
    // The offer lay in De Vlinder's store, never in De Regenboog's.
    expect(await regenboog.ldos.get('269326728')).toBeUndefined();
  });
});
