/**
 * A Dutch address typed on one line, the way people write it on an envelope:
 * "Schoolstraat 1, 1234 AB Utrecht". Forgiving about commas, spaces and case; the postcode is
 * what anchors the parse (street and number before it, the town after it). The result goes
 * through adresSchema, so the postcode rules are the domain's own.
 */
import { fail, ok, type Result } from './result';
import { adresSchema, type Adres } from './pupil';
import { quoteInput } from './text/quoteInput';

export const ADRES_VOORBEELD = 'Schoolstraat 1, 1234 AB Utrecht';

const TEXT = {
  leeg: `Vul het adres in: straat en huisnummer, postcode en plaats, bijvoorbeeld: ${ADRES_VOORBEELD}.`,
  postcode: (t: string) => `In "${quoteInput(t)}" vind ik geen postcode (4 cijfers en 2 letters). Typ straat en huisnummer, postcode en plaats, bijvoorbeeld: ${ADRES_VOORBEELD}.`,
  huisnummer: (t: string) => `In "${quoteInput(t)}" vind ik geen straat met huisnummer vóór de postcode. Typ bijvoorbeeld: ${ADRES_VOORBEELD}.`,
  plaats: (t: string) => `In "${quoteInput(t)}" vind ik geen plaats na de postcode. Typ bijvoorbeeld: ${ADRES_VOORBEELD}.`,
  huisnummerVorm: (t: string) => `"${quoteInput(t)}" is geen huisnummer. Typ een nummer, eventueel met toevoeging: 12, 12A of 12-2.`,
};

// A house number with an optional addition: 12, 12A, 12 A, 12-2, 12 bis.
const HUISNUMMER = /^(\d{1,5})(?:\s*-\s*([A-Za-z0-9]{1,6})|\s*([A-Za-z]{1,6}))?$/;
const POSTCODE = /(^|[\s,])([1-9][0-9]{3})\s?([A-Za-z]{2})(?=$|[\s,])/g;

/** "12A" → huisnummer 12, toevoeging A. */
export function splitHuisnummer(input: string): Result<{ huisnummer: string; toevoeging?: string }> {
  const t = input.trim();
  const m = HUISNUMMER.exec(t);
  if (!m) return fail('huisnummer', TEXT.huisnummerVorm(t));
  const toevoeging = m[2] ?? m[3];
  return ok({ huisnummer: m[1]!, ...(toevoeging ? { toevoeging: toevoeging.toUpperCase() } : {}) });
}

/** "Schoolstraat 1, 1234 AB Utrecht", "Schoolstraat 1a 1234ab utrecht", "Schoolstraat 1, Utrecht, 1234 AB". */
export function parseAdres(input: string): Result<Adres> {
  const t = input.trim().replace(/\s+/g, ' ');
  if (t === '') return fail('leeg', TEXT.leeg);
  // The last postcode-like part, so a street with a number in its name still works.
  const match = [...t.matchAll(POSTCODE)].at(-1);
  if (!match) return fail('postcode', TEXT.postcode(t));
  const start = match.index + match[1]!.length;
  let voor = t.slice(0, start).replace(/[\s,]+$/, '');
  let plaats = t.slice(match.index + match[0].length).replace(/^[\s,]+/, '').replace(/[\s,.]+$/, '');
  if (plaats === '') {
    // "Schoolstraat 1, Utrecht, 1234 AB": the town written before the postcode.
    const delen = voor.split(',').map((d) => d.trim());
    if (delen.length >= 2 && !/\d/.test(delen.at(-1)!)) {
      plaats = delen.pop()!;
      voor = delen.join(', ');
    }
  }
  if (!/\p{L}/u.test(plaats)) return fail('plaats', TEXT.plaats(t));
  const straat = splitStraat(voor);
  if (!straat) return fail('huisnummer', TEXT.huisnummer(t));
  const parsed = adresSchema.safeParse({ ...straat, postcode: `${match[2]}${match[3]}`, plaats });
  if (!parsed.success) return fail('adres', TEXT.huisnummer(t));
  return ok(parsed.data);
}

/** "Laan 1940-1945 12 bis" → the first split where the rest is a house number and the street has a letter. */
function splitStraat(voor: string): { straat: string; huisnummer: string; toevoeging?: string } | undefined {
  const woorden = voor.replace(/,/g, ' ').split(' ').filter(Boolean);
  for (let i = 1; i < woorden.length; i++) {
    const straat = woorden.slice(0, i).join(' ');
    const nummer = splitHuisnummer(woorden.slice(i).join(' '));
    if (nummer.ok && /\p{L}/u.test(straat)) return { straat, ...nummer.value };
  }
  return undefined;
}

/** "Schoolstraat 1A, 1234 AB Utrecht" — what parseAdres reads back. */
export function formatAdres(a: Adres): string {
  const toevoeging = !a.toevoeging ? '' : /^[A-Za-z]$/.test(a.toevoeging) ? a.toevoeging : `-${a.toevoeging}`;
  const postcode = /^\d{4}[A-Z]{2}$/.test(a.postcode) ? `${a.postcode.slice(0, 4)} ${a.postcode.slice(4)}` : a.postcode;
  return `${a.straat} ${a.huisnummer}${toevoeging}, ${postcode} ${a.plaats}`;
}
