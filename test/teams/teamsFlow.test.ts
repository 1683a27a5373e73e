/**
 * A whole day in Teams: the medewerker (registered by e-mail, recognised through the Teams
 * roster) installs the app, makes a dossier answering with typed text, the categories card,
 * a Teams file and the summary card's "Gereedmaken"; sees the status card; the director
 * requests the dossier and gets the result card; the medewerker gets the notice in her own chat.
 * A channel without cards (Emulator-like) gets the same conversation as text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEXT } from '../../dialogs/dossierDialog.texts';
import { CARD_SCHEMA_VERSION } from '../../dialogs/shared/cards';
import { loadFixtures, PUPILS, USER } from '../helpers/dossierFixtures';
import { startTeamsEnvironment, teamsUser, type TeamsChat, type TeamsEnvironment, type Turn } from './teamsHarness';

const PDF = Buffer.from('%PDF-1.4\n% verslag van Zoë\n');

let env: TeamsEnvironment;
const anja = teamsUser(USER.naam, USER.email!.toUpperCase()); // Teams may report the address in other case
const directeur = teamsUser('Dirk Directeur', 'directie@regenboog.example.com');

beforeAll(async () => {
  env = await startTeamsEnvironment();
  await loadFixtures(env.bot.repos);
  await env.bot.repos.ldos.addClass('groep 6');
  env.teams.addMember(anja);
  await env.bot.repos.users.save({ id: directeur.aadObjectId, naam: directeur.name, rollen: ['directie'] });
});
afterAll(async () => env?.stop());

/** Every Adaptive Card element of a card, depth first. */
function elements(card: Record<string, any>): Record<string, any>[] {
  const out: Record<string, any>[] = [];
  const walk = (items: Record<string, any>[] = []) => {
    for (const item of items) {
      out.push(item);
      walk(item.items);
    }
  };
  walk(card.body);
  return out;
}

const factsOf = (card: Record<string, any>): Record<string, string> =>
  Object.fromEntries(elements(card).flatMap((e) => (e.type === 'FactSet' ? e.facts.map((f: any) => [f.title, f.value]) : [])));

/** What Teams sends when a card's button is clicked: the button's data merged with the card's inputs. */
function clickCard(chat: TeamsChat, card: Record<string, any>, button: string, inputs: Record<string, string> = {}): Promise<Turn> {
  const action = (card.actions ?? []).find((a: any) => a.title === button);
  if (!action) throw new Error(`no button "${button}" on the card: ${JSON.stringify(card.actions)}`);
  expect(action.type).toBe('Action.Submit');
  return chat.submit({ ...action.data, ...inputs });
}

describe('Teams: a dossier and a directie request', () => {
  it('runs from install to a delivered dossier, with cards, a Teams file and the notice', async () => {
    const chat = env.chat(anja);

    // Installed: recognised by e-mail through the roster, welcomed, then known by object id.
    const welkom = await chat.install();
    expect(welkom.text).toContain('Welkom bij de OSO-overstapbot');
    expect((await env.bot.repos.users.get(anja.aadObjectId))?.naam).toBe(USER.naam);

    expect((await chat.say('nieuw dossier')).text).toContain(TEXT.leerling.vraag);
    expect((await chat.say('zoe')).text).toContain(TEXT.soort.vraag);

    // Categories: checkboxes (multi-select) in an Adaptive Card Teams renders.
    const categorieen = await chat.say('POPO');
    expect(categorieen.text).toContain(TEXT.categorieen.vraag);
    const kaart = categorieen.cards[0]!;
    expect(kaart.version).toBe(CARD_SCHEMA_VERSION);
    const keuzes = elements(kaart).find((e) => e.type === 'Input.ChoiceSet')!;
    expect(keuzes).toMatchObject({ isMultiSelect: true, style: 'expanded' });
    expect(keuzes.choices.map((c: any) => c.title)).toContain('Verzuim');
    expect(keuzes.choices.map((c: any) => c.title)).not.toContain('VO-MBO');
    const schooljaren = await clickCard(chat, kaart, TEXT.categorieen.kaartKnop, { [keuzes.id]: 'vve,verzuim' });
    expect(schooljaren.text).toContain(TEXT.schooljaren.vraag);

    expect((await chat.say('3')).text).toContain(TEXT.contactpersoon.vraag);
    expect((await chat.say('ok')).text).toContain(TEXT.bijlagen.vraag);

    // A file sent in Teams arrives as download info; the bot fetches it from downloadUrl.
    const bestand = await chat.sendFiles([{ name: 'verslag.pdf', data: PDF }]);
    expect(bestand.text).toContain('Bewaard: verslag.pdf');

    expect((await chat.say('klaar')).text).toContain(TEXT.voorlopig.vraag);
    expect((await chat.say('nee')).text).toContain(TEXT.contactGewenst.vraag);
    expect((await chat.say('nee')).text).toContain(TEXT.brin.vraag);
    expect((await chat.say('ok')).text).toContain(TEXT.inzage.vraag);
    expect((await chat.say('ja')).text).toContain(TEXT.inzageDatum.vraag);
    expect((await chat.say('3-10-2026')).text).toContain(TEXT.inzageMedewerker.vraag);
    expect((await chat.say('ok')).text).toContain(TEXT.akkoord.vraag);

    // The summary as a card with "Gereedmaken" / "Annuleren".
    const samenvatting = await chat.say('ja');
    expect(samenvatting.text).toContain(TEXT.gereedmaken.vraag);
    expect(samenvatting.text).not.toContain('**Samenvatting**'); // shown in the card instead
    const summaryCard = samenvatting.cards[0]!;
    const facts = factsOf(summaryCard);
    expect(facts['BRIN-nummer']).toBe('12AB (uw eigen BRIN)');
    expect(facts['Bijlagen']).toContain('verslag.pdf');
    expect(facts['Informatiecategorieën']).toContain('naar keuze VVE, Verzuim');
    expect(summaryCard.actions.map((a: any) => a.title)).toEqual([TEXT.gereedmaken.kaartGereedmaken, TEXT.gereedmaken.kaartAnnuleren]);

    const gereed = await clickCard(chat, summaryCard, TEXT.gereedmaken.kaartGereedmaken);
    expect(gereed.text).toContain('status "gereed"');

    const dossier = await env.bot.repos.dossiers.get(PUPILS.zoe.leerlingnummer);
    expect(dossier).toMatchObject({ status: 'gereed', aangemaaktDoor: { userId: anja.aadObjectId } });
    expect(dossier!.categorieen).toEqual(['vve', 'verzuim', 'bijlagedocs']);
    expect(dossier!.bijlagen.map((b) => [b.naam, b.contentType, b.grootte])).toEqual([['verslag.pdf', 'application/pdf', PDF.length]]);
    expect(await env.bot.repos.dossiers.getAttachmentContent(dossier!.bijlagen[0]!.id)).toEqual(PDF);

    // Status with history, as a card.
    const status = await chat.say('status zoe');
    const statusFacts = factsOf(status.cards[0]!);
    expect(JSON.stringify(status.cards[0])).toContain('status \\"gereed\\"');
    expect(Object.values(statusFacts).some((v) => v.startsWith('gereed gemaakt door Anja de Vries'))).toBe(true);

    // The director requests it in LDOS.
    const dirk = env.chat(directeur);
    expect((await dirk.say('aanvraag overdracht')).text).toContain('Wat is het BSN van de leerling?');
    expect((await dirk.say(PUPILS.zoe.leerlingnummer)).text).toContain('BRIN-nummer van uw eigen school');
    const bevestig = await dirk.say('ok');
    expect(bevestig.buttons).toContain('Aanvragen overdracht');
    const posted = env.teams.posted.length;
    const resultaat = await dirk.say('Aanvragen overdracht');
    const resultCard = resultaat.cards[0]!;
    expect(resultCard.body[0]).toMatchObject({ type: 'Container', style: 'good' });
    expect(JSON.stringify(resultCard)).toContain('Gelukt: het dossier van Zoë');
    expect(resultaat.text).toContain('In welke klas plaatst u');
    expect((await dirk.say('groep 6')).text).toContain('groep 6');

    expect((await env.bot.repos.dossiers.get(PUPILS.zoe.leerlingnummer))?.status).toBe('verstrekt');
    // The notice reaches Anja in her own Teams chat.
    const notice = env.teams.posted.slice(posted).find((a) => a.conversationId === chat.conversationId);
    expect(notice?.text).toMatch(/verstrekt/);

    // The BSN typed by the director is never shown in full to Anja.
    const anjaSaw = env.teams.posted.filter((a) => a.conversationId === chat.conversationId);
    expect(JSON.stringify(anjaSaw)).not.toContain(PUPILS.zoe.leerlingnummer);
  });

  it('"Annuleren" on the summary card stops and keeps the dossier as concept', async () => {
    const chat = env.chat(anja);
    await chat.say('nieuw dossier daan');
    for (const answer of ['POPO', 'geen', '3', 'ok', 'geen', 'nee', 'nee', 'ok', 'ja', 'vandaag', 'ok']) await chat.say(answer);
    const samenvatting = await chat.say('Onbekend');
    const gestopt = await clickCard(chat, samenvatting.cards[0]!, TEXT.gereedmaken.kaartAnnuleren);
    expect(gestopt.text).toContain('Geannuleerd');
    expect((await env.bot.repos.dossiers.get(PUPILS.daan.leerlingnummer))?.status).toBe('concept');
  });

  it('ticking no category in the card means "geen"', async () => {
    const chat = env.chat(anja);
    await chat.say('nieuw dossier lotte');
    const categorieen = await chat.say('POPO');
    const kaart = categorieen.cards[0]!;
    const keuzes = elements(kaart).find((e) => e.type === 'Input.ChoiceSet')!;
    // Teams leaves an input out of the submit when nothing is ticked.
    expect((await clickCard(chat, kaart, TEXT.categorieen.kaartKnop)).text).toContain(TEXT.schooljaren.vraag);
    await chat.say('annuleren');
    expect((await env.bot.repos.dossiers.get(PUPILS.lotte.leerlingnummer))?.categorieen).toEqual([]);
    expect(keuzes.id).toBe('categorieen');
  });
});

describe('channels without cards keep the text flow', () => {
  it('the Emulator gets the categories and the summary as text, no cards', async () => {
    await env.bot.repos.users.save({ id: 'emulator-user', naam: 'Emma Emulator', rollen: ['medewerker'] });
    const chat = env.chat({ id: 'emulator-user', aadObjectId: '', name: 'Emma Emulator', email: '' });
    const send = (text: string) => chat.send({ type: 'message', text, channelId: 'emulator', from: { id: 'emulator-user', name: 'Emma Emulator' } });
    await send('nieuw dossier sem bakker');
    const categorieen = await send('POPO');
    expect(categorieen.cards).toEqual([]);
    expect(categorieen.text).toContain('1. VVE');
    for (const answer of ['1', '3', 'ok', 'geen', 'nee', 'nee', 'ok', 'ja', 'vandaag', 'ok']) await send(answer);
    const samenvatting = await send('ja');
    expect(samenvatting.cards).toEqual([]);
    expect(samenvatting.text).toContain('**Samenvatting**');
    expect((await send('ja')).text).toContain('status "gereed"');
    const status = await send('status sem bakker');
    expect(status.cards).toEqual([]);
    expect(status.text).toContain('Historie:');
  });
});
