/**
 * Onderwijsnummer: given to pupils without a BSN. 9 digits starting with "10", the same
 * weights as the BSN elfproef, weighted sum mod 11 === 5 (so it never passes as a BSN).
 */
import { fail, ok, type Result } from '../result';
import { compactNumber, elfproefSum } from './elfproef';

export type OnderwijsnummerProblem = 'leeg' | 'tekens' | 'lengte' | 'begin' | 'elfproef';

export const compact = compactNumber;

export function validate(input: string): Result<string, OnderwijsnummerProblem> {
  const nr = compact(input);
  if (nr === '') return fail('leeg', 'Vul een onderwijsnummer in: 9 cijfers die beginnen met 10.');
  if (!/^[0-9]+$/.test(nr)) return fail('tekens', 'Een onderwijsnummer bestaat alleen uit cijfers.');
  if (nr.length !== 9) return fail('lengte', `Een onderwijsnummer heeft 9 cijfers; dit nummer heeft er ${nr.length}.`);
  if (!nr.startsWith('10')) return fail('begin', 'Een onderwijsnummer begint altijd met 10.');
  const sum = elfproefSum(nr);
  if (((sum % 11) + 11) % 11 !== 5) {
    return fail('elfproef', `Onderwijsnummer ${nr} klopt niet (controlegetal). Controleer de cijfers.`);
  }
  return ok(nr);
}

export const isValid = (input: string): boolean => validate(input).ok;
export const format = (nr: string): string => compact(nr);
export const mask = (nr: string): string => `*****${compact(nr).slice(-4)}`;
