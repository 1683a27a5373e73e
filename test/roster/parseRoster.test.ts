import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pupilSchema } from '../../src/domain/pupil';
import { parseRoster } from '../../src/roster/parseRoster';

const HEADER = 'bsn;voornamen;roepnaam;voorvoegsel;achternaam;geboortedatum;geslacht;groep';
const csv = (...lines: string[]) => lines.join('\r\n') + '\r\n';
const TODAY = '2026-03-15';

describe('parseRoster — CSV', () => {
  it('cleans every cell once: bidi controls and control characters dropped, names in NFC', () => {
    // "Zoe\u0308" is Zoë as a Mac types it; U+202E would show "Berg" reversed; U+0007 is a bell.
    const text = csv(HEADER, '999990007;Zoe\u0308;;;\u202EBerg\u0007;14-03-2014;V;8');
    const { pupils, problems } = parseRoster(text, { today: TODAY });
    expect(problems).toEqual([]);
    expect(pupils[0]).toMatchObject({ voornamen: ['Zoë'], achternaam: 'Berg' });
  });

  it('cleans every string of a JSON roster the same way', () => {
    const json = JSON.stringify([{ leerlingnummer: '999990007', voornamen: ['Zoe\u0308'], achternaam: '\u202EBerg\u0000', geboortedatum: '2014-03-14', groep: '8' }]);
    const { pupils, problems } = parseRoster(json, { today: TODAY });
    expect(problems).toEqual([]);
    expect(pupils[0]).toMatchObject({ voornamen: ['Zoë'], achternaam: 'Berg' });
  });

  it('reads a Dutch Excel export: ";" delimiter, BOM, CRLF, dd-mm-jjjj dates, diacritics', () => {
    const text = '\uFEFF' + csv(HEADER, '999990007;Zoë Maria;Zoë;van den;Berg;14-03-2014;V;8', '099990003;Daniël;;;İlkay;2016-11-02;m;6');
    const roster = parseRoster(text, { today: TODAY });
    expect(roster.problems).toEqual([]);
    expect(roster.pupils).toHaveLength(2);
    const [zoe, daniel] = roster.pupils;
    expect(zoe).toMatchObject({
      leerlingnummer: '999990007', voornamen: ['Zoë', 'Maria'], roepnaam: 'Zoë', voorvoegsel: 'van den', achternaam: 'Berg',
      geboortedatum: '2014-03-14', geslacht: 'V', groep: '8',
    });
    // Leading zero kept; lower-case geslacht accepted.
    expect(daniel).toMatchObject({ leerlingnummer: '099990003', achternaam: 'İlkay', geslacht: 'M', geboortedatum: '2016-11-02' });
  });

  it('reads a comma-separated file with an onderwijsnummer column, address and two parents', () => {
    const text = csv(
      'onderwijsnummer,Voornamen,Achternaam,Geboortedatum,Groep,Straat,Huisnummer,Postcode,Plaats,ouder1_voornaam,ouder1_achternaam,ouder1_relatie,ouder1_email,ouder2_voornaam,ouder2_achternaam,ouder2_relatie',
      '109900000,Björn,Visser,10-10-2017,7,Havenkade,2,1234 ab,Demodorp,Henk,Visser,voogd,henk@example.com,Els,Visser,2',
    );
    const { pupils, problems } = parseRoster(text, { today: TODAY });
    expect(problems).toEqual([]);
    expect(pupils[0]).toMatchObject({
      leerlingnummer: '109900000',
      adres: { straat: 'Havenkade', huisnummer: '2', postcode: '1234AB', plaats: 'Demodorp' },
      verzorgers: [
        { voornamen: ['Henk'], achternaam: 'Visser', relatie: 'voogd', email: 'henk@example.com' },
        { voornamen: ['Els'], achternaam: 'Visser', relatie: 'moeder', geslacht: 'V' }, // OSO code 2 = moeder
      ],
    });
  });

  it('turns the schoolloopbaan column into school years from 1 August to 31 July', () => {
    const text = csv(`${HEADER};schoolloopbaan`, '999990007;Zoë;;;Berg;14-03-2014;V;8;"2023-2024:6;2024-2025:7;2025-2026:8"');
    const [zoe] = parseRoster(text, { today: TODAY }).pupils;
    expect(zoe!.schoolloopbaan).toEqual([
      { schooljaar: '2023-2024', groep: '6', jaargroep: 6, begindatum: '2023-08-01', einddatum: '2024-07-31' },
      { schooljaar: '2024-2025', groep: '7', jaargroep: 7, begindatum: '2024-08-01', einddatum: '2025-07-31' },
      // The running school year has no end date yet.
      { schooljaar: '2025-2026', groep: '8', jaargroep: 8, begindatum: '2025-08-01' },
    ]);
  });

  it('reports each bad row with its spreadsheet row number and still returns the good rows', () => {
    const text = csv(
      HEADER,
      '999990007;Zoë;;van den;Berg;14-03-2014;V;8', // row 2: good
      '123456789;Piet;;;Jansen;01-01-2015;M;7', // row 3: elfproef
      '999990019;Daniël;;de;;02-11-2016;M;6', // row 4: no achternaam
      '999990020;Noëlle;;;Bakker;31-02-2015;V;7', // row 5: date does not exist
      '999990007;Zoë;;van den;Berg;14-03-2014;V;8', // row 6: duplicate of row 2
      '999990032;İlayda;;;Yılmaz;2017-01-09;Q;6', // row 7: geslacht
      '999990044;Sem;;;Berg;18-09-2030;M;5', // row 8: born in the future
      '999990056;Mohammed;;;El Amrani;05-05-2018;M;4', // row 9: good
    );
    const { pupils, problems } = parseRoster(text, { today: TODAY });
    expect(pupils.map((p) => p.leerlingnummer)).toEqual(['999990007', '999990056']);
    expect(problems.map((p) => p.row)).toEqual([3, 4, 5, 6, 7, 8]);
    const messages = problems.map((p) => p.message);
    // The domain's own elfproef message, with the number masked.
    expect(messages[0]).toMatch(/^rij 3: BSN \*{5}6789 voldoet niet aan de elfproef/);
    expect(messages[1]).toBe('rij 4: achternaam ontbreekt');
    expect(messages[2]).toBe('rij 5: geboortedatum 31-02-2015 bestaat niet');
    expect(messages[3]).toMatch(/^rij 6: BSN \*{5}0007 staat ook al in rij 2/);
    expect(messages[4]).toMatch(/^rij 7: geslacht "Q" ken ik niet/);
    expect(messages[5]).toBe('rij 8: geboortedatum 18-09-2030 ligt in de toekomst');
    expect(messages.join('\n')).not.toContain('123456789');
  });

  it('counts rows as a spreadsheet does: blank lines and multi-line cells', () => {
    const text = csv(`${HEADER};straat;huisnummer;postcode;plaats`, '', '999990007;Zoë;;;Berg;14-03-2014;V;8;"Lange\nstraat";1;1234AB;X', '999990019;Daniël;;;;02-11-2016;M;6;;;;');
    const { pupils, problems } = parseRoster(text);
    expect(pupils).toHaveLength(1);
    expect(problems).toEqual([{ row: 4, message: 'rij 4: achternaam ontbreekt' }]);
  });

  it('reports every mistake in a row: incomplete address, bad postcode, unknown parent relation', () => {
    const text = csv(
      `${HEADER};straat;huisnummer;postcode;plaats;ouder1_achternaam;ouder1_relatie;ouder1_email`,
      '999990007;Zoë;;;Berg;14-03-2014;V;8;Lindelaan;;12345;Demodorp;Berg;oom;geen-mail',
    );
    const messages = parseRoster(text).problems.map((p) => p.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        'rij 2: huisnummer ontbreekt',
        'rij 2: postcode: verwacht een postcode als 1234AB',
        expect.stringMatching(/^rij 2: ouder1_relatie "oom" ken ik niet; gebruik vader, moeder/),
        'rij 2: ouder1_email: verwacht een e-mailadres',
      ]),
    );
    expect(messages).toHaveLength(4);
  });

  it('refuses a file without the required columns in one message on row 1', () => {
    const { pupils, problems } = parseRoster(csv('naam;klas', 'Zoë;8'));
    expect(pupils).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.row).toBe(1);
    expect(problems[0]!.message).toContain('"bsn (of onderwijsnummer)"');
    expect(problems[0]!.message).toContain('"achternaam"');
  });

  it('restores the leading zero Excel drops from a BSN, and says so', () => {
    const { pupils, warnings } = parseRoster(csv(HEADER, '99990003;Fenna;;;Jansen;24-12-2019;V;3'));
    expect(pupils[0]!.leerlingnummer).toBe('099990003');
    expect(warnings).toEqual([expect.stringMatching(/^rij 2: voorloopnul aangevuld: \*{5}0003/)]);
  });

  it('reads a Windows-1252 file (Excel "CSV (lijstscheidingsteken)") and warns', () => {
    const bytes = Buffer.from(csv(HEADER, '999990007;Zo\u00eb;;;Berg;14-03-2014;V;8'), 'latin1');
    const { pupils, warnings } = parseRoster(bytes);
    expect(pupils[0]!.voornamen).toEqual(['Zoë']);
    expect(warnings[0]).toMatch(/niet in UTF-8/);
  });

  it('reads the example file in docs/ without problems, and every pupil fits the model', () => {
    const file = path.resolve(__dirname, '../../docs/voorbeeld-leerlingen.csv');
    const { pupils, problems, warnings } = parseRoster(readFileSync(file), { today: TODAY });
    expect(problems).toEqual([]);
    expect(warnings).toEqual([]);
    expect(pupils).toHaveLength(3);
    for (const p of pupils) expect(pupilSchema.safeParse(p).success).toBe(true);
    expect(pupils[0]!.verzorgers).toHaveLength(2);
  });
});

describe('parseRoster — JSON', () => {
  const good = {
    leerlingnummer: '999990007', voornamen: ['Zoë'], achternaam: 'Berg', geboortedatum: '2014-03-14', groep: '8',
    verzuim: [{ schooljaar: '2024-2025', geoorloofdUren: 4 }],
  };

  it('reads an array of pupils in the model shape, with optional category data', () => {
    const roster = parseRoster(JSON.stringify([good]));
    expect(roster.format).toBe('json');
    expect(roster.problems).toEqual([]);
    expect(roster.pupils[0]).toMatchObject({ leerlingnummer: '999990007', verzuim: [{ geoorloofdUren: 4, ongeoorloofdUren: 0 }] });
  });

  it('reports bad entries by their position, in Dutch, and keeps the good ones', () => {
    const bad = { ...good, leerlingnummer: '1234.56.789', geboortedatum: '14-03-2014', verzorgers: [{ achternaam: 'Berg', relatie: 'oom' }] };
    const { pupils, problems } = parseRoster(JSON.stringify([good, bad, { ...good, leerlingnummer: '999990019', achternaam: '' }]));
    expect(pupils).toHaveLength(1);
    expect(problems.every((p) => p.row === 2 || p.row === 3)).toBe(true);
    const messages = problems.map((p) => p.message);
    expect(messages).toEqual([
      expect.stringMatching(/^leerling 2: BSN \*{5}6789 voldoet niet aan de elfproef/),
      'leerling 2: geboortedatum: verwacht een datum als jjjj-mm-dd',
      expect.stringMatching(/^leerling 2: verzorgers\.0\.relatie: verwacht een van: vader, moeder/),
      'leerling 3: achternaam ontbreekt',
    ]);
  });

  it('says so when the file is not JSON', () => {
    const { pupils, problems } = parseRoster('[{"leerlingnummer": ', { format: 'json' });
    expect(pupils).toEqual([]);
    expect(problems[0]!.message).toMatch(/^Het JSON-bestand kan niet gelezen worden/);
  });
});
