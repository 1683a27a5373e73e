/**
 * Every wrong answer gets a specific Dutch message with an example and the question again;
 * the earlier answers are kept (the finished dossier has them all).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryDocumentStore } from '../helpers/memoryDocumentStore';
import { startConversation, type BotConversation } from '../helpers/botConversation';
import { loadFixtures, PUPILS } from '../helpers/dossierFixtures';
import { answerFrom, answerUntil, ASKS, expectScriptAnswers } from '../helpers/dossierScript';

describe('nieuw dossier: wrong answers', () => {
  let c: BotConversation;
  beforeEach(async () => {
    c = startConversation(new MemoryDocumentStore());
    await loadFixtures(c.repos);
  });

  async function finishAndExpectScriptDossier(from: Parameters<typeof answerFrom>[1]) {
    await answerFrom(c, from);
    const d = await c.repos.dossiers.get(PUPILS.zoe.leerlingnummer);
    expectScriptAnswers(d);
    expect(d.status).toBe('gereed');
  }

  it('a BSN that fails the elfproef', async () => {
    await answerUntil(c, 'leerling');
    const reply = await c.say('123456789');
    expect(reply.text).toContain('BSN 123456789 voldoet niet aan de elfproef');
    expect(reply.text).toContain(ASKS.leerling);
    expect(await c.repos.dossiers.get('123456789')).toBeUndefined();
    await finishAndExpectScriptDossier('leerling');
  });

  it('an unknown pupil, by name and by a valid BSN that is not on the roster', async () => {
    await answerUntil(c, 'leerling');
    const byName = await c.say('Xander');
    expect(byName.text).toContain('Ik vind geen leerling met "Xander" in de naam');
    expect(byName.text).toContain('bijvoorbeeld alleen de achternaam');
    expect(byName.text).toContain(ASKS.leerling);
    const byNumber = await c.say('111222333');
    expect(byNumber.text).toContain('Er staat geen leerling met nummer 111222333 in de leerlingenlijst');
    expect(byNumber.text).toContain(ASKS.leerling);
    await finishAndExpectScriptDossier('leerling');
  });

  it('an unknown soort overstap and an unknown category', async () => {
    await answerUntil(c, 'soort');
    const soort = await c.say('PO-MBO');
    expect(soort.text).toContain('"PO-MBO" is geen soort overstap. Kies POPO of POVO (voor LDOS: POPO)');
    expect(soort.text).toContain(ASKS.soort);
    expect((await c.say('popo')).text).toContain(ASKS.categorieen);
    const cat = await c.say('1, 3 en 12');
    expect(cat.text).toContain('Er is geen categorie 12');
    expect(cat.text).toContain(ASKS.categorieen);
    await finishAndExpectScriptDossier('categorieen');
  });

  it('4 school years', async () => {
    await answerUntil(c, 'schooljaren');
    const reply = await c.say('4');
    expect(reply.text).toContain('Het aantal schooljaren is 1, 2 of 3');
    expect(reply.text).toContain('4 kan niet');
    expect(reply.text).toContain(ASKS.schooljaren);
    expect(reply.buttons).toEqual(['1', '2', '3']);
    // "een" is one school year, not "choice 1" of something else.
    expect((await c.say('een')).text).toContain(ASKS.contactpersoon);
    await answerFrom(c, 'contactpersoon');
    expect((await c.repos.dossiers.get(PUPILS.zoe.leerlingnummer))?.aantalSchooljaren).toBe(1);
  });

  it('a wrong phone number for the contact person', async () => {
    await answerUntil(c, 'contactpersoon');
    const reply = await c.say('Piet Puk, 06-123');
    expect(reply.text).toContain('"06-123" is geen geldig telefoonnummer');
    expect(reply.text).toContain('bijvoorbeeld 06-12345678');
    expect((await c.say('Piet Puk, 020-1234567')).text).toContain(ASKS.bijlagen);
    await answerFrom(c, 'bijlagen');
    const d = await c.repos.dossiers.get(PUPILS.zoe.leerlingnummer);
    // Name and phone replaced, the proposed e-mail kept.
    expect(d?.contactpersoon).toEqual({ naam: 'Piet Puk', telefoon: '020-1234567', email: 'a.devries@regenboog.example.com' });
  });

  it('a mistyped BRIN like 12A8 gets the suggestion', async () => {
    await answerUntil(c, 'brin');
    const reply = await c.say('12A8');
    expect(reply.text).toContain('"12A8" is geen geldig BRIN-nummer');
    expect(reply.text).toContain('bijvoorbeeld 12AB');
    expect(reply.text).toContain('Bedoelt u 12AB?');
    expect(reply.text).toContain(ASKS.brin);
    expect((await c.say('12ab')).text).toContain(ASKS.inzage); // lower case is fine: it is the own BRIN
    await finishAndExpectScriptDossier('inzage');
  });

  it('a date in the future, a date that does not exist, and an answer that is not ja/nee', async () => {
    await answerUntil(c, 'inzage');
    const jaNee = await c.say('misschien');
    expect(jaNee.text).toContain('Antwoord met ja of nee');
    expect(jaNee.text).toContain(ASKS.inzage);
    expect((await c.say('ja')).text).toContain(ASKS.datum);
    const future = await c.say('20-10-2026');
    expect(future.text).toContain('20 oktober 2026 ligt in de toekomst');
    expect(future.text).toContain(ASKS.datum);
    const impossible = await c.say('31-2-2026');
    expect(impossible.text).toContain('bestaat niet');
    expect(impossible.text).toContain('bijvoorbeeld 3-9-2026');
    await finishAndExpectScriptDossier('datum');
  });

  it('after three wrong tries offers help and annuleren', async () => {
    await answerUntil(c, 'schooljaren');
    expect((await c.say('veel')).text).not.toContain('Lukt het niet?');
    expect((await c.say('zeven')).text).not.toContain('Lukt het niet?');
    const third = await c.say('4');
    expect(third.text).toContain('Lukt het niet? Typ "help"');
    expect(third.buttons).toEqual(['1', '2', '3', 'help', 'annuleren']);
    expect((await c.say('help')).text).toContain('Een schooljaar loopt van 1 augustus');
    await finishAndExpectScriptDossier('schooljaren');
  });
});
