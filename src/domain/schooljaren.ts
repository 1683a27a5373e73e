/** "Aantal schooljaren": 1–3, default and maximum 3 (current year plus the two before it). */
import { fail, ok, type Result } from './result';
import { quoteInput } from './text/quoteInput';

export type AantalSchooljaren = 1 | 2 | 3;
export const MAX_SCHOOLJAREN: AantalSchooljaren = 3;

const WORDS: Record<string, number> = { een: 1, één: 1, eén: 1, twee: 2, drie: 3, vier: 4, vijf: 5 };

export function parseAantalSchooljaren(input: string): Result<AantalSchooljaren> {
  // Punctuation first, then the unit: "3 jaar", "1 schooljaar", "drie jaren!".
  const text = input.normalize('NFC').trim().toLowerCase().replace(/[!.]+$/, '').replace(/\s*(school)?ja(ar|ren)$/, '');
  // Own keys only, so "constructor" is not taken for a number.
  const n = /^[0-9]+$/.test(text) ? Number(text) : Object.hasOwn(WORDS, text) ? WORDS[text] : undefined;
  if (n === undefined) {
    return fail('onbekend', `"${quoteInput(input)}" begrijp ik niet als aantal schooljaren. Typ 1, 2 of 3 (of één, twee, drie).`);
  }
  if (n < 1 || n > MAX_SCHOOLJAREN) {
    return fail('bereik', `Het aantal schooljaren is 1, 2 of 3 (maximaal 3: dit schooljaar en de twee ervoor); ${n} kan niet.`);
  }
  return ok(n as AantalSchooljaren);
}

/** The school years a dossier covers: with 3 and today in 2026-2027: 2024, 2025, 2026. */
export function coveredSchoolYearStarts(aantal: AantalSchooljaren, currentStart: number): number[] {
  return Array.from({ length: aantal }, (_, i) => currentStart - (aantal - 1) + i);
}
