/**
 * The school's advice for secondary school (OSO `overstapadvies/advies`, codelijst 2 "Advies VO",
 * DUO codes), asked in the conversation when a POVO pupil's source has none.
 */
import { fail, ok, type Result } from '../result';
import { searchForm } from '../pupil';
import { quoteInput } from '../text/quoteInput';
import { isVoAdviesCode } from './osoCodes';

/**
 * The usual advices in words, in order from praktijkonderwijs to vwo, with their DUO code.
 * The codes 40 (vmbo-kb) and 60 (havo) are the ones docs/roster.md and the official POVO
 * example use; the other words follow the list's order. Every other code of codelijst 2 can
 * be typed as the code itself.
 */
export const VO_ADVIEZEN: readonly { code: string; woorden: string; kort: string }[] = [
  { code: '10', woorden: 'praktijkonderwijs', kort: 'pro' },
  { code: '20', woorden: 'vmbo basisberoepsgerichte leerweg', kort: 'vmbo-bb' },
  { code: '40', woorden: 'vmbo kaderberoepsgerichte leerweg', kort: 'vmbo-kb' },
  { code: '50', woorden: 'vmbo gemengde/theoretische leerweg', kort: 'vmbo-gl/tl' },
  { code: '60', woorden: 'havo', kort: 'havo' },
  { code: '61', woorden: 'havo/vwo', kort: 'havo/vwo' },
  { code: '70', woorden: 'vwo', kort: 'vwo' },
];

/** "vmbo-kb", "VMBO KB", "vmbo/kb" alike. */
const vorm = (s: string): string => searchForm(s).replace(/[\s/-]+/g, '');

/** "havo, code 60"; a code outside the list as "DUO-code 33". */
export function adviesInWoorden(code: string): string {
  const a = VO_ADVIEZEN.find((x) => x.code === code);
  return a ? `${a.kort === a.woorden ? a.woorden : `${a.woorden} (${a.kort})`}, code ${a.code}` : `DUO-code ${code}`;
}

/** The number from the list ("5"), the DUO code ("60") or the words ("havo", "vmbo-kb"). */
export function parseSchooladvies(input: string): Result<string> {
  const t = searchForm(input).replace(/[!?.]+$/, '');
  const lijst = VO_ADVIEZEN.map((a, i) => `${i + 1}. ${a.kort}`).join(', ');
  if (/^\d{1}$/.test(t)) {
    const a = VO_ADVIEZEN[Number(t) - 1];
    if (a) return ok(a.code);
  }
  if (/^\d{2}$/.test(t)) {
    if (isVoAdviesCode(t)) return ok(t);
    return fail('code', `${t} is geen DUO-adviescode (codelijst "Advies VO"). Kies een nummer van 1 tot en met ${VO_ADVIEZEN.length}: ${lijst}.`);
  }
  const exact = VO_ADVIEZEN.find((a) => vorm(a.woorden) === vorm(t) || vorm(a.kort) === vorm(t));
  if (exact) return ok(exact.code);
  const partial = t === '' ? [] : VO_ADVIEZEN.filter((a) => vorm(a.woorden).startsWith(vorm(t)));
  if (partial.length === 1) return ok(partial[0]!.code);
  return fail('advies', `"${quoteInput(input)}" is geen schooladvies dat ik ken. Kies met de knop of het nummer, bijvoorbeeld "5" voor havo: ${lijst}. De DUO-code zelf mag ook (bijvoorbeeld 60).`);
}
