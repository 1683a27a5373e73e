/**
 * A small school for the dossier conversation tests: school 12AB, five pupils with valid BSNs
 * (two named Sem, so a search is ambiguous; a Zoë to test accents) and one medewerker.
 */
import { pupilSchema, type Pupil, type PupilInput } from '../../src/domain/pupil';
import type { School } from '../../src/domain/school';
import type { User } from '../../src/domain/users';
import type { Repositories } from '../../src/repositories';
import type { DossierAnswers } from '../../src/app/dossierService';

/** A valid BSN from 8 digits: the ninth makes the elfproef sum divisible by 11 (prefixes that need a 10 are skipped). */
export function bsnFrom(prefix8: number): string {
  for (let p = prefix8; ; p++) {
    const first = String(p).padStart(8, '0');
    let sum = 0;
    for (let i = 0; i < 8; i++) sum += (9 - i) * Number(first[i]);
    const check = sum % 11; // sum - check ≡ 0 (mod 11)
    if (check <= 9) return first + String(check);
  }
}

export const SCHOOL: School = {
  brin: '12AB',
  naam: 'OBS De Regenboog',
  soort: 'BAO',
  telefoon: '030-1234567',
  adres: { straat: 'Schoolstraat', huisnummer: '1', postcode: '3511AA', plaats: 'Utrecht' },
};

export const USER: User = {
  id: 'user1',
  naam: 'Anja de Vries',
  telefoon: '06-12345678',
  email: 'a.devries@regenboog.example.com',
  rollen: ['medewerker'],
};

const pupil = (input: Partial<PupilInput> & Pick<PupilInput, 'leerlingnummer' | 'voornamen' | 'achternaam' | 'groep'>): Pupil =>
  pupilSchema.parse({
    geboortedatum: '2017-05-01',
    geslacht: 'onbekend',
    datumInschrijving: '2021-08-23',
    leerlingId: `LL-${input.leerlingnummer.slice(-4)}`,
    schoolloopbaan: [{ schooljaar: '2026-2027', groep: input.groep, begindatum: '2026-08-24' }],
    verzorgers: [{ achternaam: input.achternaam, relatie: 'moeder', voornamen: ['Els'] }],
    adres: { straat: 'Dorpsstraat', huisnummer: '12', postcode: '3512BB', plaats: 'Utrecht' },
    ...input,
  });

export const PUPILS = {
  zoe: pupil({ leerlingnummer: bsnFrom(23456780), voornamen: ['Zoë', 'Maria'], voorvoegsel: 'van den', achternaam: 'Berg', groep: '5' }),
  daan: pupil({ leerlingnummer: bsnFrom(34567891), voornamen: ['Daan'], voorvoegsel: 'de', achternaam: 'Vries', groep: '7' }),
  semBakker: pupil({ leerlingnummer: bsnFrom(45678902), voornamen: ['Sem'], achternaam: 'Bakker', groep: '3' }),
  semJong: pupil({ leerlingnummer: bsnFrom(56789013), voornamen: ['Sem'], voorvoegsel: 'de', achternaam: 'Jong', groep: '4' }),
  // Leading zero: the BSN must keep it.
  lotte: pupil({ leerlingnummer: bsnFrom(1234567), voornamen: ['Lotte'], achternaam: 'Smit', groep: '8' }),
};

/** A fixed "now": 15 October 2026, 12:00 in the Netherlands (school year 2026-2027). */
export const NOW = new Date('2026-10-15T10:00:00Z');
export const fixedClock = { now: () => new Date(NOW) };

export async function loadFixtures(repos: Repositories): Promise<void> {
  await repos.school.save(SCHOOL);
  await repos.users.save(USER);
  for (const p of Object.values(PUPILS)) await repos.pupils.upsert(p);
}

/** Every answer of a dossier that can be made ready, as USER gives them for SCHOOL (for service-level tests). */
export const COMPLETE_ANSWERS: DossierAnswers = {
  soortOverstap: 'POPO',
  categorieen: [],
  aantalSchooljaren: 3,
  contactpersoon: { naam: USER.naam, telefoon: USER.telefoon!, email: USER.email },
  bijlagen: [],
  voorlopig: false,
  contactGewenst: false,
  ontvangendeBrin: SCHOOL.brin,
  inzage: { gehad: true, datum: '2026-10-03', medewerker: USER.naam },
  akkoord: 'Ja',
};
