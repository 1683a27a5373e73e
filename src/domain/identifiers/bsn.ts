/**
 * BSN (burgerservicenummer): 9 digits, leading zeros kept, elfproef with weights
 * 9,8,7,6,5,4,3,2,-1 whose sum is divisible by 11 and not 0.
 */
import { fail, ok, type Result } from '../result';
import { compactNumber, elfproefSum } from './elfproef';
import { quoteInput } from '../text/quoteInput';

export type BsnProblem = 'leeg' | 'tekens' | 'lengte' | 'elfproef';

export const compact = compactNumber;

export function validate(input: string): Result<string, BsnProblem> {
  const bsn = compact(input);
  if (bsn === '') return fail('leeg', 'Vul een BSN in: 9 cijfers, bijvoorbeeld 123456782.');
  if (!/^[0-9]+$/.test(bsn)) return fail('tekens', `Een BSN bestaat alleen uit cijfers; "${quoteInput(input)}" bevat ook andere tekens.`);
  if (bsn.length !== 9) {
    return fail('lengte', `Een BSN heeft 9 cijfers (met voorloopnullen, bijvoorbeeld 012345672); dit nummer heeft er ${bsn.length}.`);
  }
  const sum = elfproefSum(bsn);
  if (sum === 0 || sum % 11 !== 0) {
    return fail('elfproef', `BSN ${bsn} voldoet niet aan de elfproef. Controleer de cijfers, er is waarschijnlijk een tikfout.`);
  }
  return ok(bsn);
}

export const isValid = (input: string): boolean => validate(input).ok;

/** The usual written form: 1234.56.782. */
export const format = (bsn: string): string => {
  const c = compact(bsn);
  return `${c.slice(0, 4)}.${c.slice(4, 6)}.${c.slice(6)}`;
};

/** Privacy: show only the last four digits (PRODUCT.md §8). */
export const mask = (bsn: string): string => `*****${compact(bsn).slice(-4)}`;
