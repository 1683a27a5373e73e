/**
 * A person's name as staff type it (the contact person, manual step 8): letters, with spaces,
 * hyphens, apostrophes and dots for initials ("A.J. de Vries", "Jan-Willem 't Hart"). Words
 * people type to move on ("volgende", "klaar", "ok?"), a step of the manual and a date are
 * not names: they get a Dutch message with an example instead of ending up in the dossier.
 */
import { fail, ok, type Result } from './result';
import { quoteInput } from './text/quoteInput';

export const NAAM_VOORBEELD = 'Anja de Vries';

/** Answers that move on or point at the form; none of them is anyone's name. */
const GEEN_NAAM = new Set([
  'ok', 'oke', 'oké', 'okay', 'okee', 'prima', 'goed', 'akkoord', 'ja', 'nee', 'geen', 'niets', 'niks',
  'volgende', 'vorige', 'verder', 'door', 'doorgaan', 'ga door', 'next', 'klaar', 'gereed', 'klaar ermee',
  'terug', 'stop', 'annuleren', 'help', 'idem', 'zelfde', 'hetzelfde', 'zie boven', 'mij', 'ik', 'ikzelf',
  'ik zelf', 'mijzelf', 'contactpersoon', 'naam', 'onbekend', 'weet niet', 'n.v.t.', 'nvt', 'test',
]);

/** Letters of any script, with the joiners a name can have. */
const NAAM_TEKENS = /^[\p{L}\p{M}][\p{L}\p{M} .'’-]*$/u;

export function checkPersonName(input: string): Result<string> {
  const naam = input.trim().replace(/\s+/g, ' ');
  const plain = naam.toLowerCase().replace(/[!?.,;:"'()]+/g, ' ').replace(/\s+/g, ' ').trim();
  const geenNaam = (reden: string) =>
    fail('geen-naam', `"${quoteInput(naam)}" is geen naam${reden}. Typ de voor- en achternaam van de contactpersoon, bijvoorbeeld: ${NAAM_VOORBEELD}.`);
  if (looksLikeDate(naam)) return geenNaam(' maar een datum');
  if (/\d/.test(naam)) return geenNaam(' (er staan cijfers in)');
  if (GEEN_NAAM.has(plain) || /^(stap|klik|ga naar|kies)\b/.test(plain)) return geenNaam('');
  if (!NAAM_TEKENS.test(naam) || (naam.match(/\p{L}/gu) ?? []).length < 2) return geenNaam('');
  if (naam.length > 100) return fail('lang', `Die naam is te lang (${naam.length} tekens); houd hem korter dan 100 tekens.`);
  return ok(naam);
}

/** "3-10-2026", "2026-10-03", "3/10", "3 oktober": typed where a name was asked. */
export function looksLikeDate(input: string): boolean {
  const t = input.trim().toLowerCase();
  return /^\d{1,2}[-/.]\d{1,2}([-/.]\d{2,4})?$/.test(t) || /^\d{4}-\d{1,2}-\d{1,2}$/.test(t) || /^\d{1,2}\s+[a-z]{3,}\.?(\s+\d{4})?$/.test(t);
}

/**
 * "Petra Jansen 0612345678" → name and phone number. The phone number is a run of
 * digit-groups at the end (or start) with at least 8 digits; otherwise there is no phone.
 */
export function splitNameAndPhone(input: string): { naam: string; telefoon?: string } {
  const t = input.trim();
  const atEnd = /^(.*?\p{L}.*?)\s+(\+?[0-9][0-9\s\-().]*)$/u.exec(t);
  if (atEnd && digitCount(atEnd[2]!) >= 8) return { naam: atEnd[1]!.trim(), telefoon: atEnd[2]!.trim() };
  const atStart = /^(\+?[0-9][0-9\s\-().]*?)\s+(\p{L}.*)$/u.exec(t);
  if (atStart && digitCount(atStart[1]!) >= 8) return { naam: atStart[2]!.trim(), telefoon: atStart[1]!.trim() };
  return { naam: t };
}

const digitCount = (s: string): number => (s.match(/\d/g) ?? []).length;
