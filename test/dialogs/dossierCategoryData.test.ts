/**
 * Step 6 tells per optional category whether the pupil has data for it, and the summary names
 * the chosen categories that would go out empty in the chosen school years (issue 19), for a
 * roster pupil and for a pupil imported from an official OSO example dossier.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { readOsoDocument } from '../../src/domain/oso/readOsoDocument';
import { parseXml } from '../../src/oso/parseXml';
import { MemoryDocumentStore } from '../helpers/memoryDocumentStore';
import { startConversation, type BotConversation } from '../helpers/botConversation';
import { loadFixtures, PUPILS } from '../helpers/dossierFixtures';
import { answerFrom, answerUntil, ASKS } from '../helpers/dossierScript';
import { skipNote } from '../helpers/skipReason';
import { OSO_DIR, officialFilesAvailable } from '../oso/fixtures';

/** The line of step 6 that offers this category. */
const regel = (text: string, naam: string): string => text.split('\n').find((l) => new RegExp(`^\\d+\\. ${naam} — `).test(l)) ?? '';

describe('nieuw dossier: which categories have data', () => {
  let c: BotConversation;
  beforeEach(async () => {
    c = startConversation(new MemoryDocumentStore());
    await loadFixtures(c.repos);
    // Zoë: verzuim last school year only, one test this school year; nothing else optional.
    await c.repos.pupils.upsert({
      ...PUPILS.zoe,
      verzuim: [{ schooljaar: '2025-2026', geoorloofdUren: 4, ongeoorloofdUren: 0 }],
      toetsresultaten: [{ datum: '2026-09-20', code: 'RW2006-12-155', toets: 'LVS Rekenen-Wiskunde', onderdeel: 'Rekenen', score: 'B' }],
    });
  });

  it('step 6 marks each optional category with or without data for this pupil', async () => {
    await answerUntil(c, 'soort');
    const step6 = (await c.say('POPO')).text;
    expect(step6).toContain(ASKS.categorieen);
    expect(regel(step6, 'Verzuim')).toContain('(gegevens aanwezig)');
    expect(regel(step6, 'Toetsresultaten')).toContain('(gegevens aanwezig)');
    expect(regel(step6, 'VVE')).toContain('(geen gegevens)');
    expect(regel(step6, 'Cijferlijsten')).toContain('(geen gegevens)');
    expect(regel(step6, 'Bijlagedocs')).toContain('u kunt zelf bestanden toevoegen');
  });

  it('a roster eindtoets is named at step 6 as data that cannot go out, with what to do instead', async () => {
    await c.repos.pupils.upsert({ ...PUPILS.zoe, eindtoets: { naam: 'Route 8', score: '212', advies: 'havo' } });
    await answerUntil(c, 'soort');
    const step6 = (await c.say('POPO')).text;
    expect(regel(step6, 'Eindtoets BO')).toContain('(geen gegevens)');
    expect(regel(step6, 'Eindtoets BO')).toContain('uit de leerlingenlijst kan niet mee');
    expect(regel(step6, 'Verzuim')).not.toContain('kan niet mee');
  });

  it('the summary names chosen categories that go out empty in the chosen years, and only those', async () => {
    await answerUntil(c, 'categorieen');
    await c.say('verzuim, toetsresultaten, vve');
    await answerFrom(c, 'schooljaren', { schooljaren: '1' });
    const summary = c.transcript.find((t) => t.includes('**Samenvatting**')) ?? '';
    const let_op = summary.split('\n').find((l) => l.includes('zonder gegevens')) ?? '';
    // Verzuim is from last school year: with 1 year it sends nothing; VVE has none at all.
    expect(let_op).toContain('VVE');
    expect(let_op).toContain('Verzuim');
    expect(let_op).not.toContain('Toetsresultaten');
  });

  it('with enough school years the verzuim counts, and a summary without empty categories has no warning', async () => {
    await answerUntil(c, 'categorieen');
    await c.say('verzuim, toetsresultaten');
    await answerFrom(c, 'schooljaren', { schooljaren: '2' });
    const summary = c.transcript.find((t) => t.includes('**Samenvatting**')) ?? '';
    expect(summary).toContain('naar keuze Verzuim, Toetsresultaten');
    expect(summary).not.toContain('zonder gegevens');
  });
});

describe.skipIf(!officialFilesAvailable)(`nieuw dossier for a pupil from an OSO document${skipNote(!officialFilesAvailable, 'the official OSO-gegevensset files are not in ../shared/oso-gegevensset')}`, () => {
  it('step 6 shows the categories the imported dossier has data for', async () => {
    const c = startConversation(new MemoryDocumentStore());
    await loadFixtures(c.repos);
    const parsed = await parseXml(fs.readFileSync(path.join(OSO_DIR, 'examples', 'Voorbeelddossier_OV_POPO_full.xml')));
    if (!parsed.ok) throw new Error('example not readable');
    const read = readOsoDocument(parsed.root);
    if (!read.ok) throw new Error(read.problems.join('; '));
    await c.repos.pupils.upsert(read.pupil);
    await answerUntil(c, 'leerling');
    const keuze = await c.say(`${read.pupil.voornamen[0]} ${read.pupil.voorvoegsel ?? ''} ${read.pupil.achternaam}`);
    expect(keuze.text).toContain(ASKS.soort);
    const step6 = (await c.say('POPO')).text;
    expect(step6).toContain(ASKS.categorieen);
    for (const naam of ['VVE', 'Onderwijsondersteuning', 'Verzuim', 'Eindtoets BO', 'Toetsresultaten', 'Handelingsplannen', 'Cijferlijsten']) {
      expect(regel(step6, naam), naam).toContain('(gegevens aanwezig)');
    }
    expect(regel(step6, 'Bijlagedocs')).toContain('(gegevens aanwezig)');
  });
});
