/**
 * The texts around the end of the dossier conversation (issue 19): step 20 for another BRIN
 * and for an onderwijsnummer, no "0 bijlagen", a continued concept's category proposal, and
 * the menu again when a conversation ends.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryDocumentStore } from '../helpers/memoryDocumentStore';
import { startConversation, type BotConversation } from '../helpers/botConversation';
import { loadFixtures, PUPILS } from '../helpers/dossierFixtures';
import { answerFrom, answerUntil, ASKS } from '../helpers/dossierScript';

const MENU = ['Nieuw dossier', 'Status', 'Mijn dossiers', 'Intrekken'];
const ONDERWIJSNUMMER = '100012961';

describe('nieuw dossier: texts at the end', () => {
  let c: BotConversation;
  beforeEach(async () => {
    c = startConversation(new MemoryDocumentStore());
    await loadFixtures(c.repos);
  });

  it('step 20 for the own BRIN and a BSN: the directie requests it in LDOS with the BSN; then the menu again', async () => {
    await answerUntil(c, 'leerling');
    const done = await answerFrom(c, 'leerling');
    expect(done.text).toContain('met het BSN van de leerling en BRIN-nummer 12AB');
    expect(done.text).not.toContain('Alleen die school');
    expect(done.buttons).toEqual(expect.arrayContaining(MENU));
    expect(done.text).toContain('Wat wilt u nu doen?');
  });

  it('step 20 for another BRIN: only that school can request it, not the own LDOS', async () => {
    await answerUntil(c, 'brin');
    expect((await c.say('34CD')).text).toContain('Weet u zeker dat het dossier naar 34CD moet?');
    expect((await c.say('ja')).text).toContain(ASKS.inzage);
    const done = await answerFrom(c, 'inzage');
    expect(done.text).toContain('staat nu klaar met status "gereed"');
    expect(done.text).toContain('het dossier is gericht aan BRIN-nummer 34CD. Alleen die school kan het opvragen');
    expect(done.text).toContain('niet uw eigen LDOS');
    expect(done.text).not.toContain('zodra de directie het in LDOS opvraagt');
  });

  it('step 20 for a pupil with an onderwijsnummer: the directie requests it with the onderwijsnummer, not a BSN', async () => {
    await c.repos.pupils.upsert({ ...PUPILS.semBakker, leerlingnummer: ONDERWIJSNUMMER, voornamen: ['Noor'], achternaam: 'Peters' });
    await answerUntil(c, 'leerling');
    const done = await answerFrom(c, 'leerling', { leerling: 'Noor Peters' });
    expect(done.text).toContain('Het dossier van Noor Peters staat nu klaar');
    expect(done.text).toContain('met het onderwijsnummer van de leerling (niet een BSN');
    expect(done.text).not.toContain('met het BSN van de leerling');
  });

  it('a file that could not be fetched: "nog geen bijlagen", not "0 bijlagen"', async () => {
    await answerUntil(c, 'bijlagen');
    const reply = await c.say({ text: '', attachments: [42] as never });
    expect(reply.text).toContain('kon ik niet ophalen');
    expect(reply.text).toContain('Er zijn nog geen bijlagen bewaard');
    expect(reply.text).not.toContain('0 bijlagen');
    expect(reply.text).not.toContain('Nog meer bestanden');
  });

  it('a concept continued before categories were chosen proposes "alle", as a new dossier does', async () => {
    const fresh = await answerUntil(c, 'categorieen');
    expect(fresh.text).toContain('Typ "ok" voor: alle');
    const gestopt = await c.say('annuleren');
    expect(gestopt.text).toContain('bewaard als concept');
    expect(gestopt.buttons).toEqual(expect.arrayContaining(MENU));
    expect((await c.repos.dossiers.get(PUPILS.zoe.leerlingnummer))?.status).toBe('concept');
    await answerUntil(c, 'leerling');
    await c.say('zoe');
    await c.say('verdergaan');
    const categorieen = await c.say('ok');
    expect(categorieen.text).toContain(ASKS.categorieen);
    expect(categorieen.text).toContain('Typ "ok" voor: alle');
  });

  it('a dossier saved as concept ("nee" at gereedmaken) offers the menu again', async () => {
    await answerUntil(c, 'leerling');
    const done = await answerFrom(c, 'leerling', { gereedmaken: 'nee' });
    expect(done.text).toContain('is bewaard als concept');
    expect(done.buttons).toEqual(expect.arrayContaining(MENU));
  });
});
