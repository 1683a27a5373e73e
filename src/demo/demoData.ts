/**
 * Demo mode (PRODUCT.md §8): a fictional school with a dozen pupils whose school careers,
 * birth dates and optional category data are placed relative to "today", so the demo looks
 * current in every school year. All names, addresses and numbers are made up: the BSNs are
 * from the 99999xxxx test range (plus one with a leading zero), the e-mail domain is example.com.
 */
import { schoolYearStart, type IsoDate } from '../domain/dates';
import { pupilSchema, type Pupil, type PupilInput } from '../domain/pupil';
import { schoolSchema, type School } from '../domain/school';

export interface DemoData {
  school: School;
  pupils: Pupil[];
  /** LDOS classes the received pupils can be placed in. */
  klassen: string[];
}

export const DEMO_BRIN = '99ZZ';

export const DEMO_KLASSEN = ['groep 1/2', 'groep 3', 'groep 4', 'groep 5', 'groep 6', 'groep 7', 'groep 8'];

type Parent = NonNullable<PupilInput['verzorgers']>[number];

interface DemoPupil {
  leerlingnummer: string;
  voornamen: string[];
  roepnaam?: string;
  voorvoegsel?: string;
  achternaam: string;
  geslacht: 'M' | 'V' | 'X';
  /** Jaargroep in the current school year (1–8). */
  jaargroep: number;
  /** Birthday as MM-DD; the year follows from the jaargroep. */
  verjaardag: string;
  adres: PupilInput['adres'];
  ouders: Parent[];
  /** School years at this school (default: since groep 1, at most four). */
  jarenOpSchool?: number;
  extra?: (y: number) => Partial<PupilInput>;
}

const adres = (straat: string, huisnummer: string, postcode: string, toevoeging?: string): PupilInput['adres'] => ({
  straat,
  huisnummer,
  ...(toevoeging ? { toevoeging } : {}),
  postcode,
  plaats: 'Demodorp',
  gemeente: 'Demodorp',
});

const mail = (local: string) => `${local}@example.com`;

const PUPILS: DemoPupil[] = [
  {
    leerlingnummer: '999990007', voornamen: ['Zoë', 'Maria'], roepnaam: 'Zoë', voorvoegsel: 'van den', achternaam: 'Berg',
    geslacht: 'V', jaargroep: 8, verjaardag: '03-14', adres: adres('Lindelaan', '12', '9999ZX'),
    ouders: [
      { voornamen: ['Eva'], achternaam: 'Berg', voorvoegsel: 'van den', relatie: 'moeder', telefoon: '0612340001', email: mail('eva.vandenberg') },
      { voornamen: ['Joost'], achternaam: 'Berg', voorvoegsel: 'van den', relatie: 'vader', telefoon: '0612340002' },
    ],
    extra: (y) => ({
      overstapadvies: { advies: 'havo/vwo', argumentatie: 'Werkt zelfstandig en nauwkeurig; begrijpend lezen ruim boven niveau.' },
      verzuim: [
        { schooljaar: `${y - 1}-${y}`, geoorloofdUren: 12, ongeoorloofdUren: 0 },
        { schooljaar: `${y}-${y + 1}`, geoorloofdUren: 4, ongeoorloofdUren: 0 },
      ],
      toetsresultaten: [
        { datum: `${y}-01-22`, code: 'BLZ07-20-138', toets: 'LVS Begrijpend lezen', onderdeel: 'Begrijpend lezen', score: 'I' },
        { datum: `${y}-01-24`, code: 'RW2006-12-155', toets: 'LVS Rekenen-Wiskunde', onderdeel: 'Rekenen', score: 'II' },
      ],
    }),
  },
  {
    leerlingnummer: '999990019', voornamen: ['Daniël', 'Pieter'], roepnaam: 'Daniël', voorvoegsel: 'de', achternaam: 'Vries',
    geslacht: 'M', jaargroep: 8, verjaardag: '11-02', adres: adres('Kerkstraat', '4', '9999ZA', 'A'),
    ouders: [
      { voornamen: ['Sanne'], achternaam: 'Vries', voorvoegsel: 'de', relatie: 'moeder', telefoon: '0612340003', email: mail('sanne.devries') },
    ],
    extra: (y) => ({
      overstapadvies: { advies: 'vmbo-kader', aandachtspunten: 'Heeft baat bij een vaste structuur en korte instructies.' },
      verzuim: [{ schooljaar: `${y - 1}-${y}`, geoorloofdUren: 30, ongeoorloofdUren: 6 }],
      ondersteuning: [{ begindatum: `${y - 1}-10-01`, omschrijving: 'Extra begeleiding technisch lezen (RT), twee keer per week.' }],
    }),
  },
  {
    leerlingnummer: '999990020', voornamen: ['Noëlle'], achternaam: 'Bakker', geslacht: 'V', jaargroep: 7, verjaardag: '07-30',
    adres: adres('Molenweg', '88', '9999ZB'),
    ouders: [
      { voornamen: ['Ingrid'], achternaam: 'Bakker', relatie: 'moeder', telefoon: '0612340004', email: mail('ingrid.bakker') },
      { voornamen: ['Ahmed'], achternaam: 'Bakker', relatie: 'stiefouder', telefoon: '0612340005' },
    ],
  },
  {
    leerlingnummer: '999990032', voornamen: ['İlayda'], achternaam: 'Yılmaz', geslacht: 'V', jaargroep: 6, verjaardag: '01-09',
    adres: adres('Beatrixstraat', '21', '9999ZC'),
    ouders: [
      { voornamen: ['Emine'], achternaam: 'Yılmaz', relatie: 'moeder', telefoon: '0612340006', email: mail('emine.yilmaz') },
      { voornamen: ['Mehmet'], achternaam: 'Yılmaz', relatie: 'vader', telefoon: '0612340007', email: mail('mehmet.yilmaz') },
    ],
    extra: (y) => ({
      toetsresultaten: [{ datum: `${y}-06-10`, code: 'SP2013-M7', toets: 'LVS Spelling', onderdeel: 'Spelling', score: 'III' }],
    }),
  },
  {
    leerlingnummer: '999990044', voornamen: ['Sem', 'Johannes'], roepnaam: 'Sem', voorvoegsel: 'van den', achternaam: 'Berg',
    geslacht: 'M', jaargroep: 5, verjaardag: '09-18', adres: adres('Lindelaan', '12', '9999ZX'),
    ouders: [
      { voornamen: ['Eva'], achternaam: 'Berg', voorvoegsel: 'van den', relatie: 'moeder', telefoon: '0612340001', email: mail('eva.vandenberg') },
      { voornamen: ['Joost'], achternaam: 'Berg', voorvoegsel: 'van den', relatie: 'vader', telefoon: '0612340002' },
    ],
  },
  {
    leerlingnummer: '999990056', voornamen: ['Mohammed'], achternaam: 'El Amrani', geslacht: 'M', jaargroep: 4, verjaardag: '05-05',
    adres: adres('Stationsplein', '3', '9999ZD', 'bis'),
    ouders: [{ voornamen: ['Fatima'], achternaam: 'El Amrani', relatie: 'moeder', telefoon: '0612340008', email: mail('f.elamrani') }],
    extra: (y) => ({ verzuim: [{ schooljaar: `${y - 1}-${y}`, geoorloofdUren: 8, ongeoorloofdUren: 14 }] }),
  },
  {
    // Leading zero: stored and shown as 099990003, never as a number.
    leerlingnummer: '099990003', voornamen: ['Fenna'], achternaam: 'Jansen', geslacht: 'V', jaargroep: 3, verjaardag: '12-24',
    adres: adres('Dorpsstraat', '101', '9999ZE'),
    ouders: [{ voornamen: ['Kees'], achternaam: 'Jansen', relatie: 'vader', telefoon: '0612340009', email: mail('kees.jansen') }],
  },
  {
    leerlingnummer: '999990068', voornamen: ['Lucas'], voorvoegsel: "'t", achternaam: 'Hart', geslacht: 'M', jaargroep: 2, verjaardag: '02-29',
    adres: adres('Zuiderdijk', '7', '9999ZG'),
    ouders: [{ voornamen: ['Marloes'], achternaam: 'Hart', voorvoegsel: "'t", relatie: 'moeder', telefoon: '0612340010', email: mail('marloes.thart') }],
  },
  {
    leerlingnummer: '999990081', voornamen: ['Saar'], voorvoegsel: 'de', achternaam: 'Jong', geslacht: 'V', jaargroep: 1, verjaardag: '06-01',
    adres: adres('Wilgenhof', '15', '9999ZH'),
    ouders: [{ voornamen: ['Lotte'], achternaam: 'Jong', voorvoegsel: 'de', relatie: 'moeder', telefoon: '0612340011' }],
  },
  {
    // No BSN: identified by an onderwijsnummer (starts with 10, check sum mod 11 = 5).
    leerlingnummer: '109900000', voornamen: ['Björn'], achternaam: 'Visser', geslacht: 'M', jaargroep: 7, verjaardag: '10-10',
    adres: adres('Havenkade', '2', '9999ZJ'),
    ouders: [{ voornamen: ['Henk'], achternaam: 'Visser', relatie: 'voogd', telefoon: '0612340012', email: mail('voogdij.visser') }],
    jarenOpSchool: 2,
  },
  {
    leerlingnummer: '999990093', voornamen: ['Chloé', 'Anna'], roepnaam: 'Chloé', voorvoegsel: 'van der', achternaam: 'Meer-Smit',
    geslacht: 'V', jaargroep: 6, verjaardag: '04-17', adres: adres('Eikenlaan', '44', '9999ZK'),
    ouders: [
      { voornamen: ['Roos'], achternaam: 'Meer', voorvoegsel: 'van der', relatie: 'moeder', telefoon: '0612340013', email: mail('roos.vandermeer') },
      { voornamen: ['Tom'], achternaam: 'Smit', relatie: 'vader', telefoon: '0612340014' },
    ],
    extra: (y) => ({
      ondersteuning: [{ begindatum: `${y - 2}-11-01`, einddatum: `${y - 1}-06-30`, omschrijving: 'Logopedie op school.' }],
    }),
  },
  {
    leerlingnummer: '999990111', voornamen: ['Thijs', 'Willem'], roepnaam: 'Thijs', achternaam: 'Mulder', geslacht: 'M', jaargroep: 5,
    verjaardag: '08-08', adres: adres('Lindelaan', '30', '9999ZX'),
    ouders: [
      { voornamen: ['Anke'], achternaam: 'Mulder', relatie: 'grootmoeder', telefoon: '0612340015', email: mail('anke.mulder') },
    ],
  },
];

const groepLabel = (jaargroep: number): string => (jaargroep <= 2 ? '1/2' : String(jaargroep));

/** The demo school, pupils and LDOS classes as they look on `today`. */
export function demoData(today: IsoDate): DemoData {
  const y = schoolYearStart(today);
  const school = schoolSchema.parse({
    brin: DEMO_BRIN,
    naam: 'Demoschool De Vlinderboom',
    adres: adres('Schoolplein', '1', '9999ZZ'),
    telefoon: '0101234567',
    email: mail('info.vlinderboom'),
    directeur: 'Marieke de Wit',
    soort: 'BAO',
  });
  const pupils = PUPILS.map((p) => {
    const jaren = Math.min(p.jarenOpSchool ?? p.jaargroep, 4);
    const schoolloopbaan = Array.from({ length: jaren }, (_, i) => {
      const start = y - (jaren - 1) + i;
      const jaargroep = p.jaargroep - (jaren - 1) + i;
      return {
        schooljaar: `${start}-${start + 1}`,
        groep: groepLabel(jaargroep),
        jaargroep,
        begindatum: `${start}-08-01`,
        ...(start < y ? { einddatum: `${start + 1}-07-31` } : {}),
      };
    });
    const birthYear = y - p.jaargroep - 4;
    // 29 February only exists in leap years; the demo pupil born then gets 1 March otherwise.
    const leap = birthYear % 4 === 0 && (birthYear % 100 !== 0 || birthYear % 400 === 0);
    const verjaardag = p.verjaardag === '02-29' && !leap ? '03-01' : p.verjaardag;
    const input: PupilInput = {
      leerlingnummer: p.leerlingnummer,
      voornamen: p.voornamen,
      roepnaam: p.roepnaam,
      voorvoegsel: p.voorvoegsel,
      achternaam: p.achternaam,
      geboortedatum: `${birthYear}-${verjaardag}`,
      geslacht: p.geslacht,
      groep: groepLabel(p.jaargroep),
      adres: p.adres,
      // Enrolled in groep 1, or later when the pupil came from another school.
      datumInschrijving: `${p.jarenOpSchool ? y - (jaren - 1) : y - p.jaargroep + 1}-08-19`,
      leerlingId: `VB-${p.leerlingnummer.slice(-4)}`,
      verzorgers: p.ouders.map((o) => ({ ...o, geslacht: o.relatie === 'vader' || o.relatie === 'grootvader' ? 'M' : o.relatie === 'moeder' || o.relatie === 'grootmoeder' ? 'V' : 'onbekend' })),
      schoolloopbaan,
      ...p.extra?.(y),
    };
    return pupilSchema.parse(input);
  });
  return { school, pupils, klassen: [...DEMO_KLASSEN] };
}
