/**
 * A school's first start in Azure (issue 21), with an empty store and no shell on the server:
 * FIRST_BEHEERDER names the first beheerder, who on first contact is walked through the
 * school's data, sends the Esis roster as a file (imported with the admin CLI's row report)
 * and adds colleagues. Nobody else gets a role from the setting.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_ROSTER_BYTES } from '../../src/app/rosterUpload';
import { runAdmin } from '../../src/cli/admin';
import { createRepositories } from '../../src/repositories';
import { MemoryDocumentStore } from '../helpers/memoryDocumentStore';
import { startConversation, type BotConversation } from '../helpers/botConversation';
import { fixedClock } from '../helpers/dossierFixtures';
import { todayIn } from '../../src/app/clock';
import { escapeMarkdown } from '../../dialogs/shared/markdown';
import { OSO_DIR } from '../oso/fixtures';
import { skipNote } from '../helpers/skipReason';

const TODAY = todayIn(fixedClock);
/** An official example dossier, read from ../shared (never copied into the repository). */
const EXAMPLE = path.join(OSO_DIR, 'examples', 'Voorbeelddossier_OV_POPO_full.xml');
const noExample = skipNote(!existsSync(EXAMPLE), `the official OSO files are not in ${OSO_DIR}`);

/** Teams users: the channel id ("29:…") and the Entra object id the bot knows them by. */
const BEA = { id: '29:1bea', name: 'Bea Bakker', aadObjectId: '8f6e1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b' };
const KEES = { id: '29:1kees', name: 'Kees Mulder', aadObjectId: '0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e' };

/** Two good rows and one with a BSN that fails the elfproef (row 4). */
const ROSTER = [
  'bsn;voornamen;achternaam;geboortedatum;groep',
  '999990123;Anna Sophie;Linden;14-03-2014;8',
  '999990135;Daniël;Öztürk;02-11-2016;6',
  '123456789;Fout;Rij;01-01-2015;7',
].join('\r\n');

const dataUrl = (text: string, type = 'text/csv') => `data:${type};base64,${Buffer.from(text, 'utf8').toString('base64')}`;
const fileMessage = (name: string, text: string, type = 'text/csv') => ({
  text: '',
  attachments: [{ contentType: type, name, contentUrl: dataUrl(text, type) }],
});

const as = (c: BotConversation, user: typeof BEA) => (text: string) => c.say({ text, from: { ...user } });

/** The admin CLI's report for the same file, on a store of its own. */
async function cliReport(name: string, content: string): Promise<string[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'oso-roster-'));
  try {
    const file = path.join(dir, name);
    writeFileSync(file, content);
    const lines: string[] = [];
    const out = { info: (l: string) => lines.push(l), error: (l: string) => lines.push(l) };
    await runAdmin(['import-leerlingen', file], { repos: createRepositories(new MemoryDocumentStore()), out, today: TODAY });
    return lines;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('first start with FIRST_BEHEERDER', () => {
  let store: MemoryDocumentStore;
  afterEach(async () => store?.close());

  it('makes the named person beheerder on first contact, and nobody else', async () => {
    store = new MemoryDocumentStore();
    const kees = startConversation(store, { conversationId: 'kees', channelId: 'msteams', user: KEES, firstBeheerder: BEA.aadObjectId });
    const refused = await kees.say('beheer');
    expect(refused.text).toContain('U bent nog niet geregistreerd');
    expect(refused.text).toContain(`gebruikers-id: ${KEES.aadObjectId}`);
    expect(await kees.repos.users.list()).toEqual([]);

    const bea = startConversation(store, { conversationId: 'bea', channelId: 'msteams', user: BEA, firstBeheerder: BEA.aadObjectId });
    const first = await bea.say('hallo');
    expect(first.text).toContain('Welkom, Bea Bakker. U bent de eerste beheerder');
    expect(first.text).toContain('Wat is de naam van de school?');
    expect(await bea.repos.users.get(BEA.aadObjectId)).toEqual({ id: BEA.aadObjectId, naam: 'Bea Bakker', rollen: ['beheerder'], bestuursbeheerder: true });

    // Still nobody else: Kees stays unregistered, and the menu shows him nothing.
    const again = await kees.say('hallo');
    expect(again.text).toContain('U bent nog niet geregistreerd');
    expect(again.text).toContain('Bea Bakker (beheerder)');
    expect((await kees.repos.users.list()).map((u) => u.id)).toEqual([BEA.aadObjectId]);
  });

  it('is not matched outside Teams, where the sender chooses their own id', async () => {
    store = new MemoryDocumentStore();
    const spoof = startConversation(store, { conversationId: 'web', channelId: 'webchat', user: { id: BEA.aadObjectId, name: 'Bea' }, firstBeheerder: BEA.aadObjectId });
    expect((await spoof.say('hallo')).text).toContain('U bent nog niet geregistreerd');
    expect(await spoof.repos.users.list()).toEqual([]);
  });

  it('does nothing once the school has a beheerder, even for the named person', async () => {
    store = new MemoryDocumentStore();
    await createRepositories(store).users.save({ id: 'ans', naam: 'Ans', rollen: ['beheerder'] });
    const bea = startConversation(store, { conversationId: 'bea', channelId: 'msteams', user: BEA, firstBeheerder: BEA.aadObjectId });
    expect((await bea.say('hallo')).text).toContain('U bent nog niet geregistreerd');
    expect(await bea.repos.users.get(BEA.aadObjectId)).toBeUndefined();
  });

  it('walks the first beheerder through the school, the roster sent as a file (with the CLI\'s row report) and the users', async () => {
    store = new MemoryDocumentStore();
    const c = startConversation(store, { conversationId: 'bea', channelId: 'msteams', user: BEA, firstBeheerder: BEA.aadObjectId });
    const say = as(c, BEA);

    expect((await say('hallo')).text).toContain('Wat is de naam van de school?');
    expect((await say('Basisschool De Regenboog')).text).toContain('Wat is het BRIN-nummer van de school?');
    expect((await say('12ab')).text).toContain('Wat is het adres van de school?');
    expect((await say('Schoolstraat 1, 3511 AA Utrecht')).text).toContain('Wat is het telefoonnummer van de school?');
    await say('030-1234567');
    await say('info@regenboog.nl');
    await say('geen');
    const roster = await say('BAO');
    expect(roster.text).toContain('Opgeslagen: Basisschool De Regenboog, BRIN-nummer 12AB.');
    expect(roster.text).toContain('OSO heeft alles wat het van de school nodig heeft.');
    expect(roster.text).toContain('Stuur de leerlingenlijst (de export uit Esis, als CSV-bestand) hier in de chat');
    expect(await c.repos.school.get()).toMatchObject({ brin: '12AB', naam: 'Basisschool De Regenboog', telefoon: '030-1234567' });

    // Text instead of a file: said plainly, the question again.
    expect((await say('hier is hij')).text).toContain('Ik zie geen bestand.');

    const imported = await c.say({ ...fileMessage('leerlingen.csv', ROSTER), from: BEA });
    // Teams shows "typing" while the file is read; the report is the first message.
    expect(imported.activities[0]?.type).toBe('typing');
    const reportLines = imported.activities.find((a) => a.text)!.text!.split('\n\n');
    expect(reportLines).toEqual(await cliReport('leerlingen.csv', ROSTER));
    expect(reportLines).toContain('Leerlingen geïmporteerd uit leerlingen.csv: 2 nieuw, 0 bijgewerkt, 0 ongewijzigd, 1 fout.');
    expect(reportLines.some((l) => l.startsWith('rij 4: '))).toBe(true);
    expect((await c.repos.pupils.list()).map((p) => p.naam).sort()).toEqual(['Anna Linden', 'Daniël Öztürk']);
    expect(imported.text).toContain('Tot slot de collega\'s');
    // Then the beheer menu (on Teams a card with the tasks).
    expect(JSON.stringify(imported.activities.at(-1))).toContain('gebruiker toevoegen');

    // A colleague by Teams e-mail address: linked to their account at their first message.
    await say('gebruiker toevoegen');
    await say('jan@regenboog.nl');
    await say('Jan de Vries');
    expect((await say('medewerker')).text).toContain('Jan de Vries (jan@regenboog.nl) is toegevoegd met de rol: medewerker.');
    expect(await c.repos.users.get('jan@regenboog.nl')).toMatchObject({ email: 'jan@regenboog.nl', rollen: ['medewerker'] });
  });

  it('imports a roster sent later from the menu; a spreadsheet or a too large file is refused with what to do', async () => {
    store = new MemoryDocumentStore();
    const c = startConversation(store, { conversationId: 'bea', channelId: 'msteams', user: BEA, firstBeheerder: BEA.aadObjectId });
    const say = as(c, BEA);
    await say('hallo');
    expect((await say('annuleren')).text).toContain('Geannuleerd');

    await say('beheer');
    expect((await say('leerlingen importeren')).text).toContain('Stuur de leerlingenlijst');
    const xlsx = await c.say({ ...fileMessage('leerlingen.xlsx', 'PK', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'), from: BEA });
    expect(xlsx.text).toContain('"leerlingen.xlsx" kan ik niet importeren: stuur de leerlingenlijst uit Esis als CSV-bestand');
    expect(await c.repos.pupils.list()).toEqual([]);

    await say('leerlingen importeren');
    const again = await c.say({ ...fileMessage('export.csv', ROSTER.split('\r\n').slice(0, 3).join('\r\n')), from: BEA });
    expect(again.text).toContain('Leerlingen geïmporteerd uit export.csv: 2 nieuw, 0 bijgewerkt, 0 ongewijzigd, 0 fouten.');
    await say('leerlingen importeren');
    expect((await c.say({ ...fileMessage('export.csv', ROSTER), from: BEA })).text).toContain(
      'Leerlingen geïmporteerd uit export.csv: 0 nieuw, 0 bijgewerkt, 2 ongewijzigd, 1 fout.',
    );

    // Larger than any school's roster: refused before parsing, nothing changes.
    await say('leerlingen importeren');
    const huge = `${ROSTER}\r\n${'x'.repeat(MAX_ROSTER_BYTES)}`;
    expect((await c.say({ ...fileMessage('groot.csv', huge), from: BEA })).text).toContain(
      '"groot.csv" is te groot; een leerlingenlijst mag hoogstens 5,0 MB zijn.',
    );
    expect(await c.repos.pupils.list()).toHaveLength(2);

    await say('leerlingen importeren');
    expect((await say('later')).text).toContain('U kunt de leerlingenlijst later sturen');
  });

  it.skipIf(!existsSync(EXAMPLE))('imports an OSO dossier (.xml) another school handed out, sent as a file, with the CLI\'s report' + noExample, async () => {
    store = new MemoryDocumentStore();
    const c = startConversation(store, { conversationId: 'bea', channelId: 'msteams', user: BEA, firstBeheerder: BEA.aadObjectId });
    const say = as(c, BEA);
    await say('hallo');
    await say('annuleren');
    await say('beheer');
    await say('leerlingen importeren');
    const xml = readFileSync(EXAMPLE, 'utf8');
    const reply = await c.say({ ...fileMessage(path.basename(EXAMPLE), xml, 'application/xml'), from: BEA });
    const cli = await cliReport(path.basename(EXAMPLE), xml);
    expect(cli.some((l) => l.includes(', nieuw.'))).toBe(true);
    // The same lines, as chat Markdown that shows them literally (the file name's underscores).
    for (const line of cli.filter((l) => !l.startsWith('Leerlingen geïmporteerd uit'))) expect(reply.text).toContain(escapeMarkdown(line));
    expect(reply.text).toContain(`Leerlingen geïmporteerd uit ${escapeMarkdown(path.basename(EXAMPLE))}: 1 nieuw`);
    expect(await c.repos.pupils.list()).toHaveLength(1);
  });

  it('lists at most 50 bad rows in one message, then how many more, and still imports the good rows', async () => {
    store = new MemoryDocumentStore();
    const c = startConversation(store, { conversationId: 'bea', channelId: 'msteams', user: BEA, firstBeheerder: BEA.aadObjectId });
    const say = as(c, BEA);
    await say('hallo');
    await say('annuleren');
    await say('beheer leerlingen importeren');
    const bad = Array.from({ length: 52 }, (_, i) => `geen-bsn-${i};Fout;Rij${i};01-01-2015;7`);
    const csv = [ROSTER.split('\r\n')[0], ROSTER.split('\r\n')[1], ...bad].join('\r\n');
    const reply = await c.say({ ...fileMessage('groot-fout.csv', csv), from: BEA });
    const lines = reply.activities.find((a) => a.text)!.text!.split('\n\n');
    expect(lines.filter((l) => /^rij \d+: /.test(l))).toHaveLength(50);
    expect(lines).toContain('… en nog 2 rijen met een fout. Verbeter eerst de rijen hierboven en stuur het bestand opnieuw; dan ziet u de rest.');
    expect(lines).toContain('Leerlingen geïmporteerd uit groot-fout.csv: 1 nieuw, 0 bijgewerkt, 0 ongewijzigd, 52 fouten.');
    expect(await c.repos.pupils.list()).toHaveLength(1);
  });
});
