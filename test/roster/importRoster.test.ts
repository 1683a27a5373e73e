import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importOsoFile, readOsoFile } from '../../src/roster/importOsoDocument';
import { OSO_DIR, officialFilesAvailable } from '../oso/fixtures';
import { createRepositories } from '../../src/repositories';
import { importRoster } from '../../src/roster/importRoster';
import { parseRoster } from '../../src/roster/parseRoster';
import { MemoryDocumentStore } from '../helpers/memoryDocumentStore';

const HEADER = 'bsn;voornamen;achternaam;geboortedatum;geslacht;groep;ouder1_achternaam;ouder1_relatie;schoolloopbaan';
const ROSTER = [
  HEADER,
  '999990007;Zoë Maria;Berg;14-03-2014;V;8;Berg;moeder;"2024-2025:7;2025-2026:8"',
  '123456789;Piet;Jansen;01-01-2015;M;7;;;', // row 3: elfproef
  '999990019;Daniël;;02-11-2016;M;6;;;', // row 4: no achternaam
  '099990003;Fenna;Jansen;24-12-2019;V;3;Jansen;vader;2025-2026:3',
  '109900000;Björn;Visser;10-10-2017;M;7;Visser;voogd;',
].join('\n');

const TODAY = '2026-03-15';

function setup() {
  const store = new MemoryDocumentStore();
  return { store, repos: createRepositories(store) };
}

describe('importRoster', () => {
  it('imports the good rows of a roster with bad rows and reports each bad one', async () => {
    const { repos } = setup();
    const report = await importRoster(repos.pupils, parseRoster(ROSTER, { today: TODAY }));
    expect(report).toMatchObject({ nieuw: 3, bijgewerkt: 0, ongewijzigd: 0, fouten: 2 });
    expect(report.problems.map((p) => p.row)).toEqual([3, 4]);
    expect((await repos.pupils.list()).map((p) => p.naam).sort()).toEqual(['Björn Visser', 'Fenna Jansen', 'Zoë Berg']);
    expect(await repos.pupils.get('099990003')).toMatchObject({ achternaam: 'Jansen', verzorgers: [{ relatie: 'vader' }] });
  });

  it('changes nothing when the same file is imported twice', async () => {
    const { store, repos } = setup();
    await importRoster(repos.pupils, parseRoster(ROSTER, { today: TODAY }));
    const writesAfterFirst = store.writes;
    const second = await importRoster(repos.pupils, parseRoster(ROSTER, { today: TODAY }));
    expect(second).toMatchObject({ nieuw: 0, bijgewerkt: 0, ongewijzigd: 3, fouten: 2 });
    expect(store.writes).toBe(writesAfterFirst);
  });

  it('updates a pupil by BSN when the roster changes', async () => {
    const { repos } = setup();
    await importRoster(repos.pupils, parseRoster(ROSTER, { today: TODAY }));
    const moved = ROSTER.replace('999990007;Zoë Maria;Berg;14-03-2014;V;8', '999990007;Zoë Maria;Berg;14-03-2014;V;8B');
    const report = await importRoster(repos.pupils, parseRoster(moved, { today: TODAY }));
    expect(report).toMatchObject({ nieuw: 0, bijgewerkt: 1, ongewijzigd: 2 });
    expect((await repos.pupils.get('999990007'))!.groep).toBe('8B');
    expect(await repos.pupils.count()).toBe(3);
  });

  it('keeps data a CSV does not carry (verzuim from an earlier JSON import) when the CSV is imported again', async () => {
    const { repos } = setup();
    const json = JSON.stringify([
      {
        leerlingnummer: '999990007', voornamen: ['Zoë'], achternaam: 'Berg', geboortedatum: '2014-03-14', groep: '7',
        verzuim: [{ schooljaar: '2024-2025', geoorloofdUren: 12, ongeoorloofdUren: 2 }],
      },
    ]);
    await importRoster(repos.pupils, parseRoster(json));
    const csvImport = await importRoster(repos.pupils, parseRoster(ROSTER, { today: TODAY }));
    expect(csvImport).toMatchObject({ nieuw: 2, bijgewerkt: 1 });
    const zoe = (await repos.pupils.get('999990007'))!;
    expect(zoe).toMatchObject({ voornamen: ['Zoë', 'Maria'], groep: '8', verzuim: [{ geoorloofdUren: 12, ongeoorloofdUren: 2 }] });
    // …and that merged pupil is stable too.
    expect(await importRoster(repos.pupils, parseRoster(ROSTER, { today: TODAY }))).toMatchObject({ ongewijzigd: 3, bijgewerkt: 0 });
  });
});

describe('importRoster — text cleaned at the boundary (issue 17)', () => {
  it('imports a CSV row with a Word line break, a bidi override and a NUL as clean text', async () => {
    const { repos } = setup();
    // "Zoe" + U+0308 (decomposed ë), U+000B between the first names, U+202E in the surname, a NUL in the group.
    const row = '999990007;Zoe\u0308\u000BMaria;\u202EBerg;14-03-2014;V;8\u0000;Berg;moeder;2025-2026:8';
    const report = await importRoster(repos.pupils, parseRoster([HEADER, row].join('\n'), { today: TODAY }));
    expect(report).toMatchObject({ nieuw: 1, fouten: 0 });
    const stored = await repos.pupils.get('999990007');
    expect(stored).toMatchObject({ voornamen: ['Zoë', 'Maria'], achternaam: 'Berg', groep: '8' });
    expect(JSON.stringify(stored)).not.toMatch(/[\u0000\u000B\u202E]|\\u000b|\\u202e|\\u0000/i);
  });

  it('cleans JSON strings, escaped ones too', async () => {
    const { repos } = setup();
    const json = JSON.stringify([{
      leerlingnummer: '999990007', voornamen: ['Zo\u00eb'], achternaam: 'Berg\u2066\u000Bvan\u0001', geboortedatum: '2014-03-14', groep: '8',
      geslacht: 'V', verzorgers: [], schoolloopbaan: [],
    }]);
    const report = await importRoster(repos.pupils, parseRoster(json, { today: TODAY }));
    expect(report).toMatchObject({ nieuw: 1, fouten: 0 });
    expect(await repos.pupils.get('999990007')).toMatchObject({ achternaam: 'Berg van' });
  });

  it.skipIf(!officialFilesAvailable)('a list that says otherwise than an earlier OSO document replaces it (said in the report); a list that agrees keeps it', async () => {
    const { repos } = setup();
    const file = path.join(OSO_DIR, 'examples', 'Voorbeelddossier_OV_POPO_full.xml');
    expect(fs.existsSync(file)).toBe(true);
    const outcome = await readOsoFile(file);
    await importOsoFile(repos.pupils, outcome);
    const fromOso = (await repos.pupils.get(outcome.pupil!.leerlingnummer))!;
    expect(fromOso.osoBron).toBeDefined();
    const row = (groep: string) => ['bsn;voornamen;achternaam;geboortedatum;groep', `${fromOso.leerlingnummer};${fromOso.voornamen.join(' ')};${fromOso.achternaam};${fromOso.geboortedatum};${groep}`].join('\n');

    const same = await importRoster(repos.pupils, parseRoster(row(fromOso.groep), { today: TODAY }));
    expect(same.warnings.join(' ')).not.toContain('OSO-dossier');
    expect((await repos.pupils.get(fromOso.leerlingnummer))!.osoBron).toBeDefined();

    const other = await importRoster(repos.pupils, parseRoster(row('8B'), { today: TODAY }));
    expect(other.warnings.join(' ')).toContain('wijkt deze lijst af van een eerder ingelezen OSO-dossier');
    const now = (await repos.pupils.get(fromOso.leerlingnummer))!;
    expect(now.osoBron).toBeUndefined();
    expect(now.groep).toBe('8B');
    // What the OSO document gave and the list does not carry is still there.
    expect(now.verzorgers).toEqual(fromOso.verzorgers);
  });

  it('a CSV advies column changes the advice only: argumentation and aandachtspunten from an earlier JSON import stay', async () => {
    const { repos } = setup();
    const json = JSON.stringify([{ leerlingnummer: '999990007', voornamen: ['Zoë'], achternaam: 'Berg', geboortedatum: '2014-03-14', groep: '8',
      overstapadvies: { advies: '50', argumentatie: 'Werkt zelfstandig.', aandachtspunten: 'Faalangst bij toetsen.' } }]);
    await importRoster(repos.pupils, parseRoster(json, { today: TODAY }));
    const csv = ['bsn;voornamen;achternaam;geboortedatum;groep;advies', '999990007;Zoë;Berg;14-03-2014;8;60'].join('\n');
    await importRoster(repos.pupils, parseRoster(csv, { today: TODAY }));
    expect((await repos.pupils.get('999990007'))!.overstapadvies).toEqual({ advies: '60', argumentatie: 'Werkt zelfstandig.', aandachtspunten: 'Faalangst bij toetsen.' });
    const leeg = ['bsn;voornamen;achternaam;geboortedatum;groep;advies', '999990007;Zoë;Berg;14-03-2014;8;'].join('\n');
    await importRoster(repos.pupils, parseRoster(leeg, { today: TODAY }));
    expect((await repos.pupils.get('999990007'))!.overstapadvies).toEqual({ argumentatie: 'Werkt zelfstandig.', aandachtspunten: 'Faalangst bij toetsen.' });
  });
});
