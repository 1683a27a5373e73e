/** Step 5 follows the own school: what a BAO and a VO school are offered, and what they are told. */
import { beforeEach, describe, expect, it } from 'vitest';
import { TEXT } from '../../dialogs/dossierDialog.texts';
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
    expect((await c.say('ok')).text).toContain(ASKS.categorieen);
    await answerFrom(c, 'categorieen', { categorieen: 'geen', gereedmaken: 'nee' });
    const d = await c.repos.dossiers.get(PUPILS.zoe.leerlingnummer);
    expect(d).toMatchObject({ soortOverstap: 'VOVO' });
  });

  it('a continued concept with a soort the school cannot send proposes one it can', async () => {
    await answerUntil(c, 'categorieen', { soort: 'povo' });
    await c.say('annuleren');
    await c.repos.school.save({ ...SCHOOL, soort: 'VO' });
    await answerUntil(c, 'leerling');
    await c.say('zoe');
    const soort = await c.say('verdergaan');
    expect(soort.buttons).toEqual(['VOVO']);
    expect(soort.text).toContain('Typ "ok" voor: VOVO');
  });
});
