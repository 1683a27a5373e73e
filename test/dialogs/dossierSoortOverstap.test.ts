/**
 * Step 5 follows the own school: what a BAO and a VO school are offered, and what they are told;
 * POVO asks the advice a pupil's source lacks, VOVO asks the parents' consent; a carer who is
 * not the legal representative does not stop the dossier. With the official OSO files present,
 * each document made here is checked by the official XSD and business rules too.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TEXT } from '../../dialogs/dossierDialog.texts';
import { createOfficialValidator, type OfficialValidator } from '../../src/oso/officialValidator';
import { OSO_DIR } from '../oso/fixtures';
import { MemoryDocumentStore } from '../helpers/memoryDocumentStore';
import { startConversation, type BotConversation } from '../helpers/botConversation';
import { loadFixtures, PUPILS, SCHOOL } from '../helpers/dossierFixtures';
import { answerFrom, answerUntil, ASKS } from '../helpers/dossierScript';

describe('nieuw dossier: soort overstap follows the school', () => {
  let c: BotConversation;
  beforeEach(async () => {
    c = startConversation(new MemoryDocumentStore());
    await loadFixtures(c.repos);
  });

  it('a basisschool is offered POPO and POVO; VOVO typed gets the reason and is asked again', async () => {
    const soort = await answerUntil(c, 'soort');
    expect(soort.buttons).toEqual(['POPO', 'POVO']);
    const vovo = await c.say('VO-VO');
    expect(vovo.text).toContain('VOVO (van voortgezet onderwijs naar voortgezet onderwijs) past niet bij uw school');
    expect(vovo.text).toContain('school voor basisonderwijs (BAO)');
    expect(vovo.text).toContain(ASKS.soort);
    const help = await c.say('help');
    expect(help.text).not.toContain('VOVO');
    expect((await c.say('popo')).text).toContain(ASKS.categorieen);
  });

  it('a VO school is offered VOVO only, POPO typed gets the reason, and the dossier is VOVO', async () => {
    await c.repos.school.save({ ...SCHOOL, soort: 'VO' });
    const soort = await answerUntil(c, 'leerling').then(() => c.say('zoe'));
    expect(soort.text).toContain(TEXT.soort.vraagVo);
    expect(soort.buttons).toEqual(['VOVO']);
    expect(soort.text).toContain('Typ "ok" voor: VOVO');
    const popo = await c.say('popo');
    expect(popo.text).toContain('POPO (van basisschool naar basisschool (ook voor LDOS)) past niet bij uw school: dit is een school voor voortgezet onderwijs (VO)');
    expect(popo.text).toContain('Kies VOVO.');
    expect((await c.say('ok')).text).toContain(TEXT.toestemming.vraag);
    expect((await c.say('onbekend')).text).toContain(ASKS.categorieen);
    await answerFrom(c, 'categorieen', { categorieen: 'geen', gereedmaken: 'nee' });
    const d = await c.repos.dossiers.get(PUPILS.zoe.leerlingnummer);
    expect(d).toMatchObject({ soortOverstap: 'VOVO' });
  });

  it('a continued concept with a soort the school cannot send proposes one it can', async () => {
    await answerUntil(c, 'categorieen', { soort: 'popo' });
    await c.say('annuleren');
    await c.repos.school.save({ ...SCHOOL, soort: 'VO' });
    await answerUntil(c, 'leerling');
    await c.say('zoe');
    const soort = await c.say('verdergaan');
    expect(soort.buttons).toEqual(['VOVO']);
    expect(soort.text).toContain('Typ "ok" voor: VOVO');
  });
});

describe('nieuw dossier: what POVO and VOVO ask, and the carers', () => {
  const present = fs.existsSync(OSO_DIR);
  let validator: OfficialValidator | undefined;
  let c: BotConversation;
  beforeAll(async () => {
    if (present) validator = await createOfficialValidator(OSO_DIR);
  }, 120_000);
  afterAll(() => validator?.close());
  beforeEach(async () => {
    c = startConversation(new MemoryDocumentStore(), { osoValidator: validator });
    await loadFixtures(c.repos);
  });

  const expectValid = (xml: string | undefined) => {
    expect(xml).toBeDefined();
    if (validator) expect(validator.validate(xml!)).toEqual({ xsdErrors: [], ruleErrors: [] });
  };

  it('POVO asks the schooladvies the roster lacks, explained in words, and the document carries its DUO code', async () => {
    await answerUntil(c, 'soort');
    const vraag = await c.say('po-vo');
    expect(vraag.text).toContain('Wat is het schooladvies van Zoë van den Berg?');
    expect(vraag.text).toContain('vmbo-kb: vmbo kaderberoepsgerichte leerweg (code 40)');
    expect(vraag.text).toContain('5. havo (code 60)');
    expect(vraag.buttons).toContain('havo');
    expect((await c.say('mbo')).text).toContain('"mbo" is geen schooladvies dat ik ken');
    expect((await c.say('havo')).text).toContain(ASKS.categorieen);
    const end = await answerFrom(c, 'categorieen', { categorieen: 'geen' });
    expect(c.transcript.join('\n')).toContain('- Schooladvies: Zoë van den Berg: havo, code 60');
    expect(end.text).toContain('status "gereed"');
    const d = await c.repos.dossiers.get(PUPILS.zoe.leerlingnummer);
    expect(d).toMatchObject({ status: 'gereed', soortOverstap: 'POVO', schooladvies: '60' });
    expect(d?.osoDocument).toContain('<advies>60</advies>');
    expectValid(d?.osoDocument);
  });

  it('POVO for two pupils asks the advice of each, and each dossier gets its own', async () => {
    await answerUntil(c, 'leerling');
    await c.say('zoe, Daan de Vries');
    expect((await c.say('povo')).text).toContain('schooladvies van Zoë van den Berg');
    expect((await c.say('3')).text).toContain('schooladvies van Daan de Vries');
    // "terug" goes to the soort; Zoë's advice is kept, so only Daan's is asked again.
    expect((await c.say('terug')).text).toContain(ASKS.soort);
    expect((await c.say('povo')).text).toContain('schooladvies van Daan de Vries');
    expect((await c.say('70')).text).toContain(ASKS.categorieen);
    // "terug" at the categories asks the advices again, from the first pupil.
    expect((await c.say('terug')).text).toContain('schooladvies van Zoë van den Berg');
    await c.say('vmbo-kb');
    expect((await c.say('vwo')).text).toContain(ASKS.categorieen);
    await answerFrom(c, 'categorieen', { categorieen: 'geen', gereedmaken: 'ok' });
    const zoe = await c.repos.dossiers.get(PUPILS.zoe.leerlingnummer);
    const daan = await c.repos.dossiers.get(PUPILS.daan.leerlingnummer);
    expect(zoe).toMatchObject({ status: 'gereed', schooladvies: '40' });
    expect(daan).toMatchObject({ status: 'gereed', schooladvies: '70' });
    expectValid(daan?.osoDocument);
  });

  it('POVO does not ask when the roster has the advice as a DUO code', async () => {
    await c.repos.pupils.upsert({ ...PUPILS.zoe, overstapadvies: { advies: '61' } });
    await answerUntil(c, 'soort');
    expect((await c.say('povo')).text).toContain(ASKS.categorieen);
  });

  it('VOVO asks toestemming and writes the answer instead of "Onbekend"', async () => {
    await c.repos.school.save({ ...SCHOOL, soort: 'VO' });
    await answerUntil(c, 'leerling');
    await c.say('zoe');
    const vraag = await c.say('vovo');
    expect(vraag.text).toContain(TEXT.toestemming.vraag);
    expect(vraag.buttons).toEqual(['Ja', 'Nee', 'Onbekend']);
    expect((await c.say('misschien')).text).toContain(TEXT.toestemming.vraag);
    expect((await c.say('ja')).text).toContain(ASKS.categorieen);
    await answerFrom(c, 'categorieen', { categorieen: 'geen' });
    expect(c.transcript.join('\n')).toContain('- Toestemming ouders voor de overstap: Ja');
    const d = await c.repos.dossiers.get(PUPILS.zoe.leerlingnummer);
    expect(d).toMatchObject({ status: 'gereed', soortOverstap: 'VOVO', toestemming: 'Ja' });
    expect(d?.osoDocument).toContain('<toestemming>Ja</toestemming>');
    expectValid(d?.osoDocument);
  });

  it('a pupil whose only carer is not the legal representative still gets a dossier, with the carer marked as such', async () => {
    const oma = { achternaam: 'Berg', voornamen: ['Truus'], geslacht: 'V' as const, relatie: 'grootmoeder' as const, wettigVertegenwoordiger: false };
    await c.repos.pupils.upsert({ ...PUPILS.zoe, verzorgers: [oma] });
    const end = await answerFrom(c, 'start');
    expect(end.text).toContain('status "gereed"');
    const d = await c.repos.dossiers.get(PUPILS.zoe.leerlingnummer);
    expect(d?.status).toBe('gereed');
    expect(d?.osoDocument).toContain('<wettigevertegenwoordiger>false</wettigevertegenwoordiger>');
    expectValid(d?.osoDocument);
  });
});
