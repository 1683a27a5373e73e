/**
 * Issue 22: the admin CLI for a board. `--school BRIN` picks the school a command is for (a
 * board of several schools requires it); `school-toevoegen` and `bestuursbeheerder` manage
 * the board; a roster with a BRIN column is the whole board's file, each row to its school.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Board } from '../../src/app/board';
import { runAdmin } from '../../src/cli/admin';
import { createRepositories } from '../../src/repositories';
import { bsnFrom, fixedClock } from '../helpers/dossierFixtures';
import { MemoryDocumentStore } from '../helpers/memoryDocumentStore';
import { todayIn } from '../../src/app/clock';

const ANNA = bsnFrom(11122233);
const BRAM = bsnFrom(22233344);
const CATO = bsnFrom(33344455);

describe('admin CLI for a board', () => {
  let store: MemoryDocumentStore;
  let dir: string;
  let lines: { out: string[]; err: string[] };
  const run = async (...args: string[]) => {
    lines = { out: [], err: [] };
    return runAdmin(args, {
      repos: createRepositories(store),
      out: { info: (l) => lines.out.push(l), error: (l) => lines.err.push(l) },
      today: todayIn(fixedClock),
    });
  };
  const file = (name: string, text: string) => {
    const p = path.join(dir, name);
    writeFileSync(p, text);
    return p;
  };

  beforeEach(async () => {
    store = new MemoryDocumentStore();
    dir = mkdtempSync(path.join(os.tmpdir(), 'oso-board-'));
    expect(await run('school', '12AB', 'OBS De Regenboog')).toBe(0);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('adds a school, then asks --school for what belongs to one school', async () => {
    expect(await run('school-toevoegen', '34CD', 'De Vlinder')).toBe(0);
    expect(await run('scholen')).toBe(0);
    expect(lines.out).toEqual(['12AB  OBS De Regenboog', '34CD  De Vlinder', '2 scholen.']);
    expect(await run('school-toevoegen', '34cd', 'Nog een Vlinder')).toBe(1);
    expect(lines.err.join('\n')).toContain('Er is al een school met BRIN 34CD');
    expect(await run('leerlingen')).toBe(1);
    expect(lines.err.join('\n')).toContain('kies er een met --school BRIN (OBS De Regenboog (12AB), De Vlinder (34CD))');
    expect(await run('--school', '56EF', 'leerlingen')).toBe(1);
    expect(lines.err.join('\n')).toContain('Er is geen school met BRIN "56EF"');
    expect(await run('--school', '34CD', 'school')).toBe(0);
    expect(lines.out).toContain('School: De Vlinder');
  });

  it('imports a board file with a BRIN column into each school, keeping the file\'s row numbers', async () => {
    await run('school-toevoegen', '34CD', 'De Vlinder');
    const roster = file(
      'bestuur.csv',
      [
        'brin;bsn;voornamen;achternaam;geboortedatum;groep',
        `12AB;${ANNA};Anna;Aalders;14-03-2016;6`,
        `34CD;${BRAM};Bram;Bos;02-11-2016;5`,
        `99ZZ;${CATO};Cato;Claes;01-01-2015;7`,
        '34CD;123456789;Fout;Rij;01-01-2015;7',
      ].join('\r\n'),
    );
    expect(await run('import-leerlingen', roster)).toBe(1);
    expect(lines.err.join('\n')).toContain('rij 5:');
    expect(lines.err.join('\n')).toContain('BRIN 99ZZ: geen school van dit bestuur');
    const board = new Board(store);
    const [regenboog, vlinder] = await board.schools();
    expect((await board.repositoriesFor(regenboog!).pupils.list()).map((p) => p.naam)).toEqual(['Anna Aalders']);
    expect((await board.repositoriesFor(vlinder!).pupils.list()).map((p) => p.naam)).toEqual(['Bram Bos']);

    expect(await run('--school', '34CD', 'leerlingen')).toBe(0);
    expect(lines.out.join('\n')).toContain('Bram Bos');
    expect(lines.out.join('\n')).not.toContain('Anna');
  });

  it('keeps users per school, and makes a bestuursbeheerder', async () => {
    await run('school-toevoegen', '34CD', 'De Vlinder');
    expect(await run('--school', '34CD', 'gebruiker-toevoegen', 'bea', 'Bea Beheer', 'beheerder')).toBe(0);
    expect(await run('--school', '12AB', 'gebruiker-toevoegen', 'piet', 'Piet Pols', 'medewerker')).toBe(0);
    expect(await run('--school', '34CD', 'gebruiker-toevoegen', 'piet', 'Piet Pols', 'directie')).toBe(0);
    expect(await run('--school', '12AB', 'gebruikers')).toBe(0);
    expect(lines.out.join('\n')).toContain('piet  Piet Pols  (medewerker)');
    expect(lines.out.join('\n')).not.toContain('Bea');
    expect(await run('--school', '34CD', 'gebruikers')).toBe(0);
    expect(lines.out.join('\n')).toContain('piet  Piet Pols  (directie)');
    expect(await run('bestuursbeheerder', 'tim', 'Tim Top')).toBe(0);
    expect((await new Board(store).people.get('tim'))?.bestuursbeheerder).toBe(true);
  });

  it('works as before for a store with one school: no --school needed', async () => {
    const roster = file('school.csv', ['bsn;voornamen;achternaam;geboortedatum;groep', `${ANNA};Anna;Aalders;14-03-2016;6`].join('\r\n'));
    expect(await run('import-leerlingen', roster)).toBe(0);
    expect(await run('leerlingen')).toBe(0);
    expect(lines.out.join('\n')).toContain('Anna Aalders');
  });
});
