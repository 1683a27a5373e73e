/**
 * The OSO document of a dossier: valid against the official XSD and validator for every soort
 * overstap, category choice and number of school years, with exactly the chosen data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { optionalCategories, type CategoryCode } from '../../src/domain/categories';
import type { Pupil } from '../../src/domain/pupil';
import type { School } from '../../src/domain/school';
import type { AantalSchooljaren } from '../../src/domain/schooljaren';
import type { SoortOverstap } from '../../src/domain/soortOverstap';
import { buildOsoDocument } from '../../src/domain/oso/buildOsoDocument';
import { listOsoProblems } from '../../src/domain/oso/checkOsoRules';
import { createOfficialValidator, type OfficialValidator } from '../../src/oso/officialValidator';
import { readZip } from '../../src/lib/zip';
import {
  OSO_DIR, PAKKET, SKIP_MESSAGE, TODAY, anna, basisschool, bram, chloe, daan, has, makeDossier, officialFilesAvailable, soSchool, texts, voSchool,
} from './fixtures';
import { skipNote } from '../helpers/skipReason';

const bijlage = { id: 'b1', naam: 'verslag logopedie.pdf', contentType: 'application/pdf', grootte: 9, inhoudKey: 'k1' };
const bijlageInhoud = { b1: new TextEncoder().encode('%PDF-1.4\n') };

function build(pupil: Pupil, school: School, soort: SoortOverstap, categorieen: CategoryCode[], jaren: AantalSchooljaren, today = TODAY): string {
  const dossier = makeDossier(pupil, { soortOverstap: soort, categorieen, aantalSchooljaren: jaren, bijlagen: [bijlage] });
  const input = { dossier, pupil, school, today, pakket: PAKKET, bijlageInhoud };
  expect(listOsoProblems(input)).toEqual([]);
  return buildOsoDocument(input);
}

const allOptional = (soort: SoortOverstap): CategoryCode[] => optionalCategories(soort).map((c) => c.code);

// Pupil, school and soort overstap combinations that make sense together.
const CASES: [string, Pupil, School, SoortOverstap][] = [
  ['anna POPO', anna, basisschool, 'POPO'],
  ['anna POVO', anna, basisschool, 'POVO'],
  ['bram POPO', bram, basisschool, 'POPO'],
  ['bram POVO from an SO school (no advice needed)', bram, soSchool, 'POVO'],
  ['chloe VOVO', chloe, voSchool, 'VOVO'],
  ['daan POPO', daan, basisschool, 'POPO'],
  ['daan VOVO', daan, basisschool, 'VOVO'],
];
const CHOICES: [string, (s: SoortOverstap) => CategoryCode[]][] = [
  ['no optional categories', () => []],
  ['all optional categories', allOptional],
  ['verzuim and bijlagedocs', () => ['verzuim', 'bijlagedocs']],
  ['toetsresultaten and onderwijsondersteuning', () => ['toetsresultaten', 'onderwijsondersteuning']],
];
const YEARS: AantalSchooljaren[] = [1, 2, 3];

describe.skipIf(!officialFilesAvailable)(`OSO document against the official XSD and validator${skipNote(!officialFilesAvailable, 'the official OSO-gegevensset files are not in ../shared/oso-gegevensset')}`, () => {
  let validator: OfficialValidator;
  beforeAll(async () => {
    validator = await createOfficialValidator(OSO_DIR);
  });
  afterAll(() => validator?.close());

  describe.each(CASES)('%s', (_name, pupil, school, soort) => {
    it.each(CHOICES.flatMap(([label, choose]) => YEARS.map((j) => [label, choose, j] as const)))(
      '%s, %i school year(s): zero errors',
      (_label, choose, jaren) => {
        const xml = build(pupil, school, soort, choose(soort), jaren);
        expect(validator.validate(xml)).toEqual({ xsdErrors: [], ruleErrors: [] });
      },
    );
  });

  it('verzuim counted in dagdelen goes out as dagdelen, not as hours; hours stay hours', () => {
    const pupil = { ...anna, verzuim: [
      { schooljaar: '2025-2026', geoorloofdUren: 3, ongeoorloofdUren: 1, eenheid: 'dagdelen' as const },
      { schooljaar: '2024-2025', geoorloofdUren: 5, ongeoorloofdUren: 0 },
    ] };
    const xml = build(pupil, basisschool, 'POPO', ['verzuim'], 3);
    expect(texts(xml, 'dagdelengeoorloofd')).toEqual(['3']);
    expect(texts(xml, 'dagdelenongeoorloofd')).toEqual(['1']);
    expect(texts(xml, 'urengeoorloofd')).toEqual(['5']);
    expect(validator.validate(xml)).toEqual({ xsdErrors: [], ruleErrors: [] });
  });

  it('is valid at the first day of a school year, when only the new year counts', () => {
    const xml = build(anna, basisschool, 'POPO', allOptional('POPO'), 1, '2025-08-01');
    expect(texts(xml, 'schooljaar')).toEqual(['2025-2026']);
    expect(validator.validate(xml)).toEqual({ xsdErrors: [], ruleErrors: [] });
  });

  it.each(['POPO', 'POVO'] as const)('%s: a grandmother who is not the legal representative is written as such, and the document is valid', (soort) => {
    const oma = { achternaam: 'Jansen', voornamen: ['Truus'], geslacht: 'V' as const, relatie: 'grootmoeder' as const, wettigVertegenwoordiger: false };
    const pupil: Pupil = { ...anna, verzorgers: [oma] };
    const xml = build(pupil, basisschool, soort, [], 1);
    expect(texts(xml, 'wettigevertegenwoordiger')).toEqual(['false']);
    expect(texts(xml, 'relatietotkind')).toEqual(['4']);
    expect(validator.validate(xml)).toEqual({ xsdErrors: [], ruleErrors: [] });
  });

  it('the validator notices when the parents did not agree and no reason travels with it', () => {
    const dossier = makeDossier(anna, { akkoord: 'Nee', redenNietAkkoord: 'Te veel zorggegevens.' });
    const xml = buildOsoDocument({ dossier, pupil: anna, school: basisschool, today: TODAY, pakket: PAKKET });
    expect(texts(xml, 'redennietakkoord')).toEqual(['Te veel zorggegevens.']);
    expect(validator.validate(xml)).toEqual({ xsdErrors: [], ruleErrors: [] });
    const broken = xml.replace('<inzage>true</inzage>', '<inzage>false</inzage>');
    expect(validator.validate(broken).ruleErrors).toHaveLength(1);
  });
});

// The skipped describe above shows in the report; this says why.
if (!officialFilesAvailable) console.warn(SKIP_MESSAGE);

describe('what goes into the OSO document', () => {
  it('leaves out school career, tests, absence and support older than the chosen school years', () => {
    const three = build(anna, basisschool, 'POPO', allOptional('POPO'), 3);
    expect(texts(three, 'schooljaar')).toEqual(['2023-2024', '2024-2025', '2025-2026']);
    expect(texts(three, 'afnamedatum')).toEqual(['2024-06-10', '2025-01-22', '2026-01-24']);
    // 2024-2025 and 2025-2026 absence, not the 40 hours of 2021-2022.
    expect(texts(three, 'urengeoorloofd')).toEqual(['16']);
    expect(texts(three, 'urenongeoorloofd')).toEqual(['2']);
    expect(texts(three, 'arrangement_kenmerk')).toEqual(['Plusklas, een ochtend per week.']);

    const one = build(anna, basisschool, 'POPO', allOptional('POPO'), 1);
    expect(texts(one, 'schooljaar')).toEqual(['2025-2026']);
    expect(texts(one, 'afnamedatum')).toEqual(['2026-01-24']);
    expect(texts(one, 'urengeoorloofd')).toEqual(['4']);
    // Support that started before this school year but still runs is part of it.
    expect(texts(one, 'arrangement_kenmerk')).toEqual(['Plusklas, een ochtend per week.']);

    const two = build(anna, basisschool, 'POPO', allOptional('POPO'), 2);
    expect(texts(two, 'schooljaar')).toEqual(['2024-2025', '2025-2026']);
    expect(texts(two, 'afnamedatum')).toEqual(['2025-01-22', '2026-01-24']);
  });

  it('optional categories not chosen carry no data and say OPT-UIT; forbidden ones say VERBODEN', () => {
    const xml = build(anna, basisschool, 'POPO', [], 3);
    for (const tag of ['verzuim', 'toetslijst', 'onderwijsondersteuning', 'overigdocumentlijst', 'eindtoets_basisonderwijs']) {
      expect(has(xml, tag), tag).toBe(false);
    }
    expect(texts(xml, 'cat_verzuim')).toEqual(['OPT-UIT']);
    expect(texts(xml, 'cat_vombo')).toEqual(['VERBODEN']);
    expect(texts(xml, 'cat_leerling')).toEqual(['VERPLICHT']);
    expect(texts(xml, 'deeldossier')).toEqual(['LAS']);

    const chosen = build(anna, basisschool, 'POVO', ['verzuim'], 3);
    expect(texts(chosen, 'cat_verzuim')).toEqual(['OPTIONEEL']);
    expect(texts(chosen, 'cat_vve')).toEqual(['VERBODEN']);
    expect(texts(chosen, 'cat_toetsresultaten')).toEqual(['OPT-UIT']);
    expect(has(chosen, 'verzuim')).toBe(true);
    expect(has(chosen, 'toetslijst')).toBe(false);
  });

  it('POVO: the advice given in the conversation fills in for a source without a DUO code; a source code wins', () => {
    const pupil = daan;
    const dossier = makeDossier(pupil, { soortOverstap: 'POVO', categorieen: [], schooladvies: '61' });
    const input = { dossier, pupil, school: basisschool, today: TODAY, pakket: PAKKET };
    expect(listOsoProblems(input)).toEqual([]);
    const xml = buildOsoDocument(input);
    expect(texts(xml, 'advies')).toEqual(['61']);
    expect(texts(xml, 'argumentatie')).toEqual(['Schooladvies: havo/vwo.']);
    // Without it, the same dossier is refused with what to do.
    const zonder = makeDossier(pupil, { soortOverstap: 'POVO', categorieen: [] });
    expect(listOsoProblems({ ...input, dossier: zonder }).map((p) => p.code)).toEqual(['advies']);

    const anna70 = buildOsoDocument({ ...input, pupil: anna, dossier: makeDossier(anna, { soortOverstap: 'POVO', categorieen: [], schooladvies: '70' }) });
    expect(texts(anna70, 'advies')).toEqual(['60']);
  });

  it('VOVO: the parents\' toestemming as answered; "Onbekend" only for a dossier without the answer', () => {
    const nee = buildOsoDocument({ dossier: makeDossier(chloe, { soortOverstap: 'VOVO', categorieen: [], toestemming: 'Nee' }), pupil: chloe, school: voSchool, today: TODAY, pakket: PAKKET });
    expect(texts(nee, 'toestemming')).toEqual(['Nee']);
    const oud = buildOsoDocument({ dossier: makeDossier(chloe, { soortOverstap: 'VOVO', categorieen: [] }), pupil: chloe, school: voSchool, today: TODAY, pakket: PAKKET });
    expect(texts(oud, 'toestemming')).toEqual(['Onbekend']);
  });

  it('writes the standard codes: geslacht, relatie tot kind, jaargroep, land, BRIN and vestiging', () => {
    const xml = build(anna, basisschool, 'POPO', [], 3);
    // Leerling V = 1, moeder V = 1, vader M = 2 (as in the standard's examples).
    expect(texts(xml, 'geslacht')).toEqual(['1', '1', '2']);
    expect(texts(xml, 'relatietotkind')).toEqual(['2', '1']);
    expect(texts(xml, 'jaargroep')).toEqual(['6', '7', '8']);
    expect(texts(xml, 'land')).toEqual(['6030', '6030', '6030']);
    expect(texts(xml, 'brincode')).toEqual(['12AB', '12AB', '12AB', '12AB']);
    expect(texts(xml, 'vestigingscode')).toEqual(['01', '01', '01', '01']);
    expect(texts(xml, 'voorletters-1')).toEqual(['A.IJ.Z.', 'E.M.', 'J.P.']);
    expect(texts(xml, 'postcode')).toContain('1234AB');
    expect(texts(xml, 'bsn')).toEqual(['999990007']);
    expect(texts(xml, 'advies')).toEqual(['60']);

    const vo = build(chloe, voSchool, 'VOVO', [], 3);
    expect(texts(vo, 'jaargroep')).toEqual(['11', '12']);
    expect(texts(vo, 'vestigingscode')).toEqual(['00', '00', '00']);
    expect(texts(vo, 'toestemming')).toEqual(['Onbekend']);
    expect(texts(vo, 'relatietotkind')).toEqual(['6', '7']);
  });

  it('keeps a secret address out and derives what the roster lacks', () => {
    const xml = build(bram, basisschool, 'POPO', [], 3);
    expect(texts(xml, 'adresgeheim')).toEqual(['true']);
    // Only the school's address remains.
    expect(texts(xml, 'straat')).toEqual(['Schoolstraat']);
    expect(texts(xml, 'onderwijsnummer')).toEqual(['109900000']);
    expect(has(xml, 'bsn')).toBe(false);
    expect(texts(xml, 'datuminschrijving')).toEqual(['2024-09-02']);
    expect(texts(xml, 'jaargroep')).toEqual(['4', '5']);
    expect(texts(xml, 'geslacht')[0]).toBe('0');
  });

  it('sends a word advice along in the argumentation instead of as a code', () => {
    const xml = build(daan, basisschool, 'POPO', [], 3);
    expect(has(xml, 'advies')).toBe(false);
    expect(texts(xml, 'argumentatie')).toEqual(['Schooladvies: havo/vwo.']);
  });

  it('sends attachments as Base64 ZIP files only when Bijlagedocs is chosen', () => {
    const without = build(anna, basisschool, 'POPO', ['verzuim'], 3);
    expect(has(without, 'overigdocumentlijst')).toBe(false);
    const withDocs = build(anna, basisschool, 'POPO', ['bijlagedocs'], 3);
    expect(texts(withDocs, 'bestandsnaam')).toEqual(['verslag logopedie.pdf']);
    const zip = Buffer.from(texts(withDocs, 'bestandsinhoud')[0]!, 'base64');
    const [file, ...others] = readZip(zip);
    expect(others).toHaveLength(0);
    expect(file?.name).toBe('verslag logopedie.pdf');
    expect(file?.data.subarray(0, 9).toString('latin1')).toBe('%PDF-1.4\n');
  });

  it('writes only a clean base name into <bestandsnaam> and the zip, also for a name stored before names were cleaned', () => {
    for (const [stored, clean] of [
      ['../../etc/x.pdf', 'x.pdf'],
      ['..\\..\\Windows\\verslag.pdf', 'verslag.pdf'],
      ['rapport\u202Efdp.pdf', 'rapportfdp.pdf'],
      ['/', 'bijlage'],
    ] as const) {
      const dossier = makeDossier(anna, { soortOverstap: 'POPO', categorieen: ['bijlagedocs'], aantalSchooljaren: 3, bijlagen: [{ ...bijlage, naam: stored }] });
      const xml = buildOsoDocument({ dossier, pupil: anna, school: basisschool, today: TODAY, pakket: PAKKET, bijlageInhoud });
      expect(texts(xml, 'bestandsnaam'), stored).toEqual([clean]);
      expect(readZip(Buffer.from(texts(xml, 'bestandsinhoud')[0]!, 'base64')).map((f) => f.name), stored).toEqual([clean]);
    }
  });

  it('escapes names with quotes and ampersands', () => {
    const pupil = { ...chloe, achternaam: 'Smit & Zn <test>' };
    const xml = build(pupil, voSchool, 'VOVO', [], 3);
    expect(xml).toContain('<achternaam>Smit &amp; Zn &lt;test&gt;</achternaam>');
    expect(xml).toContain("<voorvoegsel>d'</voorvoegsel>");
  });
});
