/**
 * The happy path of the dossier conversation as a script: for each question, how to
 * recognise it and the answer given. Tests run the script up to a question, do something
 * different there, and run the rest.
 */
import { expect } from 'vitest';
import { TEXT } from '../../dialogs/dossierDialog.texts';
import type { Dossier } from '../../src/domain/dossier';
import type { BotConversation, Reply } from './botConversation';
import { PUPILS, USER } from './dossierFixtures';

export const QUESTIONS = [
  'start',
  'leerling',
  'soort',
  'categorieen',
  'schooljaren',
  'contactpersoon',
  'bijlagen',
  'voorlopig',
  'contactGewenst',
  'brin',
  'inzage',
  'datum',
  'medewerker',
  'akkoord',
  'gereedmaken',
] as const;
export type Question = (typeof QUESTIONS)[number];

/** Text that shows the question is being asked. */
export const ASKS: Record<Exclude<Question, 'start'>, string> = {
  leerling: TEXT.leerling.vraag,
  soort: TEXT.soort.vraag,
  categorieen: TEXT.categorieen.vraag,
  schooljaren: TEXT.schooljaren.vraag,
  contactpersoon: TEXT.contactpersoon.vraag,
  bijlagen: TEXT.bijlagen.vraag,
  voorlopig: TEXT.voorlopig.vraag,
  contactGewenst: TEXT.contactGewenst.vraag,
  brin: TEXT.brin.vraag,
  inzage: TEXT.inzage.vraag,
  datum: TEXT.inzageDatum.vraag,
  medewerker: TEXT.inzageMedewerker.vraag,
  akkoord: TEXT.akkoord.vraag,
  gereedmaken: TEXT.gereedmaken.vraag,
};

/** Answers typed the way people type them. */
export const ANSWERS: Record<Question, string> = {
  start: 'nieuw dossier',
  leerling: 'zoe',
  soort: 'Po Po',
  categorieen: '1, 3 en 5',
  schooljaren: 'drie',
  contactpersoon: 'ok',
  bijlagen: 'geen',
  voorlopig: 'ok',
  contactGewenst: 'nee',
  brin: 'ok',
  inzage: 'Ja!',
  datum: '03-10-2026',
  medewerker: 'ok',
  akkoord: 'Ja',
  gereedmaken: 'ja',
};

/** Answers the questions before `until` (the script's own answers unless overridden); returns the last reply. */
export async function answerUntil(c: BotConversation, until: Question, overrides: Partial<Record<Question, string>> = {}): Promise<Reply> {
  let reply: Reply | undefined;
  for (const q of QUESTIONS) {
    if (q === until) break;
    reply = await c.say(overrides[q] ?? ANSWERS[q]);
  }
  if (until !== 'start') expect(reply?.text).toContain(ASKS[until]);
  return reply!;
}

/** Answers `from` and every question after it; returns the last reply. */
export async function answerFrom(c: BotConversation, from: Question, overrides: Partial<Record<Question, string>> = {}): Promise<Reply> {
  let reply: Reply | undefined;
  for (const q of QUESTIONS.slice(QUESTIONS.indexOf(from))) reply = await c.say(overrides[q] ?? ANSWERS[q]);
  return reply!;
}

/** What the script's answers produce, for comparing with the stored dossier. */
export function expectScriptAnswers(d: Dossier | undefined): asserts d is Dossier {
  expect(d).toBeDefined();
  expect(d).toMatchObject({
    leerlingnummer: PUPILS.zoe.leerlingnummer,
    leerlingNaam: 'Zoë van den Berg',
    soortOverstap: 'POPO',
    categorieen: ['vve', 'verzuim', 'toetsresultaten'],
    aantalSchooljaren: 3,
    contactpersoon: { naam: USER.naam, telefoon: USER.telefoon, email: USER.email },
    voorlopig: false,
    contactGewenst: false,
    ontvangendeBrin: '12AB',
    inzage: { gehad: true, datum: '2026-10-03', medewerker: USER.naam },
    akkoord: 'Ja',
    aangemaaktDoor: { userId: USER.id, naam: USER.naam },
  });
}
