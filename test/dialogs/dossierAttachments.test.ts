/**
 * Files in the dossier conversation (issue 17): malformed attachments, file names, a failed
 * turn, the size of a dossier's files together, downloads only from where channels serve
 * files, and Bijlagedocs switched off after files were sent.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { TEXT } from '../../dialogs/dossierDialog.texts';
import { readZip } from '../../src/lib/zip';
import { keys } from '../../src/repositories/keys';
import { startConversation, type BotConversation } from '../helpers/botConversation';
import { loadFixtures, PUPILS } from '../helpers/dossierFixtures';
import { answerFrom, answerUntil, ASKS } from '../helpers/dossierScript';
import { fakeFileHost } from '../helpers/fakeFileHost';
import { MemoryDocumentStore } from '../helpers/memoryDocumentStore';

const PDF = Buffer.from('%PDF-1.4 verslag');
const dataUrl = (data: Buffer, type = 'application/pdf') => `data:${type};base64,${data.toString('base64')}`;
const OPHALEN = 'kon ik niet ophalen';
const TURN_ERROR = 'Sorry, er ging iets mis';

/** A store that remembers which attachment contents were written, and can refuse conversation-state writes. */
class WatchedStore extends MemoryDocumentStore {
  contentKeys: string[] = [];
  failConversationWrites = false;
  override async set<T>(key: string, value: T, condition?: Parameters<MemoryDocumentStore['set']>[2]): Promise<string> {
    if (this.failConversationWrites && key.includes('/conversations/')) throw new Error('store down');
    if (key.startsWith('bijlage:')) this.contentKeys.push(key);
    return super.set(key, value, condition);
  }
}

describe('nieuw dossier: files', () => {
  let store: WatchedStore;
  let host: ReturnType<typeof fakeFileHost>;
  let c: BotConversation;

  beforeEach(async () => {
    store = new WatchedStore();
    host = fakeFileHost({ 'verslag.pdf': PDF });
    c = startConversation(store, { attachmentSources: host.sources });
    await loadFixtures(c.repos);
    await answerUntil(c, 'bijlagen');
  });

  it.each([
    ['an undecodable data: URL', [{ name: 'verslag.pdf', contentType: 'application/pdf', contentUrl: 'data:application/pdf,%E0%A4%A' }]],
    ['a URL that is not a string', [{ name: 'verslag.pdf', contentType: 'application/pdf', contentUrl: { href: 'x' } }]],
    ['attachments that is not a list', { name: 'verslag.pdf', contentUrl: dataUrl(PDF) }],
    ['an attachment that is not an object', [42]],
  ])('%s gets "kon ik niet ophalen", and the conversation stays at the question', async (_label, attachments) => {
    const reply = await c.say({ text: '', attachments: attachments as never });
    expect(reply.text).toContain(OPHALEN);
    expect(reply.text).not.toContain(TURN_ERROR);
    expect(reply.text).toContain(TEXT.bijlagen.meer(0));
    // Still the same question: a file is taken, then "klaar" goes on.
    expect((await c.say({ text: '', attachments: [{ name: 'verslag.pdf', contentType: 'application/pdf', contentUrl: dataUrl(PDF) }] })).text).toContain('Bewaard: verslag.pdf');
    expect((await c.say('klaar')).text).toContain(ASKS.voorlopig);
  });

  it('stores a file under its clean base name, in the dossier and in the zip of the OSO document', async () => {
    const reply = await c.say({
      text: '',
      attachments: [
        { name: '../../etc/x.pdf', contentType: 'application/pdf', contentUrl: dataUrl(PDF) },
        { name: 'C:\\fakepath\\rapport\u202Efdp.pdf', contentType: 'application/pdf', contentUrl: dataUrl(PDF) },
      ],
    });
    expect(reply.text).toContain('Bewaard: x.pdf');
    expect(reply.text).toContain('rapportfdp.pdf');
    await answerFrom(c, 'bijlagen', { bijlagen: 'klaar' });
    const d = (await c.repos.dossiers.get(PUPILS.zoe.leerlingnummer))!;
    expect(d.status).toBe('gereed');
    expect(d.bijlagen.map((b) => b.naam)).toEqual(['x.pdf', 'rapportfdp.pdf']);
    const zips = [...d.osoDocument!.matchAll(/<bestandsinhoud>([^<]+)<\/bestandsinhoud>/g)].map((m) => readZip(Buffer.from(m[1]!, 'base64')));
    expect(zips.map((z) => z.map((e) => e.name))).toEqual([['x.pdf'], ['rapportfdp.pdf']]);
    expect(d.osoDocument).not.toContain('../');
    expect(d.osoDocument).not.toContain('\u202E');
  });

  it('downloads from SharePoint but refuses a loopback or other host, in Dutch, without fetching it', async () => {
    const reply = await c.say({
      text: '',
      attachments: [
        { name: 'healthz.pdf', contentType: 'application/pdf', contentUrl: 'http://127.0.0.1:3978/healthz' },
        { name: 'meta.pdf', contentType: 'application/pdf', contentUrl: 'https://2130706433/' },
        { name: 'ander.pdf', contentType: 'application/pdf', contentUrl: 'https://example.com/ander.pdf' },
        { name: 'verslag.pdf', contentType: 'application/pdf', contentUrl: host.url('verslag.pdf') },
      ],
    });
    expect(reply.text).toContain('Bewaard: verslag.pdf');
    for (const naam of ['healthz.pdf', 'meta.pdf', 'ander.pdf']) expect(reply.text).toContain(`"${naam}" heb ik niet opgehaald: het staat niet op een plek waar ik bestanden vandaan haal`);
    expect(host.requests.map((r) => r.url)).toEqual([host.url('verslag.pdf')]);
  });

  it('refuses a file that would take the dossier\'s files over 25 MB together', async () => {
    const nineMb = Buffer.alloc(9 * 1024 * 1024, 65);
    const reply = await c.say({
      text: '',
      attachments: ['a.txt', 'b.txt', 'c.txt'].map((name) => ({ name, contentType: 'text/plain', contentUrl: dataUrl(nineMb, 'text/plain') })),
    });
    expect(reply.text).toContain('Bewaard: a.txt (9,0 MB), b.txt (9,0 MB)');
    expect(reply.text).toContain(TEXT.bijlagen.samenTeGroot('c.txt'));
  });

  it('a turn that fails after a file was stored leaves no content behind', async () => {
    store.failConversationWrites = true;
    await expect(c.say({ text: '', attachments: [{ name: 'verslag.pdf', contentType: 'application/pdf', contentUrl: dataUrl(PDF) }] })).rejects.toThrow('store down');
    expect(store.contentKeys).toHaveLength(1);
    expect(await store.get(store.contentKeys[0]!)).toBeUndefined();
    expect((await store.get<Record<string, unknown>>(keys.attachmentRegister()))?.value ?? {}).toEqual({});
  });

  it('Bijlagedocs switched off after sending files: the files are taken out, visibly, and summary and document agree', async () => {
    const sent = await c.say({ text: '', attachments: [{ name: 'verslag.pdf', contentType: 'application/pdf', contentUrl: dataUrl(PDF) }] });
    expect(sent.text).toContain(TEXT.bijlagen.bijlagedocs);
    expect((await c.say('terug')).text).toContain(ASKS.contactpersoon);
    expect((await c.say('terug')).text).toContain(ASKS.schooljaren);
    const categorieen = await c.say('terug');
    expect(categorieen.text).toContain(ASKS.categorieen);
    expect(categorieen.text).toContain('Bijlagedocs'); // switched on for the file, proposed as chosen

    const gekozen = await c.say('1, 3 en 5'); // without Bijlagedocs
    expect(gekozen.text).toContain(TEXT.bijlagen.weggehaald(['verslag.pdf']));
    expect(gekozen.text).toContain(ASKS.schooljaren);
    await c.say('drie');
    await c.say('ok');
    const summary = await answerFrom(c, 'bijlagen', { gereedmaken: 'nee' });
    expect(c.transcript.join('\n')).toContain('- Bijlagen: geen');
    expect(summary.text).toContain('concept');
    const d = (await c.repos.dossiers.get(PUPILS.zoe.leerlingnummer))!;
    expect(d.bijlagen).toEqual([]);
    expect(d.categorieen).not.toContain('bijlagedocs');
  });
});
