/**
 * A pupil is identified by a BSN or, without one, an onderwijsnummer. Both are 9 digits and
 * their checks exclude each other, so the number alone tells which it is.
 */
import { fail, ok, type Result } from '../result';
import * as bsn from './bsn';
import * as onderwijsnummer from './onderwijsnummer';

export type LeerlingnummerSoort = 'bsn' | 'onderwijsnummer';
export interface Leerlingnummer {
  soort: LeerlingnummerSoort;
  nummer: string;
}

export function validate(input: string): Result<Leerlingnummer> {
  const asBsn = bsn.validate(input);
  if (asBsn.ok) return ok({ soort: 'bsn', nummer: asBsn.value });
  const compacted = bsn.compact(input);
  if (/^10[0-9]{7}$/.test(compacted)) {
    const asOnr = onderwijsnummer.validate(compacted);
    if (asOnr.ok) return ok({ soort: 'onderwijsnummer', nummer: asOnr.value });
    return fail(
      'elfproef',
      `${compacted} is geen geldig BSN en ook geen geldig onderwijsnummer. Controleer de cijfers.`,
    );
  }
  return asBsn;
}

export const isValid = (input: string): boolean => validate(input).ok;

/** Looks like someone meant to type a number (rather than a name). */
export const looksLikeNumber = (input: string): boolean => /^[\s.\-]*[0-9][0-9\s.\-]*$/.test(input);

export const mask = bsn.mask;
