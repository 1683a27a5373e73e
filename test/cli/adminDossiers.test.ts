/**
 * Issue 19 through the real compiled admin CLI on a SQLite file: OSO documents as a pupil
 * source (one line per file), export-dossier (byte-identical to what is stored) and
 * import-dossier (validated first; refused with Dutch findings and nothing stored).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createRepositories, type Repositories } from '../../src/repositories';
import { createDocumentStore } from '../../src/storage/createDocumentStore';
import { anna, makeDossier, officialFilesAvailable, OSO_DIR } from '../oso/fixtures';

const root = path.resolve(__dirname, '../..');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'oso-admin-dossiers-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const EXAMPLES = path.join(OSO_DIR, 'examples');
const examplesPresent = existsSync(EXAMPLES);
const cli = path.join(root, 'dist/src/cli/admin.js');

let storageUrl: string;
let n = 0;
beforeEach(() => {
  n += 1;
  mkdirSync(path.join(tmp, `run${n}`), { recursive: true });
  storageUrl = `sqlite://${path.join(tmp, `run${n}`, 'admin.sqlite')}`;
});

const admin = (args: string[], extraEnv: Record<string, string> = {}) =>
  spawnSync(process.execPath, [cli, ...args], {
    cwd: tmp,
    env: { ...process.env, STORAGE_URL: storageUrl, MicrosoftAppId: '', OSO_VALIDATOR_DIR: '', ...extraEnv },
    encoding: 'utf8',
    timeout: 120_000,
  });

async function withRepos<T>(fn: (repos: Repositories) => Promise<T>): Promise<T> {
  const store = await createDocumentStore(storageUrl);
  try {
    return await fn(createRepositories(store));
  } finally {
    await store.close();
  }
}

const bsnOf = (xml: string) => /<bsn>(\d+)<\/bsn>/.exec(xml)![1]!;

describe.skipIf(!examplesPresent)('import-leerlingen with OSO documents', () => {
  it('reads a folder of official example dossiers, one line per file, BSN masked', async () => {
    expect(existsSync(cli), 'dist/ is built by test/globalSetup.ts').toBe(true);
    const run = admin(['import-leerlingen', EXAMPLES]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.xml')).sort();
    for (const f of files) expect(run.stdout).toMatch(new RegExp(`^${f.replace(/\./g, '\\.')}: Daan van de Berg \\(\\*{5}\\d{4}\\), nieuw\\.$`, 'm'));
    expect(run.stdout).toContain('Leerlingen geïmporteerd uit 8 OSO-dossiers: 8 nieuw, 0 bijgewerkt, 0 ongewijzigd, 0 fouten.');
    for (const f of files) expect(run.stdout).not.toContain(bsnOf(readFileSync(path.join(EXAMPLES, f), 'utf8')));

    const povo = readFileSync(path.join(EXAMPLES, 'Voorbeelddossier_OV_POVO_full.xml'), 'utf8');
    const stored = await withRepos((r) => r.pupils.get(bsnOf(povo)));
    expect(stored).toMatchObject({ achternaam: 'Berg', overstapadvies: { advies: '40' }, osoBron: { overstap: 'POVO' } });
    expect(stored!.verzorgers.length).toBeGreaterThan(1);

    const again = admin(['import-leerlingen', path.join(EXAMPLES, 'Voorbeelddossier_OV_POVO_full.xml')]);
    expect(again.stdout).toContain('Voorbeelddossier_OV_POVO_full.xml: Daan van de Berg (*****6728), ongewijzigd.');
  }, 120_000);

  it('reports a broken file by name and imports the others', () => {
    const dir = path.join(tmp, 'mixed');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'a-kapot.xml'), '<dossier><leerling>');
    writeFileSync(path.join(dir, 'b-goed.xml'), readFileSync(path.join(EXAMPLES, 'Voorbeelddossier_OV_POPO_opt_out.xml')));
    const run = admin(['import-leerlingen', dir]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^a-kapot\.xml: geen geldige XML: regel 1: /m);
    expect(run.stdout).toContain('a-kapot.xml: niet geïmporteerd.');
    expect(run.stdout).toMatch(/^b-goed\.xml: Daan van de Berg \(\*{5}4894\), nieuw\.$/m);
    expect(run.stdout).toContain('1 nieuw, 0 bijgewerkt, 0 ongewijzigd, 1 fout.');
  }, 60_000);
});

describe('export-dossier', () => {
  it('writes the stored OSO document byte for byte, and says in Dutch when there is none', async () => {
    const xml = examplesPresent ? readFileSync(path.join(EXAMPLES, 'Voorbeelddossier_OV_POPO_opt_out.xml'), 'utf8') : '<dossier>Zoë</dossier>\n';
    await withRepos((r) => r.dossiers.save(makeDossier(anna, { status: 'gereed', snapshot: anna, osoDocument: xml })));
    const out = path.join(tmp, `export-${n}.xml`);
    const run = admin(['export-dossier', anna.leerlingnummer, '--out', out]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(readFileSync(out).equals(Buffer.from(xml, 'utf8'))).toBe(true);
    expect(run.stdout).toBe('Het OSO-dossier (Esis-kopie) van de leerling met nummer *****0007 staat in ' + out + '.\n');

    const toScreen = admin(['export-dossier', anna.leerlingnummer]);
    expect(toScreen.stdout).toBe(`${xml}\n`);

    const ldos = admin(['export-dossier', anna.leerlingnummer, '--ldos']);
    expect(ldos.status).toBe(1);
    expect(ldos.stderr).toMatch(/^LDOS heeft nog geen dossier van de leerling met nummer \*{5}0007/);

    const unknown = admin(['export-dossier', '999990019']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toBe('Er is geen dossier van de leerling met nummer *****0019.\n');
    for (const r of [run, ldos, unknown]) expect(r.stdout + r.stderr).not.toMatch(/999990007|999990019/);
  }, 60_000);

  it('a concept has no document yet', async () => {
    await withRepos((r) => r.dossiers.save(makeDossier(anna)));
    const run = admin(['export-dossier', anna.leerlingnummer]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^Het dossier van de leerling met nummer \*{5}0007 heeft nog geen OSO-document: dat wordt gemaakt als het dossier gereed is \(status nu: "concept"\)/);
  }, 60_000);
});

describe.skipIf(!examplesPresent)('import-dossier', () => {
  const validatorEnv: Record<string, string> = officialFilesAvailable ? { OSO_VALIDATOR_DIR: OSO_DIR } : {};

  it('receives an official example into LDOS (validated), exports it back unchanged, and the pupil can be placed in a class', async () => {
    const file = path.join(EXAMPLES, 'Voorbeelddossier_OV_POVO_full.xml');
    const run = admin(['import-dossier', file], validatorEnv);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`Het dossier van Testschool van Daan van de Berg (*****6728) staat nu in LDOS${officialFilesAvailable ? ' (gecontroleerd met de officiële XSD en validatieregels)' : ''}.`);
    expect(run.stdout).not.toContain('269326728');

    const placed = await withRepos(async (r) => {
      const ontvangen = await r.ldos.get('269326728');
      expect(ontvangen).toMatchObject({ naam: 'Daan van de Berg', dossier: { soortOverstap: 'POVO', akkoord: 'Nee', herkomst: { naam: 'Testschool', brin: '00YY' } } });
      await r.ldos.addClass('1A');
      return r.ldos.placeInClass('269326728', '1A');
    });
    expect(placed?.klas).toBe('1A');

    const out = path.join(tmp, 'terug.xml');
    expect(admin(['export-dossier', '269326728', '--ldos', '--out', out]).status).toBe(0);
    expect(readFileSync(out).equals(readFileSync(file))).toBe(true);

    const again = admin(['import-dossier', file]);
    expect(again.stdout).toContain('stond al in LDOS');
  }, 180_000);

  it('refuses a document that is not well-formed, in Dutch, and stores nothing', async () => {
    const file = path.join(tmp, 'kapot.xml');
    writeFileSync(file, readFileSync(path.join(EXAMPLES, 'Voorbeelddossier_OV_POPO_opt_out.xml'), 'utf8').replace('</leerling>', ''));
    const run = admin(['import-dossier', file]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^kapot\.xml is geweigerd; er is niets opgeslagen\. Bevindingen:\n- Geen geldige XML: regel \d+: /);
    expect(run.stderr).toContain('Vraag de school die het dossier maakte om een verbeterd dossier.');
    expect(await withRepos((r) => r.ldos.list())).toEqual([]);
  }, 60_000);

  it.skipIf(!officialFilesAvailable)('refuses a well-formed document the official XSD or business rules reject, with their findings, and stores nothing', async () => {
    const file = path.join(tmp, 'ongeldig.xml');
    writeFileSync(file, readFileSync(path.join(EXAMPLES, 'Voorbeelddossier_OV_POPO_opt_out.xml'), 'utf8').replace('<overdrachtsoort>overstapdossier</overdrachtsoort>', '<overdrachtsoort>iets anders</overdrachtsoort>'));
    const run = admin(['import-dossier', file], validatorEnv);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^ongeldig\.xml is geweigerd; er is niets opgeslagen\. Bevindingen:\n/);
    // The official business rules speak Dutch themselves.
    expect(run.stderr).toContain("- Validatieregel: Het veld 'Soort overdracht' bevat een waarde die niet voorkomt in codelijst 29. (/dossier[1]/overdrachtsoort[1])");
    expect(run.stderr).not.toContain('210724894');

    const xsd = path.join(tmp, 'xsd.xml');
    writeFileSync(xsd, readFileSync(path.join(EXAMPLES, 'Voorbeelddossier_OV_POPO_opt_out.xml'), 'utf8').replace('<pakketversie>', '<onbekend>x</onbekend><pakketversie>'));
    const schema = admin(['import-dossier', xsd], validatorEnv);
    expect(schema.status).toBe(1);
    expect(schema.stderr).toMatch(/\n- XSD: regel \d+: .*onbekend/);

    // A BSN that fails the elfproef: refused, the number masked in every finding.
    const bsn = path.join(tmp, 'bsn.xml');
    writeFileSync(bsn, readFileSync(path.join(EXAMPLES, 'Voorbeelddossier_OV_POPO_opt_out.xml'), 'utf8').replace('<bsn>210724894</bsn>', '<bsn>123456789</bsn>'));
    const badBsn = admin(['import-dossier', bsn], validatorEnv);
    expect(badBsn.status).toBe(1);
    expect(badBsn.stderr).toContain('- Het BSN *****6789 is niet geldig');
    expect(badBsn.stderr).not.toContain('123456789');
    expect(await withRepos((r) => r.ldos.list())).toEqual([]);
  }, 180_000);

  it('refuses an XML file that is no OSO dossier', async () => {
    const file = path.join(tmp, 'ander.xml');
    writeFileSync(file, '<?xml version="1.0"?><leerlingen><leerling/></leerlingen>');
    const run = admin(['import-dossier', file]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('- Dit is geen OSO-dossier: het hoofdelement is <leerlingen>');
    expect(await withRepos((r) => r.ldos.list())).toEqual([]);
  }, 60_000);
});
