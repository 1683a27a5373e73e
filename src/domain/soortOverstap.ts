/** Soort overstap of an overstapdossier (OSO-gegevensset 2019.1). POPO is the manual's case. */
import { fail, ok, type Result } from './result';
import { quoteInput } from './text/quoteInput';

export const SOORTEN_OVERSTAP = ['POPO', 'POVO', 'VOVO'] as const;
export type SoortOverstap = (typeof SOORTEN_OVERSTAP)[number];
export const DEFAULT_SOORT_OVERSTAP: SoortOverstap = 'POPO';

export const SOORT_OVERSTAP_UITLEG: Record<SoortOverstap, string> = {
  POPO: 'van basisschool naar basisschool (ook voor LDOS)',
  POVO: 'van basisschool naar voortgezet onderwijs',
  VOVO: 'van voortgezet onderwijs naar voortgezet onderwijs',
};

/** Accepts popo, PO-PO, "Po Po", "po vo"… */
export function parseSoortOverstap(input: string): Result<SoortOverstap> {
  const c = input.replace(/[^a-zA-Z]/g, '').toUpperCase();
  if ((SOORTEN_OVERSTAP as readonly string[]).includes(c)) return ok(c as SoortOverstap);
  return fail('onbekend', `"${quoteInput(input)}" is geen soort overstap. Kies POPO, POVO of VOVO (voor LDOS: POPO).`);
}
