/**
 * Varied pupils, schools and dossiers for the OSO document tests: BSN and onderwijsnummer,
 * secret address, derived enrolment date, VO leerjaren, data older than three school years,
 * every kind of optional category data. All numbers are test numbers (99999xxxx, 10xxxxxxx).
 */
import path from 'node:path';
import type { CategoryCode } from '../../src/domain/categories';
import type { Dossier } from '../../src/domain/dossier';
import { pupilSchema, type Pupil, type PupilInput } from '../../src/domain/pupil';
import { schoolSchema, type School } from '../../src/domain/school';
import type { AantalSchooljaren } from '../../src/domain/schooljaren';
import type { SoortOverstap } from '../../src/domain/soortOverstap';
import { officialFilesPresent } from '../../src/oso/officialValidator';

export const repoRoot = path.resolve(__dirname, '../..');
export const OSO_DIR = path.resolve(repoRoot, '../shared/oso-gegevensset');
export const officialFilesAvailable = officialFilesPresent(OSO_DIR);
export const SKIP_MESSAGE = `OSO validation tests skipped: the official OSO-gegevensset files are not in ${OSO_DIR}`;
if (!officialFilesAvailable) console.warn(SKIP_MESSAGE);

/** Mid school year 2025-2026: three school years are 2023-2024, 2024-2025 and 2025-2026. */
export const TODAY = '2026-03-16';

const adres = (straat: string, huisnummer: string, postcode: string, plaats: string, extra: Partial<PupilInput['adres'] & object> = {}) => ({
  straat, huisnummer, postcode, plaats, ...extra,
});

export const basisschool: School = schoolSchema.parse({
  brin: '12ab01',
  naam: 'OBS De Regenboog',
  adres: adres('Schoolstraat', '1', '1234AB', 'Testdorp', { gemeente: 'Testgemeente' }),
  telefoon: '0201234567',
  email: 'info@regenboog.example.com',
  directeur: 'J. de Directeur',
  soort: 'BAO',
});

export const voSchool: School = schoolSchema.parse({
  brin: '34CD',
  naam: 'Testcollege',
  adres: adres('Collegeweg', '10', '2345BC', 'Teststad'),
  email: 'administratie@testcollege.example.com',
  soort: 'VO',
});

export const soSchool: School = schoolSchema.parse({
  brin: '56EF',
  naam: 'SO De Brug',
  adres: adres('Brugweg', '5', '3456CD', 'Brugdorp'),
  telefoon: '0301234567',
  soort: 'SO',
});

const career = (years: [number, number, string][]): PupilInput['schoolloopbaan'] =>
  years.map(([start, jaargroep, groep]) => ({
    schooljaar: `${start}-${start + 1}`,
    groep,
    jaargroep,
    begindatum: `${start}-08-01`,
    ...(start < 2025 ? { einddatum: `${start + 1}-07-31` } : {}),
  }));

/** Groep 8, BSN, two parents, five school years and every kind of optional data, some of it too old. */
export const anna: Pupil = pupilSchema.parse({
  leerlingnummer: '999990007',
  voornamen: ['Anna', 'IJsbrand', 'Zoë'],
  roepnaam: 'Anna',
  voorvoegsel: 'van der',
  achternaam: 'Berg',
  geboortedatum: '2013-05-04',
  geslacht: 'V',
  groep: '8b',
  leerlingId: 'LL-1001',
  adres: adres('Lindelaan', '12', '1234 ab', 'Testdorp', { toevoeging: 'A', gemeente: 'Testgemeente' }),
  telefoon: '0612345678',
  email: 'anna@example.com',
  datumInschrijving: '2017-08-20',
  verzorgers: [
    { voornamen: ['Eva', 'Maria'], achternaam: 'Berg', voorvoegsel: 'van der', geslacht: 'V', relatie: 'moeder', telefoon: '0611111111', email: 'eva@example.com', adres: adres('Lindelaan', '12', '1234AB', 'Testdorp') },
    { voornamen: ['Joost'], voorletters: 'J.P.', achternaam: 'Berg', voorvoegsel: 'van der', geslacht: 'M', relatie: 'vader', telefoon: '0622222222' },
  ],
  schoolloopbaan: career([
    [2021, 4, '4a'],
    [2022, 5, '5a'],
    [2023, 6, '6b'],
    [2024, 7, '7b'],
    [2025, 8, '8b'],
  ]),
  overstapadvies: { advies: '60', argumentatie: 'Werkt zelfstandig en nauwkeurig.', aandachtspunten: 'Heeft baat bij duidelijke planning.' },
  verzuim: [
    { schooljaar: '2021-2022', geoorloofdUren: 40, ongeoorloofdUren: 10 },
    { schooljaar: '2024-2025', geoorloofdUren: 12, ongeoorloofdUren: 2 },
    { schooljaar: '2025-2026', geoorloofdUren: 4, ongeoorloofdUren: 0 },
  ],
  toetsresultaten: [
    { datum: '2022-01-20', code: 'RW2006-12-155', toets: 'LVS Rekenen-Wiskunde', onderdeel: 'Rekenen', score: 'C' },
    { datum: '2024-06-10', code: 'SP2013-M7', toets: 'LVS Spelling', onderdeel: 'Spelling', score: 'II' },
    { datum: '2025-01-22', code: 'BLZ07-20-138', toets: 'LVS Begrijpend lezen', onderdeel: 'Begrijpend lezen', score: 'A' },
    { datum: '2026-01-24', code: 'RW2006-12-155', toets: 'LVS Rekenen-Wiskunde', onderdeel: 'Rekenen', score: '245,5' },
  ],
  ondersteuning: [
    { begindatum: '2020-10-01', einddatum: '2021-06-30', omschrijving: 'Remedial teaching lezen.' },
    { begindatum: '2024-11-01', omschrijving: 'Plusklas, een ochtend per week.' },
  ],
});

/** Onderwijsnummer, secret address, group names without jaargroep, a guardian. */
export const bram: Pupil = pupilSchema.parse({
  leerlingnummer: '109900000',
  voornamen: ['Bram'],
  achternaam: 'Visser',
  geboortedatum: '2016-10-10',
  geslacht: 'X',
  groep: 'groep 5',
  leerlingId: 'LL-2002',
  datumInschrijving: '2024-09-02',
  adresGeheim: true,
  verzorgers: [{ voornamen: [], achternaam: 'Visser', relatie: 'voogd', telefoon: '0612340012', email: 'voogdij.visser@example.com' }],
  schoolloopbaan: [
    { schooljaar: '2024-2025', groep: 'groep 4', begindatum: '2024-09-02', einddatum: '2025-07-31' },
    { schooljaar: '2025-2026', groep: 'groep 5', begindatum: '2025-08-01' },
  ],
});

/** VO leerjaar 2 (VOVO from a VO school), no advice, test scores as numbers and words. */
export const chloe: Pupil = pupilSchema.parse({
  leerlingnummer: '999990093',
  voornamen: ['Chloé', 'Anna'],
  roepnaam: 'Chloé',
  achternaam: "d'Oliveira",
  geboortedatum: '2012-04-17',
  geslacht: 'V',
  groep: '2H',
  leerlingId: 'VO-77',
  adres: adres('Eikenlaan', '44', '2345BC', 'Teststad'),
  datumInschrijving: '2024-08-20',
  verzorgers: [
    { voornamen: ['Roos'], achternaam: 'Oliveira', voorvoegsel: "d'", relatie: 'stiefouder', wettigVertegenwoordiger: false },
    { voornamen: ['Tom'], achternaam: 'Smit', geslacht: 'M', relatie: 'pleegouder', telefoon: '0614141414', email: 'tom.smit@example.com' },
  ],
  schoolloopbaan: [
    { schooljaar: '2024-2025', groep: '1H', jaargroep: 1, begindatum: '2024-08-20', einddatum: '2025-07-31' },
    { schooljaar: '2025-2026', groep: '2H', jaargroep: 2, begindatum: '2025-08-01' },
  ],
  verzuim: [{ schooljaar: '2025-2026', geoorloofdUren: 3, ongeoorloofdUren: 1 }],
  toetsresultaten: [
    { datum: '2025-10-01', code: 'DIA-EN-LZ', toets: 'Diatoetsen Engels', onderdeel: 'Lezen', score: 'goed' },
    { datum: '2026-02-01', code: 'VAS-WI-2', toets: 'Cito VAS', onderdeel: 'Wiskunde', score: '120' },
  ],
});

/** Groep 7 with a "relatie overig" carer and a word advice (not a DUO code). */
export const daan: Pupil = pupilSchema.parse({
  leerlingnummer: '999990020',
  voornamen: ['Daan'],
  achternaam: 'de Wit',
  geboortedatum: '2014-07-30',
  geslacht: 'M',
  groep: '7',
  leerlingId: 'LL-3003',
  datumInschrijving: '2019-08-19',
  adres: adres('Molenweg', '88', '1234AC', 'Testdorp'),
  verzorgers: [{ voornamen: ['Henk'], achternaam: 'Wit', voorvoegsel: 'de', geslacht: 'M', relatie: 'overig', telefoon: '0612340005' }],
  schoolloopbaan: career([
    [2023, 5, '5'],
    [2024, 6, '6'],
    [2025, 7, '7'],
  ]),
  overstapadvies: { advies: 'havo/vwo' },
});

export const FIXTURE_PUPILS = { anna, bram, chloe, daan } as const;

export const ACTOR = { userId: 'u1', naam: 'Juf Test' };

export function makeDossier(pupil: Pupil, over: Partial<Dossier> & { soortOverstap?: SoortOverstap; categorieen?: CategoryCode[]; aantalSchooljaren?: AantalSchooljaren } = {}): Dossier {
  return {
    id: `d-${pupil.leerlingnummer}`,
    leerlingnummer: pupil.leerlingnummer,
    leerlingNaam: pupil.achternaam,
    soortOverstap: 'POPO',
    categorieen: [],
    aantalSchooljaren: 3,
    contactpersoon: { naam: 'Juf Test', telefoon: '0201234568', email: 'juf.test@example.com' },
    bijlagen: [],
    voorlopig: false,
    contactGewenst: true,
    ontvangendeBrin: '99ZZ',
    inzage: { gehad: true, datum: '2026-03-10', medewerker: 'Juf Test' },
    akkoord: 'Ja',
    status: 'concept',
    aangemaaktDoor: ACTOR,
    history: [],
    ...over,
  };
}

export const PAKKET = { naam: 'OSO-overstapbot', versie: '0.1.0' };

/** All text contents of <tag> elements, in document order. */
export function texts(xml: string, tag: string): string[] {
  return [...xml.matchAll(new RegExp(`<${tag}(?:\\s[^>]*)?>([^<]*)</${tag}>`, 'g'))].map((m) => m[1]!);
}

export const has = (xml: string, tag: string): boolean => new RegExp(`<${tag}[\\s>/]`).test(xml);
