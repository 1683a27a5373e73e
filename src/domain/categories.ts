/**
 * Information categories of the OSO-gegevensset 2019.1 and the overstapprofielen: which are
 * required, optional or forbidden for each soort overstap (PRODUCT.md §4).
 */
import { fail, ok, type Result } from './result';
import type { SoortOverstap } from './soortOverstap';
import { quoteInput } from './text/quoteInput';

export const CATEGORY_CODES = [
  'metadata', 'ouderinzage', 'school', 'leerling', 'oudersverzorgers', 'vve', 'schoolloopbaan',
  'overstapadvies', 'onderwijsondersteuning', 'verzuim', 'eindtoetsbo', 'toetsresultaten',
  'handelingsplannen', 'cijferlijsten', 'vombo', 'bijlagedocs',
] as const;
export type CategoryCode = (typeof CATEGORY_CODES)[number];

/** How a category is delivered, as in `categorie_uitlevering`. */
export type Uitlevering = 'VERPLICHT' | 'OPTIONEEL' | 'OPT-UIT' | 'VERBODEN';
type Profile = 'verplicht' | 'optioneel' | 'verboden';

export interface Category {
  code: CategoryCode;
  /** The name staff see (the standard's own). */
  naam: string;
  /** One line in the manual's tone. */
  uitleg: string;
  /** Element name in categorie_uitlevering. */
  element: `cat_${CategoryCode}`;
}

const C = (code: CategoryCode, naam: string, uitleg: string): Category => ({ code, naam, uitleg, element: `cat_${code}` });

export const CATEGORIES: readonly Category[] = [
  C('metadata', 'Metadata', 'gegevens over het dossier zelf'),
  C('ouderinzage', 'Ouderinzage', 'of de ouders het dossier hebben ingezien en ermee akkoord gaan'),
  C('school', 'School', 'gegevens van uw school'),
  C('leerling', 'Leerling', 'naam, geboortedatum, adres en BSN van de leerling'),
  C('oudersverzorgers', 'Ouders/Verzorgers', 'namen en contactgegevens van ouders/verzorgers'),
  C('vve', 'VVE', 'voor- en vroegschoolse educatie'),
  C('schoolloopbaan', 'Schoolloopbaan', 'groepen en schooljaren van de leerling'),
  C('overstapadvies', 'Overstapadvies', 'het advies en de aandachtspunten voor de nieuwe school'),
  C('onderwijsondersteuning', 'Onderwijsondersteuning', 'extra ondersteuning, arrangementen en diagnoses'),
  C('verzuim', 'Verzuim', 'absentie en verzuim'),
  C('eindtoetsbo', 'Eindtoets BO', 'de uitslag van de eindtoets basisonderwijs'),
  C('toetsresultaten', 'Toetsresultaten', 'resultaten van (methode-onafhankelijke) toetsen'),
  C('handelingsplannen', 'Handelingsplannen', 'handelingsplannen en ontwikkelingsperspectief'),
  C('cijferlijsten', 'Cijferlijsten', 'rapportcijfers'),
  C('vombo', 'VO-MBO', 'gegevens voor de overstap van VO naar MBO'),
  C('bijlagedocs', 'Bijlagedocs', 'documenten die als bijlage meegaan'),
];

const REQUIRED: readonly CategoryCode[] = [
  'metadata', 'ouderinzage', 'school', 'leerling', 'oudersverzorgers', 'schoolloopbaan', 'overstapadvies',
];

function profile(code: CategoryCode, soort: SoortOverstap): Profile {
  if (REQUIRED.includes(code)) return 'verplicht';
  if (code === 'vve') return soort === 'POPO' ? 'optioneel' : 'verboden';
  if (code === 'vombo') return soort === 'VOVO' ? 'optioneel' : 'verboden';
  return 'optioneel';
}

export const category = (code: CategoryCode): Category => CATEGORIES.find((c) => c.code === code)!;
export const requiredCategories = (soort: SoortOverstap): Category[] =>
  CATEGORIES.filter((c) => profile(c.code, soort) === 'verplicht');
export const optionalCategories = (soort: SoortOverstap): Category[] =>
  CATEGORIES.filter((c) => profile(c.code, soort) === 'optioneel');

/** categorie_uitlevering for a dossier: chosen optional ones OPTIONEEL, the others OPT-UIT. */
export function uitlevering(soort: SoortOverstap, chosen: readonly CategoryCode[]): Record<CategoryCode, Uitlevering> {
  return Object.fromEntries(
    CATEGORIES.map((c) => {
      const p = profile(c.code, soort);
      const u: Uitlevering = p === 'verplicht' ? 'VERPLICHT' : p === 'verboden' ? 'VERBODEN' : chosen.includes(c.code) ? 'OPTIONEEL' : 'OPT-UIT';
      return [c.code, u];
    }),
  ) as Record<CategoryCode, Uitlevering>;
}

/** Whether a chosen set fits the profile: only optional categories of this soort overstap. */
export function checkChosenCategories(soort: SoortOverstap, chosen: readonly CategoryCode[]): Result<CategoryCode[]> {
  const bad = chosen.find((code) => profile(code, soort) === 'verboden');
  if (bad) return fail('verboden', `${category(bad).naam} mag niet worden meegestuurd bij ${soort}.`);
  return ok(optionalCategories(soort).map((c) => c.code).filter((code) => chosen.includes(code)));
}

const normalize = (s: string): string =>
  s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * Parses a choice of optional categories: numbers from the offered list ("1, 3 en 5"),
 * names ("verzuim, toetsresultaten"), "alle" or "geen".
 */
export function parseCategorySelection(input: string, soort: SoortOverstap): Result<CategoryCode[]> {
  const offered = optionalCategories(soort);
  const text = input.trim().toLowerCase().replace(/[!.]+$/, '');
  if (['alle', 'allemaal', 'alles', 'all'].includes(text)) return ok(offered.map((c) => c.code));
  if (['geen', 'geen enkele', 'niets', 'niks'].includes(text)) return ok([]);
  const tokens = text
    .split(/,|;|&|\+|\ben\b/)
    .flatMap((t) => (/^[\d\s]+$/.test(t) ? t.trim().split(/\s+/) : [t]))
    .map((t) => t.trim())
    .filter((t) => t !== '');
  if (tokens.length === 0) return fail('leeg', 'Kies categorieën met hun nummer of naam, of typ "alle" of "geen".');
  const chosen = new Set<CategoryCode>();
  for (const token of tokens) {
    if (/^\d+$/.test(token)) {
      const c = offered[Number(token) - 1];
      if (!c) return fail('nummer', `Er is geen categorie ${token}; kies nummers van 1 tot en met ${offered.length}.`);
      chosen.add(c.code);
      continue;
    }
    const wanted = normalize(token);
    const match = CATEGORIES.find((c) => normalize(c.naam) === wanted || c.code === wanted);
    if (!match) return fail('naam', `"${quoteInput(token)}" ken ik niet als categorie. Gebruik de nummers of namen uit de lijst, bijvoorbeeld "1, 3 en 5".`);
    if (profile(match.code, soort) === 'verboden') return fail('verboden', `${match.naam} mag niet worden meegestuurd bij ${soort}.`);
    if (profile(match.code, soort) === 'verplicht') continue; // always included anyway
    chosen.add(match.code);
  }
  return ok(offered.map((c) => c.code).filter((code) => chosen.has(code)));
}
