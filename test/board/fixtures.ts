/**
 * A board of two schools for the board tests: OBS De Regenboog (12AB, the first school, the
 * dossier tests' pupils) and De Vlinder (34CD, pupils of its own; one has the same number as
 * Zoë at De Regenboog). Anja works at De Regenboog only, Vera at De Vlinder only, Piet at
 * both (medewerker at De Regenboog, directie at De Vlinder), Bea is De Vlinder's beheerder.
 */
import { Board, type SchoolChoice } from '../../src/app/board';
import { pupilSchema, type Pupil } from '../../src/domain/pupil';
import type { School } from '../../src/domain/school';
import type { User } from '../../src/domain/users';
import type { Repositories } from '../../src/repositories';
import type { DocumentStore } from '../../src/storage/documentStore';
import { bsnFrom, loadFixtures, PUPILS, USER } from '../helpers/dossierFixtures';

export const VLINDER: School = {
  brin: '34CD',
  naam: 'De Vlinder',
  soort: 'BAO',
  telefoon: '010-7654321',
  adres: { straat: 'Vlinderlaan', huisnummer: '8', postcode: '3011BB', plaats: 'Rotterdam' },
};

const pupil = (leerlingnummer: string, voornaam: string, achternaam: string, groep: string): Pupil =>
  pupilSchema.parse({
    leerlingnummer,
    voornamen: [voornaam],
    achternaam,
    groep,
    geboortedatum: '2016-02-03',
    geslacht: 'onbekend',
    datumInschrijving: '2020-08-17',
    leerlingId: `VL-${leerlingnummer.slice(-4)}`,
    schoolloopbaan: [{ schooljaar: '2026-2027', groep, begindatum: '2026-08-24' }],
    verzorgers: [{ achternaam, relatie: 'vader', voornamen: ['Kees'] }],
    adres: { straat: 'Havenstraat', huisnummer: '3', postcode: '3011CC', plaats: 'Rotterdam' },
  });

export const VLINDER_PUPILS = {
  yara: pupil(bsnFrom(67890124), 'Yara', 'Visser', '8'),
  // The same number as Zoë at De Regenboog: two schools, two pupils.
  ilias: pupil(PUPILS.zoe.leerlingnummer, 'Ilias', 'Bouzid', '6'),
  fenna: pupil(bsnFrom(78901235), 'Fenna', 'Kuipers', '4'),
};

export const ANJA: User = { ...USER, rollen: ['medewerker'] };
export const VERA: User = { id: 'vera', naam: 'Vera Vos', telefoon: '06-22222222', rollen: ['medewerker'] };
export const PIET = { id: 'piet', naam: 'Piet Pols', telefoon: '06-33333333' };
export const BEA: User = { id: 'bea', naam: 'Bea Beheer', rollen: ['beheerder'] };

export interface TwoSchools {
  board: Board;
  regenboog: Repositories;
  vlinder: Repositories;
  vlinderChoice: SchoolChoice;
}

export async function twoSchools(store: DocumentStore): Promise<TwoSchools> {
  const board = new Board(store);
  const [first] = await board.schools();
  const regenboog = board.repositoriesFor(first!);
  await loadFixtures(regenboog);
  await regenboog.users.save(ANJA);
  await regenboog.users.save({ ...PIET, rollen: ['medewerker'] });
  const vlinderChoice = (await board.addSchool(VLINDER))!;
  const vlinder = board.repositoriesFor(vlinderChoice.entry);
  for (const p of Object.values(VLINDER_PUPILS)) await vlinder.pupils.upsert(p);
  await vlinder.ldos.addClass('Groep 8 Rups');
  await vlinder.users.save(VERA);
  await vlinder.users.save({ ...PIET, rollen: ['directie'] });
  await vlinder.users.save(BEA);
  return { board, regenboog, vlinder, vlinderChoice };
}

export const REGENBOOG_LABEL = 'OBS De Regenboog (12AB)';
export const VLINDER_LABEL = 'De Vlinder (34CD)';
