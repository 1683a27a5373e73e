/**
 * Finding pupils the way staff type them: (part of) a name, case- and accent-insensitive
 * ("zoe" finds Zoë), or a BSN / onderwijsnummer; several pupils separated by commas.
 */
import * as leerlingnummer from '../../src/domain/identifiers/leerlingnummer';
import { displayName } from '../../src/domain/pupil';
import { fail, ok, type Result } from '../../src/domain/result';
import type { Repositories } from '../../src/repositories';
import { quoteInput } from '../../src/domain/text/quoteInput';

export interface LeerlingTreffer {
  leerlingnummer: string;
  naam: string;
  groep: string;
}

/** One comma-separated part of the answer and the pupils it matches (at least one). */
export interface ZoekDeel {
  invoer: string;
  treffers: LeerlingTreffer[];
  /** leerlingnummer chosen when there were several matches. */
  gekozen?: string;
}

/** More matches than this: ask for more of the name instead of a long list of buttons. */
export const MAX_TREFFERS = 8;

const TEXT = {
  leeg: 'Typ (een deel van) de naam van de leerling, bijvoorbeeld "zoe" of "van den berg", of het BSN (9 cijfers).',
  geenNaam: (invoer: string) =>
    `Ik vind geen leerling met "${quoteInput(invoer)}" in de naam. Controleer de spelling of typ een kleiner deel van de naam, bijvoorbeeld alleen de achternaam of "zoe".`,
  geenNummer: (invoer: string) =>
    `Er staat geen leerling met nummer ${invoer} in de leerlingenlijst. Controleer het nummer, of zoek op naam (bijvoorbeeld "zoe").`,
  teVeel: (invoer: string, n: number) =>
    `Er passen ${n} leerlingen bij "${quoteInput(invoer)}". Typ meer van de naam, bijvoorbeeld voor- en achternaam ("zoe berg").`,
};

/** "Zoë van den Berg (groep 5, *****6789)": the BSN masked (PRODUCT.md §8). */
export const trefferLabel = (t: LeerlingTreffer): string => `${t.naam} (groep ${t.groep}, ${leerlingnummer.mask(t.leerlingnummer)})`;

export async function zoekLeerlingen(repos: Repositories, input: string): Promise<Result<ZoekDeel[]>> {
  const parts = input
    .split(/[,;\n]/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length === 0) return fail('leeg', TEXT.leeg);
  const delen: ZoekDeel[] = [];
  for (const invoer of parts) {
    const found = await zoekDeel(repos, invoer);
    if (!found.ok) return found;
    delen.push(found.value);
  }
  return ok(delen);
}

async function zoekDeel(repos: Repositories, invoer: string): Promise<Result<ZoekDeel>> {
  if (leerlingnummer.looksLikeNumber(invoer)) {
    const nummer = leerlingnummer.validate(invoer);
    if (!nummer.ok) return nummer;
    const pupil = await repos.pupils.get(nummer.value.nummer);
    if (!pupil) return fail('onbekend', TEXT.geenNummer(nummer.value.nummer));
    const treffer = { leerlingnummer: pupil.leerlingnummer, naam: displayName(pupil), groep: pupil.groep };
    return ok({ invoer, treffers: [treffer], gekozen: treffer.leerlingnummer });
  }
  const found = await repos.pupils.searchByName(invoer);
  if (found.length === 0) return fail('onbekend', TEXT.geenNaam(invoer));
  if (found.length > MAX_TREFFERS) return fail('teveel', TEXT.teVeel(invoer, found.length));
  const treffers = found.map((e) => ({ leerlingnummer: e.leerlingnummer, naam: e.naam, groep: e.groep }));
  return ok({ invoer, treffers, ...(treffers.length === 1 ? { gekozen: treffers[0]!.leerlingnummer } : {}) });
}
