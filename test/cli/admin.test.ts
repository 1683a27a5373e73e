import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { runAdmin } from '../../src/cli/admin';
import { pupilSchema } from '../../src/domain/pupil';
import { createRepositories, type Repositories } from '../../src/repositories';
import { CorruptDocumentError } from '../../src/storage/documentStore';
import { MemoryDocumentStore } from '../helpers/memoryDocumentStore';

const root = path.resolve(__dirname, '../..');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'oso-admin-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const ROSTER = [
  'bsn;voornamen;voorvoegsel;achternaam;geboortedatum;groep',
  '999990007;Zoë;van den;Berg;14-03-2014;8',
  '123456789;Piet;;Jansen;01-01-2015;7',
  '099990003;Fenna;;Jansen;24-12-2019;3',
].join('\n');

let repos: Repositories;
let lines: { out: string[]; err: string[] };
const run = (...args: string[]) =>
  runAdmin(args, {
    repos,
    today: '2026-03-15',
    out: { info: (l) => lines.out.push(l), error: (l) => lines.err.push(l) },
  });

beforeEach(() => {
  repos = createRepositories(new MemoryDocumentStore());
  lines = { out: [], err: [] };
});

describe('runAdmin', () => {
  it('adds a user with roles and lists it', async () => {
    expect(await run('gebruiker-toevoegen', '29:1abc', 'Jan de Vries', 'medewerker,directie', 'jan@example.com')).toBe(0);
    expect(lines.out).toEqual(['Gebruiker toegevoegd: Jan de Vries (29:1abc) met rollen medewerker, directie.']);
    expect(await repos.users.get('29:1abc')).toEqual({ id: '29:1abc', naam: 'Jan de Vries', rollen: ['medewerker', 'directie'], email: 'jan@example.com' });
    lines.out = [];
    expect(await run('gebruikers')).toBe(0);
    expect(lines.out).toEqual(['29:1abc  Jan de Vries <jan@example.com>  (medewerker, directie)', '1 gebruiker.']);
  });

  it('updates an existing user and removes one', async () => {
    await run('gebruiker-toevoegen', 'u1', 'Jan', 'medewerker');
    expect(await run('gebruiker-toevoegen', 'u1', 'Jan', 'beheerder')).toBe(0);
    expect(lines.out.at(-1)).toBe('Gebruiker bijgewerkt: Jan (u1) met rol beheerder.');
    expect((await repos.users.get('u1'))!.rollen).toEqual(['beheerder']);
    expect(await run('gebruiker-verwijderen', 'u1')).toBe(0);
    expect(await repos.users.list()).toEqual([]);
    expect(await run('gebruiker-verwijderen', 'u1')).toBe(1);
    expect(lines.err.at(-1)).toMatch(/^Er is geen gebruiker met ID "u1"/);
  });

  it('refuses an unknown role with the list of roles, and a name typed without quotes', async () => {
    expect(await run('gebruiker-toevoegen', 'u1', 'Jan', 'admin')).toBe(1);
    expect(lines.err[0]).toMatch(/^Onbekende rol "admin". Kies uit: medewerker, directie, beheerder/);
    expect(await run('gebruiker-toevoegen', 'u2', 'Jan', 'de', 'Vries', 'directie')).toBe(1);
    expect(lines.err[1]).toBe('Gebruik: npm run admin -- gebruiker-toevoegen ID NAAM ROL[,ROL] [E-MAIL]');
    expect(await repos.users.list()).toEqual([]);
  });

  it('imports a roster: good rows stored, bad rows reported on stderr with masked BSN, exit 1', async () => {
    const file = path.join(tmp, 'leerlingen.csv');
    writeFileSync(file, ROSTER);
    expect(await run('import-leerlingen', file)).toBe(1);
    expect(lines.err[0]).toMatch(/^rij 3: BSN \*{5}6789 voldoet niet aan de elfproef/);
    expect(lines.out).toContain('Leerlingen geïmporteerd uit leerlingen.csv: 2 nieuw, 0 bijgewerkt, 0 ongewijzigd, 1 fout.');
    expect(await repos.pupils.count()).toBe(2);

    lines = { out: [], err: [] };
    await run('import-leerlingen', file);
    expect(lines.out).toContain('Leerlingen geïmporteerd uit leerlingen.csv: 0 nieuw, 0 bijgewerkt, 2 ongewijzigd, 1 fout.');

    lines = { out: [], err: [] };
    expect(await run('leerlingen')).toBe(0);
    expect(lines.out).toEqual(['*****0003  Fenna Jansen      groep 3', '*****0007  Zoë van den Berg  groep 8', '2 leerlingen.']);
    expect([...lines.out, ...lines.err].join('\n')).not.toMatch(/999990007|099990003|123456789/);
  });

  it('says clearly when the roster file does not exist', async () => {
    expect(await run('import-leerlingen', path.join(tmp, 'bestaat-niet.csv'))).toBe(1);
    expect(lines.err).toEqual([`Bestand "${path.join(tmp, 'bestaat-niet.csv')}" bestaat niet.`]);
  });

  it('sets the school, upper-casing the BRIN, and refuses a bad BRIN with the domain message', async () => {
    expect(await run('school', '12ab', 'OBS', 'De', 'Regenboog')).toBe(0);
    expect(await repos.school.get()).toMatchObject({ brin: '12AB', naam: 'OBS De Regenboog' });
    expect(await run('school', '12A8', 'X')).toBe(1);
    expect(lines.err[0]).toContain('Bedoelt u 12AB?');
    lines.out = [];
    await run('school');
    expect(lines.out).toEqual([
      'School: OBS De Regenboog',
      'BRIN-nummer: 12AB',
      'Soort: BAO',
      'Adres: (niet ingevuld)',
      'Telefoon: (niet ingevuld)',
      'E-mail: (niet ingevuld)',
      'Directeur: (niet ingevuld)',
      'OSO mist nog: het adres; een telefoonnummer of e-mailadres. Zonder kan geen dossier gereed worden.',
      'Vul aan met bijvoorbeeld: npm run admin -- school --straat Schoolstraat --huisnummer 1 --postcode 1234AB --plaats Utrecht --telefoon 0301234567 --email info@regenboog.nl',
    ]);
  });

  it('sets every field OSO needs in one go, and then says nothing is missing', async () => {
    const code = await run(
      'school', '12AB', 'Basisschool De Regenboog',
      '--straat', 'Schoolstraat', '--huisnummer', '1', '--postcode', '1234 ab', '--plaats', 'Utrecht',
      '--telefoon', '0301234567', '--email', 'info@regenboog.nl', '--directeur', 'J. Jansen', '--soort', 'sbo',
    );
    expect(lines.err).toEqual([]);
    expect(code).toBe(0);
    expect(await repos.school.get()).toEqual({
      brin: '12AB',
      naam: 'Basisschool De Regenboog',
      adres: { straat: 'Schoolstraat', huisnummer: '1', postcode: '1234AB', plaats: 'Utrecht' },
      telefoon: '0301234567',
      email: 'info@regenboog.nl',
      directeur: 'J. Jansen',
      soort: 'SBO',
    });
    expect(lines.out[0]).toBe('School ingesteld: Basisschool De Regenboog (BRIN 12AB).');
    expect(lines.out).toContain('Adres: Schoolstraat 1, 1234 AB Utrecht');
    expect(lines.out.at(-1)).toBe('Alles wat OSO van de school nodig heeft is ingevuld.');
  });

  it('keeps what a flag does not name, takes --optie=waarde and --adres on one line, and clears with ""', async () => {
    await run('school', '12AB', 'De Regenboog', '--adres', 'Schoolstraat 1a, 1234 AB Utrecht', '--email=info@regenboog.nl', '--directeur', 'J. Jansen');
    // Without BRIN and NAAM: only the named fields change. A new house number drops the old addition.
    expect(await run('school', '--huisnummer', '3', '--telefoon', '030-1234567', '--directeur', '')).toBe(0);
    expect(lines.out).toContain('School bijgewerkt: De Regenboog (BRIN 12AB).');
    expect(await repos.school.get()).toEqual({
      brin: '12AB',
      naam: 'De Regenboog',
      adres: { straat: 'Schoolstraat', huisnummer: '3', postcode: '1234AB', plaats: 'Utrecht' },
      telefoon: '030-1234567',
      email: 'info@regenboog.nl',
      soort: 'BAO',
    });
  });

  it('refuses a bad value with a Dutch message naming the flag, and stores nothing', async () => {
    await run('school', '12AB', 'De Regenboog');
    const before = await repos.school.get();
    const refused = async (...args: string[]) => {
      lines.err = [];
      expect(await run('school', ...args)).toBe(1);
      return lines.err.join('\n');
    };
    expect(await refused('--straat', 'Schoolstraat', '--huisnummer', '1', '--postcode', '12345', '--plaats', 'Utrecht')).toBe('--postcode: verwacht een postcode als 1234AB');
    expect(await refused('--telefoon', '12345')).toMatch(/^--telefoon: "12345" is geen geldig telefoonnummer\. Typ 10 cijfers/);
    expect(await refused('--email', 'info@regenboog')).toBe('--email: "info@regenboog" is geen geldig e-mailadres. Bijvoorbeeld: info@regenboog.nl.');
    expect(await refused('--soort', 'MBO')).toMatch(/^--soort: "MBO" is geen soort school\. Kies uit: BAO \(basisonderwijs\), SBO/);
    expect(await refused('--huisnummer', 'een')).toMatch(/^--huisnummer: "een" is geen huisnummer/);
    expect(await refused('--adres', 'Schoolstraat 1 Utrecht')).toMatch(/^--adres: In "Schoolstraat 1 Utrecht" vind ik geen postcode/);
    expect(await refused('--straat', 'Schoolstraat', '--plaats', 'Utrecht')).toBe(
      'Het adres is nog niet compleet: geef ook --huisnummer, --postcode (of alles in één keer: --adres "Schoolstraat 1, 1234 AB Utrecht").',
    );
    expect(await refused('--fax', '0301234567')).toMatch(/^Onbekende optie "--fax"\. Mogelijk: --straat, --huisnummer/);
    expect(await refused('--plaats')).toBe('Bij --plaats ontbreekt de waarde, bijvoorbeeld: --plaats Utrecht');
    expect(await refused('12AB')).toMatch(/^Gebruik: npm run admin -- school \[BRIN NAAM\]/);
    expect(await repos.school.get()).toEqual(before);
  });

  it('needs BRIN and NAAM before anything else can be set', async () => {
    expect(await run('school', '--telefoon', '0301234567')).toBe(1);
    expect(lines.err[0]).toMatch(/^Er is nog geen school ingesteld: geef eerst BRIN en naam/);
    expect(await repos.school.get()).toBeUndefined();
  });

  it('prints help, and refuses an unknown command without touching the store', async () => {
    expect(await run('help')).toBe(0);
    expect(lines.out[0]).toBe('Gebruik: npm run admin -- <opdracht>');
    let opened = false;
    const code = await runAdmin(['verwijder-alles'], {
      repos: async () => {
        opened = true;
        return repos;
      },
      out: { info: () => {}, error: (l) => lines.err.push(l) },
    });
    expect(code).toBe(1);
    expect(opened).toBe(false);
    expect(lines.err[0]).toBe('Onbekende opdracht "verwijder-alles".');
  });
});

describe('the built admin CLI on a SQLite file', () => {
  const cli = path.join(root, 'dist/src/cli/admin.js');
  const env = { ...process.env, STORAGE_URL: `sqlite://${path.join(tmp, 'data', 'admin.sqlite')}`, MicrosoftAppId: '' };
  const admin = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd: tmp, env, encoding: 'utf8' });

  it('imports the example roster, keeps it across runs, and manages users', () => {
    expect(existsSync(cli), 'dist/ is built by test/globalSetup.ts').toBe(true);
    const imported = admin('import-leerlingen', path.join(root, 'docs/voorbeeld-leerlingen.csv'));
    expect(imported.stderr).toBe('');
    expect(imported.status).toBe(0);
    expect(imported.stdout).toContain('3 nieuw, 0 bijgewerkt, 0 ongewijzigd, 0 fouten');

    const again = admin('import-leerlingen', path.join(root, 'docs/voorbeeld-leerlingen.csv'));
    expect(again.stdout).toContain('0 nieuw, 0 bijgewerkt, 3 ongewijzigd, 0 fouten');

    const list = admin('leerlingen');
    expect(list.status).toBe(0);
    expect(list.stdout).toContain('*****0123  Anna van der Linden  groep 8');
    expect(list.stdout).not.toContain('999990123');

    expect(admin('gebruiker-toevoegen', 'u1', 'Marieke de Wit', 'directie,beheerder').status).toBe(0);
    expect(admin('gebruikers').stdout).toBe('u1  Marieke de Wit  (directie, beheerder)\n1 gebruiker.\n');

    const bad = admin('gebruiker-toevoegen', 'u2', 'Piet', 'baas');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^Onbekende rol "baas"/);
    expect(bad.stderr).not.toMatch(/\n\s+at /); // no stack trace

    const school = admin('school', '12AB', 'Basisschool De Regenboog', '--adres', 'Schoolstraat 1, 1234 AB Utrecht', '--email', 'info@regenboog.nl');
    expect(school.stderr).toBe('');
    expect(admin('school').stdout).toContain('Adres: Schoolstraat 1, 1234 AB Utrecht\nTelefoon: (niet ingevuld)\nE-mail: info@regenboog.nl\n');
  }, 90_000);

  it('stops with one clear message and exit 1 on a bad STORAGE_URL', () => {
    const run = spawnSync(process.execPath, [cli, 'leerlingen'], { cwd: tmp, env: { ...env, STORAGE_URL: 'ftp://x' }, encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('STORAGE_URL');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('with credentials, does not make an empty store where the bot had a SQLite file', () => {
    const file = path.join(tmp, 'weg', 'bot.sqlite');
    const withCredentials = { ...env, STORAGE_URL: `sqlite://${file}`, MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'x', MicrosoftAppType: 'MultiTenant' };
    expect(spawnSync(process.execPath, [cli, 'leerlingen'], { cwd: tmp, env: withCredentials, encoding: 'utf8' }).status).toBe(0);
    rmSync(file);
    const run = spawnSync(process.execPath, [cli, 'leerlingen'], { cwd: tmp, env: withCredentials, encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`The SQLite database ${file} is missing`);
    expect(existsSync(file)).toBe(false);
  });
});

describe('school settings that are not valid JSON', () => {
  /** The stored school document reads as a bad manual edit would, until it is written again. */
  const breakSchool = () => {
    const store = repos.store;
    const { get, set } = store;
    let broken = true;
    store.get = async (key) => {
      if (key === 'school' && broken) throw new CorruptDocumentError(key);
      return get.call(store, key) as never;
    };
    store.set = async (key, value, condition) => {
      if (key === 'school') broken = false;
      return set.call(store, key, value, condition);
    };
  };

  it('are named when shown, and set anew from BRIN and name', async () => {
    breakSchool();
    expect(await run('school')).toBe(1);
    expect(lines.err[0]).toMatch(/^De opgeslagen schoolinstellingen zijn beschadigd \(geen geldige JSON\)\. Stel ze opnieuw in met BRIN en naam/);

    expect(await run('school', '99ZZ', 'De', 'Regenboog')).toBe(0);
    expect(lines.out).toContain('De opgeslagen schoolinstellingen waren beschadigd; ze worden opnieuw ingesteld.');
    expect(await repos.school.get()).toMatchObject({ brin: '99ZZ', naam: 'De Regenboog' });
  });
});

describe('runAdmin — text in and out (issue 17)', () => {
  it('prints a pupil whose stored name holds an ESC sequence with the escape made visible', async () => {
    // Stored before names were cleaned (or by another tool): the listing must not recolour the terminal.
    await repos.pupils.upsert(pupilSchema.parse({
      leerlingnummer: '999990007', voornamen: ['Zoë'], achternaam: '\u001b[31mBerg\u001b[0m', geboortedatum: '2014-03-14', groep: '8\u0007',
      geslacht: 'V', verzorgers: [], schoolloopbaan: [],
    }));
    expect(await run('leerlingen')).toBe(0);
    expect(lines.out[0]).toBe('*****0007  Zoë \\u{1b}[31mBerg\\u{1b}[0m  groep 8\\u{7}');
    expect(lines.out.join('\n')).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F]/);
  });

  it('prints a user name with controls visibly in "gebruikers", and cleans the arguments it stores', async () => {
    await repos.users.save({ id: 'u9', naam: 'Piet\u001b]0;pwned\u0007', rollen: ['medewerker'] });
    expect(await run('gebruikers')).toBe(0);
    expect(lines.out[0]).toBe('u9  Piet\\u{1b}]0;pwned\\u{7}  (medewerker)');

    expect(await run('gebruiker-toevoegen', 'u1', 'Jan\u000Bde \u202EVries\u0000', 'medewerker')).toBe(0);
    expect((await repos.users.get('u1'))!.naam).toBe('Jan de Vries');
    expect(await run('school', '12AB', 'OBS\u000BDe\u2067 Regenboog', '--adres', 'Schoolstraat\u202D 1, 1234 AB Utrecht', '--telefoon', '0301234567')).toBe(0);
    expect(await repos.school.get()).toMatchObject({ naam: 'OBS De Regenboog', adres: { straat: 'Schoolstraat', plaats: 'Utrecht' } });
  });
});
