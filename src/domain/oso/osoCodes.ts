/**
 * Fixed values and code lists of the OSO-gegevensset 2019.1 that the document builder and the
 * domain checks share. The code lists themselves ("OSO codelijsten") are not part of the
 * technical files; the values here are the ones the official validator accepts, and where the
 * meaning of a code is not written down there, the official example dossiers decide.
 */
import { RELATIES, type Relatie } from '../pupil';
import type { School } from '../school';

type SchoolSoort = School['soort'];

export const OSO_NAMESPACE = 'http://www.edustandaard.nl/oso_gegevensset/2019/dossier';
export const STANDAARDVERSIE = '2019.1';
export const VALIDATIEVERSIE = '2019.1.1';
export const OVERDRACHTSOORT = 'overstapdossier';
/** GBA land code of the Netherlands (all our addresses are Dutch: the roster only takes Dutch postcodes). */
export const LAND_NEDERLAND = '6030';
/** The standard's fixed value for a school that has a single delivery point. */
export const AANLEVERPUNT = '1';

/**
 * Codelijst 14 (geslacht) allows 0, 1 and 2. The official examples code fathers, brothers and
 * grandfathers as 2 and the women as 1, so: 0 onbekend, 1 vrouw, 2 man. X has no code of its
 * own and travels as 0 (onbekend).
 */
export function geslachtCode(g: 'M' | 'V' | 'X' | 'onbekend'): '0' | '1' | '2' {
  return g === 'M' ? '2' : g === 'V' ? '1' : '0';
}

/** Codelijst 41 (relatie tot kind): 1 vader … 9 overig, in the order of RELATIES. */
export function relatieCode(r: Relatie): string {
  return String(RELATIES.indexOf(r) + 1);
}

/** Codelijst 2 (advies VO, DUO codes) as the validator checks it. */
export const VO_ADVIES_CODES: ReadonlySet<string> = new Set([
  '01', '10', '20', '21', '22', '23', '30', '31', '32', '33', '34', '35', '40', '41', '42', '43', '44',
  '50', '51', '52', '60', '61', '70', '80',
]);

export const isVoAdviesCode = (s: string | undefined): s is string => s !== undefined && VO_ADVIES_CODES.has(s.trim());

/** OSO's maximum length of `aandachtspunten`. */
export const AANDACHTSPUNTEN_MAX = 280;

/** The e-mail check of the official validator (business rule OG.01), anchored as there. */
const OSO_EMAIL = /[a-zA-Z0-9!#$%*+=?^_`{|}~.-]+@[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)*$/;
export const isOsoEmail = (s: string): boolean => s.length >= 4 && s.length <= 256 && OSO_EMAIL.test(s);

/** File types the standard allows as bijlagedocument. */
export const BIJLAGE_EXTENSIES = ['pdf', 'jpg', 'png', 'doc', 'docx', 'odf', 'xls', 'xlsx', 'txt', 'ppt', 'pptx'] as const;
export function isAllowedBijlage(bestandsnaam: string): boolean {
  const ext = /\.([A-Za-z0-9]+)$/.exec(bestandsnaam)?.[1]?.toLowerCase();
  return ext !== undefined && (BIJLAGE_EXTENSIES as readonly string[]).includes(ext);
}

/**
 * Codelijst 13 (jaargroepen – leerjaren): 0–8 for primary groups, 11–16 for VO leerjaar 1–6.
 * Taken from the roster's jaargroep, else from the first number in the group name ("groep 7b",
 * "3a"); undefined when neither gives a valid code.
 */
export function jaargroepCode(entry: { jaargroep?: number; groep: string }, soort: SchoolSoort): string | undefined {
  const n = entry.jaargroep ?? firstNumber(entry.groep);
  if (n === undefined) return undefined;
  if (soort === 'VO' || soort === 'VSO') return n >= 1 && n <= 6 ? String(10 + n) : undefined;
  return n >= 0 && n <= 8 ? String(n) : undefined;
}

function firstNumber(s: string): number | undefined {
  const m = /\d+/.exec(s);
  return m ? Number(m[0]) : undefined;
}

/** "Johannes Maria" → "J.M."; the Dutch IJ counts as one letter. */
export function voorletters(voornamen: readonly string[]): string | undefined {
  const letters = voornamen
    .map((n) => n.trim())
    .filter((n) => n !== '')
    .map((n) => (/^ij/i.test(n) ? 'IJ' : n.charAt(0).toUpperCase()) + '.');
  return letters.length > 0 ? letters.join('') : undefined;
}
