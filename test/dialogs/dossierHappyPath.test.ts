import { beforeEach, describe, expect, it } from 'vitest';
import { TEXT } from '../../dialogs/dossierDialog.texts';
import { MemoryDocumentStore } from '../helpers/memoryDocumentStore';
import { startConversation, type BotConversation } from '../helpers/botConversation';
import { loadFixtures, PUPILS, SCHOOL } from '../helpers/dossierFixtures';
import { answerFrom, answerUntil, ASKS, expectScriptAnswers } from '../helpers/dossierScript';
import { fakeFileHost, type FakeFileHost } from '../helpers/fakeFileHost';

const PDF = Buffer.from('%PDF-1.4\n% rapport van Zoë\n');
const DOCX = Buffer.from('PK\u0003\u0004 handelingsplan');
const TOO_BIG = Buffer.alloc(10 * 1024 * 1024 + 1, 65);

describe('nieuw dossier: the happy path for POPO with attachments', () => {
  let files: FakeFileHost;
  let c: BotConversation;

  beforeEach(async () => {
    files = fakeFileHost({ 'handelingsplan.docx': DOCX, 'scan.pdf': TOO_BIG });
    c = startConversation(new MemoryDocumentStore(), { attachmentSources: files.sources });
    await loadFixtures(c.repos);
  });

  it('asks the twelve questions in the manual\'s order and stores a gereed dossier with its files', async () => {
    const start = await c.say('nieuw dossier');
    expect(start.text).toContain(TEXT.leerling.vraag);

    const soort = await c.say('zoe'); // accent-insensitive: finds Zoë
    expect(soort.text).toContain('Zoë van den Berg');
    expect(soort.text).toContain(ASKS.soort);
    expect(soort.buttons).toEqual(['POPO', 'POVO']); // a basisschool never sends VOVO

    const categorieen = await c.say('Po Po');
    expect(categorieen.text).toContain('Altijd mee (verplicht): Metadata');
    expect(categorieen.text).toContain('1. VVE');
    expect(categorieen.text).not.toContain('VO-MBO'); // forbidden for POPO, never offered

    expect((await c.say('1, 3 en 5')).text).toContain(ASKS.schooljaren);
    const contact = await c.say('drie');
    expect(contact.text).toContain('Typ "ok" voor: Anja de Vries, 06-12345678');
    expect((await c.say('ok')).text).toContain(ASKS.bijlagen);

    // A data: URL (Web Chat) and a download from SharePoint (Teams) in one message, plus two
    // files that are refused with a reason: the others are kept.
    const received = await c.say({
      text: '',
      attachments: [
        { name: 'rapport.pdf', contentType: 'application/pdf', contentUrl: `data:application/pdf;base64,${PDF.toString('base64')}` },
        { name: 'handelingsplan.docx', contentType: 'application/octet-stream', contentUrl: files.url('handelingsplan.docx') },
        { name: 'virus.exe', contentType: 'application/octet-stream', contentUrl: 'data:application/octet-stream;base64,TVqQAA==' },
        // Teams copies the message text as an HTML attachment: not a file.
        { contentType: 'text/html', content: '<p>hier</p>' },
        { name: 'scan.pdf', contentType: 'application/pdf', contentUrl: files.url('scan.pdf') },
      ],
    });
    expect(received.text).toContain('Bewaard: rapport.pdf');
    expect(received.text).toContain('handelingsplan.docx');
    expect(received.text).toContain('"virus.exe" heb ik niet bewaard: dit soort bestand');
    expect(received.text).toContain('"scan.pdf" heb ik niet bewaard: het is groter dan 10 MB');
    expect(received.text).toContain('Nog meer bestanden?');
    expect(received.text).toContain('categorie Bijlagedocs aangezet');
    expect(received.buttons).toContain('klaar');

    expect((await c.say('klaar')).text).toContain(ASKS.voorlopig);
    expect((await c.say('ok')).text).toContain(ASKS.contactGewenst);
    const brin = await c.say('nee');
    expect(brin.text).toContain('LET OP');
    expect(brin.text).toContain('dit is uw eigen BRIN-nummer, omdat u het dossier in uw eigen LDOS wilt ophalen');
    expect(brin.text).toContain(`Typ "ok" voor: ${SCHOOL.brin}`);
    expect((await c.say('ok')).text).toContain(ASKS.inzage);
    expect((await c.say('Ja!')).text).toContain(ASKS.datum);
    expect((await c.say('3-10-2026')).text).toContain(ASKS.medewerker);
    expect((await c.say('ok')).text).toContain(ASKS.akkoord);

    const summary = await c.say('Ja');
    expect(summary.text).toContain('**Samenvatting**');
    expect(summary.text).toContain('Bijlagen: rapport.pdf');
    expect(summary.text).toContain('BRIN-nummer: 12AB (uw eigen BRIN)');
    expect(summary.text).toContain(ASKS.gereedmaken);

    const done = await c.say('ja');
    expect(done.text).toContain('status "gereed"');
    expect(done.text).toContain('Stap 20');
    expect(done.text).toContain('"verstrekt"');

    const d = (await c.repos.dossiers.get(PUPILS.zoe.leerlingnummer))!;
    expectScriptAnswers({ ...d, categorieen: ['vve', 'verzuim', 'toetsresultaten'] });
    expect(d.categorieen).toEqual(['vve', 'verzuim', 'toetsresultaten', 'bijlagedocs']); // switched on for the files
    expect(d.status).toBe('gereed');
    expect(d.snapshot?.leerlingnummer).toBe(PUPILS.zoe.leerlingnummer);
    // The OSO-gegevensset document is built and stored, with the files in it.
    expect(d.osoDocument).toContain('<overstap>POPO</overstap>');
    expect(d.osoDocument).toContain('<cat_bijlagedocs>OPTIONEEL</cat_bijlagedocs>');
    expect(d.osoDocument).toContain('rapport.pdf');
    expect(d.history.map((h) => h.actie)).toEqual(['aangemaakt', 'gereed']);
    expect(d.bijlagen.map((b) => [b.naam, b.contentType, b.grootte])).toEqual([
      ['rapport.pdf', 'application/pdf', PDF.length],
      ['handelingsplan.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', DOCX.length],
    ]);
    expect(await c.repos.dossiers.getAttachmentContent(d.bijlagen[0]!.id)).toEqual(PDF);
    expect(await c.repos.dossiers.getAttachmentContent(d.bijlagen[1]!.id)).toEqual(DOCX);

    // The BSN was never typed, so it is never shown in full.
    expect(c.transcript.join('\n')).not.toContain(PUPILS.zoe.leerlingnummer);
    expect(c.transcript.join('\n')).toContain(`*****${PUPILS.zoe.leerlingnummer.slice(-4)}`);
  });

  it('accepts the pupil with the command and the BSN instead of a name, and dates as 2026-10-03', async () => {
    const reply = await c.say(`nieuw dossier ${PUPILS.lotte.leerlingnummer}`);
    expect(reply.text).toContain('Lotte Smit');
    expect(reply.text).toContain(ASKS.soort);
    await answerFrom(c, 'soort', { datum: '2026-10-03' });
    const d = await c.repos.dossiers.get(PUPILS.lotte.leerlingnummer);
    expect(d?.leerlingnummer).toBe(PUPILS.lotte.leerlingnummer); // leading zero kept
    expect(d?.leerlingnummer.startsWith('0')).toBe(true);
    expect(d?.status).toBe('gereed');
    expect(d?.inzage.datum).toBe('2026-10-03');
  });

  it('takes "gisteren" as a date, and "ok" everywhere a default is proposed', async () => {
    await answerUntil(c, 'datum', { soort: 'ok', categorieen: 'ok', schooljaren: 'ok', bijlagen: 'ok' });
    await answerFrom(c, 'datum', { datum: 'gisteren', akkoord: 'ok', gereedmaken: 'ok' });
    const d = await c.repos.dossiers.get(PUPILS.zoe.leerlingnummer);
    expect(d).toMatchObject({ status: 'gereed', soortOverstap: 'POPO', aantalSchooljaren: 3, akkoord: 'Ja', bijlagen: [] });
    expect(d?.categorieen).toHaveLength(8); // "alle" optional categories of POPO
    expect(d?.inzage.datum).toBe('2026-10-14');
  });

  it('stops taking files after ten and says so', async () => {
    await answerUntil(c, 'bijlagen');
    const eleven = Array.from({ length: 11 }, (_, i) => ({
      name: `blad${i + 1}.txt`,
      contentType: 'text/plain',
      contentUrl: `data:text/plain;base64,${Buffer.from(`blad ${i + 1}`).toString('base64')}`,
    }));
    const reply = await c.say({ text: '', attachments: eleven });
    expect(reply.text).toContain('"blad11.txt" heb ik niet bewaard: een dossier kan hoogstens 10 bijlagen hebben.');
    await answerFrom(c, 'bijlagen', { bijlagen: 'klaar' });
    const d = await c.repos.dossiers.get(PUPILS.zoe.leerlingnummer);
    expect(d?.bijlagen.map((b) => b.naam)).toEqual(eleven.slice(0, 10).map((f) => f.name));
  });

  it('in Teams the categories are checkboxes; the ticked ones arrive in activity.value', async () => {
    const teams = startConversation(new MemoryDocumentStore(), { channelId: 'msteams' });
    await loadFixtures(teams.repos);
    const question = await answerUntil(teams, 'categorieen');
    const card = question.activities.flatMap((a) => a.attachments ?? []).find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive');
    const choiceSet = (card?.content as { body: { type: string; isMultiSelect?: boolean; choices?: { value: string }[] }[] }).body.find((b) => b.type === 'Input.ChoiceSet');
    expect(choiceSet?.isMultiSelect).toBe(true);
    expect(choiceSet?.choices?.map((ch) => ch.value)).toContain('verzuim');
    expect((await teams.say({ text: '', value: { categorieen: 'verzuim,handelingsplannen' } })).text).toContain(ASKS.schooljaren);
    await answerFrom(teams, 'schooljaren');
    expect((await teams.repos.dossiers.get(PUPILS.zoe.leerlingnummer))?.categorieen).toEqual(['verzuim', 'handelingsplannen']);
  });
});
