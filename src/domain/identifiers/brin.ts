/**
 * BRIN: the school's registration number at DUO, 2 digits + 2 letters (12AB), optionally
 * followed by a 2-digit vestigingscode (12AB00). Letters are upper-cased on input.
 */
import { fail, ok, type Result } from '../result';
import { quoteInput } from '../text/quoteInput';

export interface Brin {
  /** The 4-character school code, e.g. 12AB. */
  code: string;
  /** The 2-digit vestiging (branch), when given. */
  vestiging?: string;
}

export type BrinProblem = 'leeg' | 'vorm';

export const compact = (input: string): string => input.replace(/[\s.\-]/g, '').toUpperCase();

const EXAMPLE = 'een BRIN-nummer bestaat uit 2 cijfers en 2 letters, bijvoorbeeld 12AB (eventueel met een vestigingsnummer van 2 cijfers erachter: 12AB00)';

export function validate(input: string): Result<Brin, BrinProblem> {
  const c = compact(input);
  if (c === '') return fail('leeg', `Vul een BRIN-nummer in: ${EXAMPLE}.`);
  const m = /^([0-9]{2}[A-Z]{2})([0-9]{2})?$/.exec(c);
  if (m) return ok(m[2] ? { code: m[1]!, vestiging: m[2] } : { code: m[1]! });
  const suggestion = suggest(c);
  const hint = suggestion ? ` Bedoelt u ${suggestion}?` : '';
  return fail('vorm', `"${quoteInput(input)}" is geen geldig BRIN-nummer: ${EXAMPLE}.${hint}`);
}

export const isValid = (input: string): boolean => validate(input).ok;

export const format = (brin: Brin): string => brin.code + (brin.vestiging ?? '');

/** Two BRINs name the same school when their 4-character codes are equal. */
export const sameSchool = (a: Brin, b: Brin): boolean => a.code === b.code;

/**
 * Whether a dossier addressed to `addressed` may be fetched by `requesting`: the same school,
 * and the same vestiging when both name one.
 */
export const addressedTo = (addressed: Brin, requesting: Brin): boolean =>
  sameSchool(addressed, requesting) && (!addressed.vestiging || !requesting.vestiging || addressed.vestiging === requesting.vestiging);

// Typing mistakes that look alike: a digit where a letter belongs (12A8) or the reverse.
const AS_LETTER: Record<string, string> = { '0': 'O', '1': 'I', '2': 'Z', '5': 'S', '6': 'G', '8': 'B' };
const AS_DIGIT: Record<string, string> = { O: '0', I: '1', L: '1', Z: '2', S: '5', G: '6', B: '8' };

function suggest(c: string): string | undefined {
  if (c.length !== 4 && c.length !== 6) return undefined;
  const chars = [...c].map((ch, i) => {
    const letterPlace = i === 2 || i === 3;
    if (letterPlace) return /[A-Z]/.test(ch) ? ch : AS_LETTER[ch];
    return /[0-9]/.test(ch) ? ch : AS_DIGIT[ch];
  });
  if (chars.some((ch) => ch === undefined)) return undefined;
  const fixed = chars.join('');
  return fixed !== c && /^[0-9]{2}[A-Z]{2}([0-9]{2})?$/.test(fixed) ? fixed : undefined;
}
