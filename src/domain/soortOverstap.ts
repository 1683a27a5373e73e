/** Soort overstap of an overstapdossier (OSO-gegevensset 2019.1). POPO is the manual's case. */
import { fail, ok, type Result } from './result';
import { SCHOOL_SOORT_NAMEN, type SchoolSoort } from './school';
import { quoteInput } from './text/quoteInput';

export const SOORTEN_OVERSTAP = ['POPO', 'POVO', 'VOVO'] as const;
export type SoortOverstap = (typeof SOORTEN_OVERSTAP)[number];
export const DEFAULT_SOORT_OVERSTAP: SoortOverstap = 'POPO';

export const SOORT_OVERSTAP_UITLEG: Record<SoortOverstap, string> = {
  POPO: 'van basisschool naar basisschool (ook voor LDOS)',
  POVO: 'van basisschool naar voortgezet onderwijs',
  VOVO: 'van voortgezet onderwijs naar voortgezet onderwijs',
};

/**
 * The soorten overstap a school of this soort can send: a dossier leaves from the own school,
 * so a primary school (BAO, SBO, SO) sends PO… and a secondary one (VO, VSO) sends VO….
 */
const SOORTEN_PER_SCHOOL: Record<SchoolSoort, readonly SoortOverstap[]> = {
  BAO: ['POPO', 'POVO'],
  SBO: ['POPO', 'POVO'],
  SO: ['POPO', 'POVO'],
  VSO: ['VOVO'],
  VO: ['VOVO'],
};

export function soortenOverstapVoor(school: SchoolSoort): readonly SoortOverstap[] {
  return SOORTEN_PER_SCHOOL[school];
}

/** The soort proposed at step 5: the earlier answer when the school can use it, else its first. */
export function standaardSoortOverstap(school: SchoolSoort, eerder?: SoortOverstap): SoortOverstap {
  const soorten = soortenOverstapVoor(school);
  return eerder && soorten.includes(eerder) ? eerder : soorten[0]!;
}

const opsomming = (soorten: readonly string[]): string =>
  soorten.length <= 1 ? (soorten[0] ?? '') : `${soorten.slice(0, -1).join(', ')} of ${soorten[soorten.length - 1]}`;

/** Accepts popo, PO-PO, "Po Po", "po vo"…; with a school soort, only what that school can send. */
export function parseSoortOverstap(input: string, school?: SchoolSoort): Result<SoortOverstap> {
  const c = input.replace(/[^a-zA-Z]/g, '').toUpperCase();
  const soorten = school ? soortenOverstapVoor(school) : SOORTEN_OVERSTAP;
  const kies = school
    ? `Kies ${opsomming(soorten)}${soorten.includes('POPO') ? ' (voor LDOS: POPO)' : ''}.`
    : 'Kies POPO, POVO of VOVO (voor LDOS: POPO).';
  if (!(SOORTEN_OVERSTAP as readonly string[]).includes(c)) {
    return fail('onbekend', `"${quoteInput(input)}" is geen soort overstap. ${kies}`);
  }
  const soort = c as SoortOverstap;
  if (school && !soorten.includes(soort)) {
    return fail('school', `${soort} (${SOORT_OVERSTAP_UITLEG[soort]}) past niet bij uw school: dit is een school voor ${SCHOOL_SOORT_NAMEN[school]} (${school}), en een dossier gaat altijd uit van de eigen school. ${kies}`);
  }
  return ok(soort);
}
