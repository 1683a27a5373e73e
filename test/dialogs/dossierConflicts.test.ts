/**
 * Conversations that must not lose or corrupt data (issue 17): a new dossier for a pupil whose
 * dossier was delivered leaves the delivered one as it is until the new one is ready, and two
 * staff members working on one pupil never silently replace each other's concept.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { TEXT } from '../../dialogs/dossierDialog.texts';
import { makeDossierReady, saveConcept } from '../../src/app/dossierService';
import { createLogger } from '../../src/log';
import { markProvided, type Dossier } from '../../src/domain/dossier';
import { keys } from '../../src/repositories/keys';
import { MemoryDocumentStore } from '../helpers/memoryDocumentStore';
import { startConversation, type BotConversation } from '../helpers/botConversation';
import { COMPLETE_ANSWERS, fixedClock, loadFixtures, PUPILS, USER } from '../helpers/dossierFixtures';
import { answerFrom, answerUntil, ASKS } from '../helpers/dossierScript';

const ZOE = PUPILS.zoe.leerlingnummer;
const PIET = { id: 'piet', naam: 'Piet Pieters' };
const DIRECTEUR = { userId: 'directeur', naam: 'Jan Bakker' };

let store: MemoryDocumentStore;
let anja: BotConversation;

beforeEach(async () => {
  store = new MemoryDocumentStore();
  anja = startConversation(store, { conversationId: 'gesprek-anja' });
  await loadFixtures(anja.repos);
  await anja.repos.users.save({ ...PIET, rollen: ['medewerker'] });
});

/** Piet's own chat, on the same store. */
const pietsChat = () => startConversation(store, { conversationId: 'gesprek-piet', user: { id: PIET.id, name: PIET.naam } });

/** Anja makes Zoë's dossier ready and the director requests it in LDOS. */
async function deliveredDossier(): Promise<Dossier> {
  await answerFrom(anja, 'start');
  const outcome = await anja.repos.dossiers.update(ZOE, (d) => {
    const provided = markProvided(d!, DIRECTEUR, '2026-10-15T11:00:00.000Z', '12AB');
    if (!provided.ok) throw new Error(provided.problem.message);
    return provided.value;
  });
  return outcome.value!;
}

async function expectDeliveredShown(c: BotConversation, delivered: Dossier): Promise<void> {
  const status = (await c.say('status zoe')).text;
  expect(status).toContain('status "verstrekt"');
  expect(status).toContain('gereed gemaakt door Anja de Vries');
  expect(status).toContain('verstrekt door Jan Bakker (aan LDOS (12AB))');
  const mine = (await c.say('mijn dossiers')).text;
  expect(mine).toContain('**Onlangs verstrekt**');
  expect(mine).toMatch(/Zoë van den Berg \(\*{5}\d{4}\) — verstrekt/);
  // What LDOS sees is untouched too.
  expect(await c.repos.dossiers.get(ZOE)).toEqual(delivered);
}

describe('a new dossier for a pupil whose dossier is verstrekt', () => {
  it('"annuleren" leaves the verstrekt dossier and its history in "status" and "mijn dossiers"', async () => {
    const delivered = await deliveredDossier();
    await answerUntil(anja, 'leerling');
    expect((await anja.say('zoe')).text).toContain('verstrekt is aan LDOS');
    expect((await anja.say('annuleren')).text).toContain('bewaard als concept');
    await expectDeliveredShown(anja, delivered);
  });

  it('a new concept saved beside it changes nothing delivered; once made ready it replaces it and the old one is archived', async () => {
    const delivered = await deliveredDossier();
    await answerUntil(anja, 'gereedmaken', { akkoord: 'Onbekend' });
    expect((await anja.say('nee')).text).toContain('bewaard als concept');
    await expectDeliveredShown(anja, delivered);
    expect(await anja.repos.dossiers.getConcept(ZOE)).toMatchObject({ status: 'concept', akkoord: 'Onbekend' });
    // Both are visible: the delivered one, and the new one beside it.
    expect((await anja.say('status zoe')).text).toMatch(/Daarnaast is er een nieuw dossier in de maak[^]*status "concept"/);
    expect((await anja.say('mijn dossiers')).text).toMatch(/Open dossiers \(1\)\*\*\n- Zoë van den Berg \(\*{5}\d{4}\) — concept/);

    // Continue the new concept and make it ready: only now is the delivered one replaced.
    await answerUntil(anja, 'leerling');
    expect((await anja.say('zoe')).text).toContain('gemaakt door uzelf');
    await anja.say('verdergaan');
    const done = await answerFrom(anja, 'soort', { akkoord: 'ok' });
    expect(done.text).toContain('staat nu klaar met status "gereed"');
    const current = await anja.repos.dossiers.get(ZOE);
    expect(current).toMatchObject({ status: 'gereed', akkoord: 'Onbekend' });
    expect(current!.id).not.toBe(delivered.id);
    expect((await store.get<Dossier>(keys.dossierArchive(ZOE, delivered.id)))?.value).toEqual(delivered);
    expect(await anja.repos.dossiers.getDraft(ZOE)).toBeUndefined();
  });
});

describe('an answer resent after a crash (the state of the turn before it was never saved)', () => {
  const stateKey = 'test/conversations/gesprek-anja/';

  it('finds the concept its own earlier attempt saved, instead of taking it for someone else\'s', async () => {
    await answerUntil(anja, 'gereedmaken');
    const before = await store.get<unknown>(stateKey);
    expect(before).toBeDefined();
    expect((await anja.say('nee')).text).toContain('bewaard als concept');
    const saved = await anja.repos.dossiers.get(ZOE);
    // The crash: the conversation is back at "Dossier gereedmaken?", the concept is stored.
    await store.set(stateKey, before!.value);
    const again = await anja.say('nee');
    expect(again.text).toContain('bewaard als concept');
    expect(again.text).not.toContain('ander concept');
    expect((await anja.repos.dossiers.get(ZOE))?.id).toBe(saved!.id);

    // The same after "ja": the retry says it is already gereed.
    await store.set(stateKey, before!.value);
    expect((await anja.say('ja')).text).toContain('staat nu klaar met status "gereed"');
    await store.set(stateKey, before!.value);
    expect((await anja.say('ja')).text).toContain('staat al klaar met status "gereed"');
    expect(await anja.repos.dossiers.get(ZOE)).toMatchObject({ id: saved!.id, status: 'gereed' });
  });

  it('also when the conversation continues an existing concept', async () => {
    await answerUntil(anja, 'schooljaren');
    await anja.say('annuleren');
    await answerUntil(anja, 'leerling');
    await anja.say('zoe');
    await anja.say('verdergaan');
    await answerFrom(anja, 'soort', { gereedmaken: 'annuleren' }); // stops at "Dossier gereedmaken?"
    await answerUntil(anja, 'leerling');
    await anja.say('zoe');
    await anja.say('verdergaan');
    // The concept's answers are proposed: "ok" takes each (inzage needs an explicit "ja").
    let reply = await anja.say('ok');
    for (let i = 0; i < 20 && !reply.text.includes(ASKS.gereedmaken); i++) reply = await anja.say(reply.text.includes(ASKS.inzage) ? 'ja' : 'ok');
    expect(reply.text).toContain(ASKS.gereedmaken);
    const before = await store.get<unknown>(stateKey);
    expect((await anja.say('nee')).text).toContain('bewaard als concept');
    await store.set(stateKey, before!.value);
    const again = await anja.say('nee');
    expect(again.text).toContain('bewaard als concept');
    expect(again.text).not.toContain('intussen gewijzigd');
  });
});

describe('two staff members on one pupil', () => {
  it('the second "gereedmaken" does not replace the other\'s concept: it names the other and "laten staan" keeps theirs', async () => {
    const piet = pietsChat();
    await answerUntil(anja, 'gereedmaken');
    // Meanwhile Piet starts a dossier for Zoë in his own chat and stops: his answers are a concept.
    await answerUntil(piet, 'schooljaren', { leerling: 'zoe' });
    expect((await piet.say('annuleren')).text).toContain('bewaard als concept');
    const pietsConcept = await anja.repos.dossiers.get(ZOE);
    expect(pietsConcept?.aangemaaktDoor.userId).toBe(PIET.id);

    const reply = await anja.say('ja');
    expect(reply.text).toContain('Intussen is er een ander concept-dossier voor Zoë van den Berg, van Piet Pieters; dat heb ik niet overschreven.');
    expect(reply.text).not.toContain('staat nu klaar');
    expect(reply.buttons).toEqual(['overnemen', 'verdergaan', 'laten staan']);
    expect(await anja.repos.dossiers.get(ZOE)).toEqual(pietsConcept);

    expect((await anja.say('laten staan')).text).toContain('Ik heb het andere concept van Zoë van den Berg laten staan');
    expect(await anja.repos.dossiers.get(ZOE)).toEqual(pietsConcept);
  });

  it('"overnemen" replaces exactly the concept that was named, with her answers, and makes it ready', async () => {
    const piet = pietsChat();
    await answerUntil(anja, 'gereedmaken');
    await answerUntil(piet, 'schooljaren', { leerling: 'zoe' });
    await piet.say('annuleren');
    await anja.say('ja');
    expect((await anja.say('overnemen')).text).toContain('staat nu klaar met status "gereed"');
    expect(await anja.repos.dossiers.get(ZOE)).toMatchObject({
      status: 'gereed',
      aangemaaktDoor: { userId: USER.id },
      categorieen: ['vve', 'verzuim', 'toetsresultaten'],
    });
  });

  it('"verdergaan" shows the other concept\'s answers for confirmation and makes that one ready', async () => {
    const piet = pietsChat();
    await answerUntil(anja, 'gereedmaken');
    // Piet's concept: other answers (one school year, akkoord onbekend), complete enough to be made ready.
    await answerUntil(piet, 'gereedmaken', { leerling: 'zoe', schooljaren: '1', akkoord: 'Onbekend' });
    await piet.say('nee');
    const pietsId = (await anja.repos.dossiers.get(ZOE))!.id;
    await anja.say('ja');
    const summary = await anja.say('verdergaan');
    expect(summary.text).toContain('- Aantal schooljaren: 1');
    expect(summary.text).toContain(ASKS.gereedmaken);
    expect((await anja.say('ja')).text).toContain('staat nu klaar met status "gereed"');
    expect(await anja.repos.dossiers.get(ZOE)).toMatchObject({ id: pietsId, status: 'gereed', aantalSchooljaren: 1, akkoord: 'Onbekend' });
  });

  it('the existing concept is named with its maker, and "laten staan" at that question changes nothing', async () => {
    await answerUntil(anja, 'schooljaren');
    await anja.say('annuleren');
    const anjasConcept = await anja.repos.dossiers.get(ZOE);
    const piet = pietsChat();
    await answerUntil(piet, 'leerling');
    const ask = await piet.say('zoe');
    expect(ask.text).toContain('Voor Zoë van den Berg is al een concept-dossier, gemaakt door Anja de Vries.');
    expect(ask.buttons).toEqual(['verdergaan', 'vervangen', 'laten staan']);
    expect((await piet.say('laten staan')).text).toContain(TEXT.bestaand.gestopt);
    expect(await anja.repos.dossiers.get(ZOE)).toEqual(anjasConcept);
  });

  it('two staff members continuing one concept: the second save does not overwrite what the first saved meanwhile', async () => {
    await answerUntil(anja, 'schooljaren');
    await anja.say('annuleren'); // Anja's concept
    const piet = pietsChat();
    // Both continue the same concept, each in their own chat.
    await answerUntil(anja, 'leerling');
    await anja.say('zoe');
    await anja.say('verdergaan');
    await answerUntil(piet, 'leerling');
    await piet.say('zoe');
    await piet.say('verdergaan');
    // Piet goes through it first, with one school year, and keeps it as a concept.
    await answerFrom(piet, 'soort', { schooljaren: '1', akkoord: 'Onbekend', gereedmaken: 'nee' });
    const pietsVersion = await anja.repos.dossiers.get(ZOE);
    expect(pietsVersion).toMatchObject({ aantalSchooljaren: 1, status: 'concept' });

    const reply = await answerFrom(anja, 'soort');
    expect(reply.text).toContain('Het concept van Zoë van den Berg is intussen gewijzigd door Piet Pieters; die wijzigingen heb ik niet overschreven.');
    expect(reply.buttons).toEqual(['overnemen', 'verdergaan', 'laten staan']);
    expect(await anja.repos.dossiers.get(ZOE)).toEqual(pietsVersion);
  });

  it('"gereedmaken" makes ready exactly the concept this conversation saved, not one changed since', async () => {
    const services = { repos: anja.repos, clock: fixedClock, logger: createLogger('silent'), demoMode: false };
    const answers = COMPLETE_ANSWERS;
    const zoe = { leerlingnummer: ZOE, naam: 'Zoë van den Berg' };
    const saved = await saveConcept(services, zoe, answers, { userId: USER.id, naam: USER.naam });
    if (!saved.ok) throw new Error(saved.problem.message);
    // Piet continues that concept in his chat and changes an answer before Anja's "ja" lands.
    const changed = await saveConcept(services, zoe, { ...answers, aantalSchooljaren: 1 }, { userId: PIET.id, naam: PIET.naam }, { continueId: saved.value.id });
    expect(changed.ok).toBe(true);

    const ready = await makeDossierReady(services, ZOE, { userId: USER.id, naam: USER.naam }, saved.value);
    expect(ready.ok).toBe(false);
    if (!ready.ok) expect(ready.problem.message).toContain('intussen gewijzigd door Piet Pieters');
    expect(await anja.repos.dossiers.get(ZOE)).toMatchObject({ status: 'concept', aantalSchooljaren: 1 });
  });
});
