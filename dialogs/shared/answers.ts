/**
 * Small answer parsers every conversation needs: ja/nee, "ok" for the proposed answer, a
 * choice from a short list, free text, a phone number. Each returns a domain Result whose
 * Dutch message says what is wrong and gives an example, so the prompt can show it as is.
 */
import { fail, ok, type Result } from '../../src/domain/result';
import { searchForm } from '../../src/domain/pupil';
import { quoteInput } from '../../src/domain/text/quoteInput';

const JA = new Set(['ja', 'j', 'jazeker', 'jawel', 'zeker', 'klopt', 'yes', 'y', 'jep', 'yep']);
const NEE = new Set(['nee', 'n', 'neen', 'nope', 'no', 'niet', 'neu']);

/** Lower case, without punctuation and extra spaces: "Ja!" → "ja", "nee, dank je" → "nee dank je". */
export const plain = (input: string): string =>
  input.trim().toLowerCase().replace(/[!?.,;:"'()]+/g, ' ').replace(/\s+/g, ' ').trim();

/** Accepts ja, Ja!, j, "ja graag", nee, "Nee.", "nee hoor". */
export function parseJaNee(input: string): Result<boolean> {
  const t = plain(input);
  const first = t.split(' ')[0] ?? '';
  if (JA.has(t) || JA.has(first)) return ok(true);
  if (NEE.has(t) || NEE.has(first)) return ok(false);
  return fail('ja-nee', `"${quoteInput(input)}" begrijp ik niet. Antwoord met ja of nee.`);
}

/** "ok" (and variants) means: take the proposed answer. */
export function isOk(input: string): boolean {
  return ['ok', 'oke', 'oké', 'okay', 'okee', 'okido', 'prima', 'ok prima'].includes(plain(input));
}

export interface Keuze {
  /** What the button shows and what the user may type. */
  titel: string;
  /** What the step receives. */
  waarde: string;
}

/**
 * A choice from a list: by its number ("2"), its title, or a unique part of it. Only digits
 * count as numbers, so the Dutch word "een" is never read as choice 1.
 */
export function parseKeuze(input: string, keuzes: readonly Keuze[]): Result<string> {
  const t = searchForm(input).replace(/[!?.]+$/, '');
  const lijst = keuzes.map((k, i) => `${i + 1}. ${k.titel}`).join(', ');
  if (/^\d+$/.test(t)) {
    const k = keuzes[Number(t) - 1];
    return k ? ok(k.waarde) : fail('nummer', `Er is geen keuze ${t}. Kies een nummer van 1 tot en met ${keuzes.length}: ${lijst}.`);
  }
  const exact = keuzes.find((k) => searchForm(k.titel) === t || searchForm(k.waarde) === t);
  if (exact) return ok(exact.waarde);
  const partial = t === '' ? [] : keuzes.filter((k) => searchForm(k.titel).includes(t));
  if (partial.length === 1) return ok(partial[0]!.waarde);
  return fail('keuze', `"${quoteInput(input)}" is geen van de keuzes. Kies met de knop of het nummer, bijvoorbeeld "1": ${lijst}.`);
}

/** A short free text, e.g. a name or a reason. */
export function parseTekst(input: string, args: { wat: string; voorbeeld: string; max?: number }): Result<string> {
  const t = input.trim();
  if (t === '') return fail('leeg', `Vul ${args.wat} in, bijvoorbeeld: ${args.voorbeeld}.`);
  const max = args.max ?? 500;
  if (t.length > max) return fail('lang', `Dat is te lang (${t.length} tekens); houd ${args.wat} korter dan ${max} tekens.`);
  return ok(t);
}

/** A Dutch phone number: 10 digits starting with 0, or +31 / 0031 and 9 digits. */
export function parseTelefoon(input: string): Result<string> {
  const t = input.trim();
  const digits = t.replace(/[\s\-().]/g, '');
  if (/^0[1-9][0-9]{8}$/.test(digits) || /^(\+31|0031)[1-9][0-9]{8}$/.test(digits)) return ok(t);
  return fail('telefoon', `"${quoteInput(t)}" is geen geldig telefoonnummer. Typ 10 cijfers, bijvoorbeeld 06-12345678 of 020-1234567.`);
}

export const looksLikeEmail = (s: string): boolean => /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/.test(s.trim());
export const looksLikePhone = (s: string): boolean => /^[+0-9][0-9\s\-().]{8,}$/.test(s.trim());
