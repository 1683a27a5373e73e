/** The branches of the dossier conversation: several pupils, existing dossiers, BRIN, inzage and akkoord. */
import { beforeEach, describe, expect, it } from 'vitest';
import { createDossier, markProvided, type Dossier } from '../../src/domain/dossier';
import { keys } from '../../src/repositories/keys';
import { MemoryDocumentStore } from '../helpers/memoryDocumentStore';
import { startConversation, type BotConversation } from '../helpers/botConversation';
import { loadFixtures, PUPILS, USER } from '../helpers/dossierFixtures';
import { answerFrom, answerUntil, ASKS, expectScriptAnswers } from '../helpers/dossierScript';

const actor = { userId: 'other', naam: 'Piet Pieters' };
function existingDossier(pupil: { leerlingnummer: string }, status: Dossier['status']): Dossier {
  const d = createDossier(
    {
      id: `old-${status}`,
      leerlingnummer: pupil.leerlingnummer,
      leerlingNaam: 'Zoë van den Berg',
      soortOverstap: 'POPO',
      categorieen: [],
      aantalSchooljaren: 3,
      contactpersoon: { naam: 'Piet Pieters', telefoon: '0201234567' },
      bijlagen: [],
      voorlopig: false,
      contactGewenst: false,
      ontvangendeBrin: '12AB',
      inzage: { gehad: true, datum: '2026-09-01', medewerker: 'Piet Pieters' },
      akkoord: 'Ja',
      aangemaaktDoor: actor,
    },
    '2026-09-01T10:00:00.000Z',
  );
  if (status === 'concept') return d;
  const gereed: Dossier = { ...d, status: 'gereed' };
  if (status === 'gereed') return gereed;
  const provided = markProvided(gereed, actor, '2026-09-02T10:00:00.000Z', '12AB');
  if (!provided.ok) throw new Error(provided.problem.message);
  return provided.value;
}

describe('nieuw dossier: branches', () => {
  let c: BotConversation;
  let store: MemoryDocumentStore;
  beforeEach(async () => {
    store = new MemoryDocumentStore();
    c = startConversation(store);
    await loadFixtures(c.repos);
  });

  it('two pupils at once get one dossier each with the same answers', async () => {
    await answerUntil(c, 'leerling');
    const found = await c.say('zoe, Daan de Vries');
    expect(found.text).toContain('Gevonden: Zoë van den Berg');
    expect(found.text).toContain('Daan de Vries');
    const summary = await answerFrom(c, 'soort', { gereedmaken: 'ok' });
    expect(summary.text).toContain('Het dossier van Zoë van den Berg en Daan de Vries staat nu klaar');
    const zoe = await c.repos.dossiers.get(PUPILS.zoe.leerlingnummer);
    const daan = await c.repos.dossiers.get(PUPILS.daan.leerlingnummer);
    expectScriptAnswers(zoe);
    expect(daan).toMatchObject({ ...strip(zoe), leerlingnummer: PUPILS.daan.leerlingnummer, leerlingNaam: 'Daan de Vries' });
    expect(daan?.id).not.toBe(zoe.id);
    expect([zoe.status, daan?.status]).toEqual(['gereed', 'gereed']);
    expect((await c.repos.dossiers.listMadeBy(USER.id)).length).toBe(2);
  });

  it('several matches give a choice; the number picks one ("een" is not read as 1)', async () => {
    await answerUntil(c, 'leerling');
    const choice = await c.say('sem');
    expect(choice.text).toContain('Er zijn meerdere leerlingen met "sem" in de naam');
    expect(choice.buttons).toEqual([
      `Sem Bakker (groep 3, *****${PUPILS.semBakker.leerlingnummer.slice(-4)})`,
      `Sem de Jong (groep 4, *****${PUPILS.semJong.leerlingnummer.slice(-4)})`,
    ]);
    expect((await c.say('een')).text).toContain('"een" is geen van de keuzes');
    expect((await c.say('2')).text).toContain(ASKS.soort);
    await answerFrom(c, 'soort');
    expect((await c.repos.dossiers.get(PUPILS.semJong.leerlingnummer))?.status).toBe('gereed');
    expect(await c.repos.dossiers.get(PUPILS.semBakker.leerlingnummer)).toBeUndefined();
  });

  it('inzage = nee saves a concept and explains what to do first', async () => {
    await answerUntil(c, 'inzage');
    const reply = await c.say('nee');
    expect(reply.text).toContain('bewaard als concept');
    expect(reply.text).toContain('Laat eerst de ouders/verzorgers het dossier inzien');
    const d = await c.repos.dossiers.get(PUPILS.zoe.leerlingnummer);
    expect(d).toMatchObject({ status: 'concept', inzage: { gehad: false }, ontvangendeBrin: '12AB', categorieen: ['vve', 'verzuim', 'toetsresultaten'] });
    expect(d?.snapshot).toBeUndefined();
  });

  it('akkoord = Nee asks the reason, and the dossier can still be made ready', async () => {
    await answerUntil(c, 'akkoord');
    const reden = await c.say('Nee');
    expect(reden.text).toContain('Waarom gaan de ouders niet akkoord?');
    const empty = await c.say('   ');
    expect(empty.text).toContain('Vul de reden in');
    const summary = await c.say('Ouders zijn het niet eens met het advies');
    expect(summary.text).toContain('Ouders gaan akkoord: Nee — reden: Ouders zijn het niet eens met het advies');
    await c.say('ja');
    const d = await c.repos.dossiers.get(PUPILS.zoe.leerlingnummer);
    expect(d).toMatchObject({ status: 'gereed', akkoord: 'Nee', redenNietAkkoord: 'Ouders zijn het niet eens met het advies' });
  });

  it('"nee" at "Dossier gereedmaken?" keeps a concept', async () => {
    await answerUntil(c, 'gereedmaken');
    expect((await c.say('nee')).text).toContain('bewaard als concept');
    const d = await c.repos.dossiers.get(PUPILS.zoe.leerlingnummer);
    expect(d?.status).toBe('concept');
    expect(d?.inzage).toEqual({ gehad: true, datum: '2026-10-03', medewerker: USER.naam });
  });

  it('another BRIN needs an explicit confirmation that repeats the warning; confirmed, it is stored and flagged', async () => {
    await answerUntil(c, 'brin');
    const confirm = await c.say('34cd');
    expect(confirm.text).toContain('U vulde 34CD in. Dat is NIET uw eigen BRIN-nummer (12AB)');
    expect(confirm.text).toContain('LET OP');
    expect((await c.say('ok')).text).toContain('Antwoord met ja of nee'); // no default here
    const again = await c.say('nee');
    expect(again.text).toContain('Vul het BRIN-nummer opnieuw in');
    expect(again.text).toContain(ASKS.brin);
    await c.say('34CD');
    expect((await c.say('ja')).text).toContain(ASKS.inzage);
    await answerFrom(c, 'inzage');
    const d = await c.repos.dossiers.get(PUPILS.zoe.leerlingnummer);
    expect(d).toMatchObject({ status: 'gereed', ontvangendeBrin: '34CD' });
    expect(c.transcript.join('\n')).toContain('BRIN-nummer: 34CD (LET OP: niet uw eigen BRIN)');
  });

  it('"nee" at the BRIN confirmation keeps nothing of the other BRIN', async () => {
    await answerUntil(c, 'brin');
    await c.say('34CD');
    await c.say('nee');
    await answerFrom(c, 'brin');
    expect((await c.repos.dossiers.get(PUPILS.zoe.leerlingnummer))?.ontvangendeBrin).toBe('12AB');
  });

  it('an existing gereed dossier is not overwritten: the bot says to withdraw it first', async () => {
    await c.repos.dossiers.save(existingDossier(PUPILS.zoe, 'gereed'));
    await answerUntil(c, 'leerling');
    const reply = await c.say('zoe');
    expect(reply.text).toContain('heeft al een dossier met status "gereed"');
    expect(reply.text).toContain('intrekken Zoë van den Berg');
    expect((await c.repos.dossiers.get(PUPILS.zoe.leerlingnummer))?.id).toBe('old-gereed');
  });

  it('an existing verstrekt dossier is replaced by the new one and archived', async () => {
    await c.repos.dossiers.save(existingDossier(PUPILS.zoe, 'verstrekt'));
    await answerUntil(c, 'leerling');
    expect((await c.say('zoe')).text).toContain('Het nieuwe dossier vervangt het');
    await answerFrom(c, 'soort');
    const d = await c.repos.dossiers.get(PUPILS.zoe.leerlingnummer);
    expectScriptAnswers(d);
    expect(d.id).not.toBe('old-verstrekt');
    expect(d.status).toBe('gereed');
    const archived = await store.get<Dossier>(keys.dossierArchive(PUPILS.zoe.leerlingnummer, 'old-verstrekt'));
    expect(archived?.value.status).toBe('verstrekt');
  });

  it('an existing concept can be replaced by a new dossier', async () => {
    await c.repos.dossiers.save(existingDossier(PUPILS.zoe, 'concept'));
    await answerUntil(c, 'leerling');
    await c.say('zoe');
    expect((await c.say('vervangen')).text).toContain('Typ "ok" voor: POPO');
    await answerFrom(c, 'soort');
    const d = await c.repos.dossiers.get(PUPILS.zoe.leerlingnummer);
    expectScriptAnswers(d);
    expect(d.id).not.toBe('old-concept');
  });

  it('a dossier that breaks an OSO rule is not made ready: it stays a concept and the bot says what to fix', async () => {
    // OSO needs the pupil's address (or that it is secret), which the roster lacks here.
    await c.repos.pupils.upsert({ ...PUPILS.zoe, adres: undefined });
    await answerUntil(c, 'gereedmaken', { categorieen: 'geen' });
    const reply = await c.say('ja');
    expect(reply.text).toContain('is bewaard als concept, maar nog niet gereed');
    expect(reply.text).toContain('heeft geen adres in de leerlingadministratie');
    const d = await c.repos.dossiers.get(PUPILS.zoe.leerlingnummer);
    expect(d).toMatchObject({ status: 'concept', soortOverstap: 'POPO' });
    expect(d?.osoDocument).toBeUndefined();
  });

  it('contact gewenst = ja without a phone number asks for one', async () => {
    await c.repos.users.save({ ...USER, telefoon: undefined });
    await answerUntil(c, 'contactGewenst');
    const phone = await c.say('ja');
    expect(phone.text).toContain('Op welk telefoonnummer is Anja de Vries bereikbaar?');
    expect((await c.say('12345')).text).toContain('geen geldig telefoonnummer');
    expect((await c.say('06 8765 4321')).text).toContain(ASKS.brin);
    await answerFrom(c, 'brin');
    const d = await c.repos.dossiers.get(PUPILS.zoe.leerlingnummer);
    expect(d).toMatchObject({ status: 'gereed', contactGewenst: true, contactpersoon: { naam: USER.naam, telefoon: '06 8765 4321' } });
  });
});

/** The answers of a dossier, without what differs per pupil. */
function strip(d: Dossier) {
  const { id: _id, leerlingnummer: _nr, leerlingNaam: _naam, snapshot: _s, history: _h, osoDocument: _doc, ...rest } = d;
  return rest;
}
