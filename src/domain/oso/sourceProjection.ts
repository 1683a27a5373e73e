/**
 * The part of a pupil's OSO source (an imported OSO-gegevensset document, kept as `osoBron`)
 * that goes out in a new dossier: the elements of exactly the delivered categories, dated ones
 * only when they fall in the chosen school years (issue 19). The source validated against the
 * same XSD, so its elements are written back as they came, in the XSD's order; nothing is
 * added here. What belongs to which category follows the official validator's OPT-UIT checks
 * (ValideerOSOgegevensset_2019.1.xsl), so an opted-out category leaves no trace.
 */
import type { CategoryCode, Uitlevering } from '../categories';
import type { IsoDate } from '../dates';
import type { OsoBron, OsoElement } from './sourceData';

export type OsoChildren = [naam: string, waarde: OsoElement | OsoElement[]][];
export interface Periode {
  van: IsoDate;
  tot: IsoDate;
}

type Plek = CategoryCode | 'onderwijsondersteuning-of-handelingsplannen';

/**
 * Every child of leerlingType in the XSD's order, with its category. Geboorteplaats and
 * nationaliteit are missing on purpose: OSO forbids them in every overstapdossier (OVa.LL10,
 * OVa.LL11). An element not listed is never sent.
 */
const LEERLING_ELEMENTEN: readonly (readonly [string, Plek])[] = [
  ['voornaam', 'leerling'], ['voorletters-1', 'leerling'], ['voorvoegsel', 'leerling'], ['achternaam', 'leerling'],
  ['roepnaam', 'leerling'], ['geboortedatum', 'leerling'], ['geboortemaand', 'leerling'], ['geslacht', 'leerling'],
  ['adresgeheim', 'leerling'], ['adreslijst', 'leerling'], ['postcode4adres', 'leerling'], ['communicatielijst', 'leerling'],
  ['gba', 'leerling'], ['adresbuitenland', 'leerling'], ['onderwijsnummer', 'leerling'], ['bsn', 'leerling'],
  ['leerlingid', 'leerling'], ['onderwijssinds', 'leerling'], ['startdatumhuidigonderwijs', 'leerling'],
  ['datuminschrijving', 'leerling'], ['datumuitschrijving', 'leerling'], ['teruggeplaatstnaarbrin', 'leerling'],
  ['leerlinggewicht', 'leerling'], ['nnca', 'leerling'], ['tehuis', 'leerling'], ['huisarts', 'leerling'],
  ['verzorgersaansprakelijk', 'oudersverzorgers'], ['aansprakelijkeinstelling', 'oudersverzorgers'],
  ['overstapadvies', 'overstapadvies'],
  ['vanpeuterspeelzaal', 'vve'], ['naampeuterspeelzaal', 'vve'], ['voorschools', 'vve'], ['vroegschools', 'vve'],
  ['schoolloopbaanlijst', 'schoolloopbaan'],
  ['onderwijsondersteuning', 'onderwijsondersteuning-of-handelingsplannen'],
  ['verzuim', 'verzuim'],
  ['eindtoets_basisonderwijs', 'eindtoetsbo'],
  ['toetslijst', 'toetsresultaten'],
  ['cijferlijstlijst', 'cijferlijsten'],
  ['overigdocumentlijst', 'bijlagedocs'],
  ['verzorger', 'oudersverzorgers'],
  ['bevorderd', 'vombo'], ['examenresultaat', 'vombo'], ['resultaatvakkenvo', 'vombo'], ['certificaat', 'vombo'],
  ['competenties', 'vombo'], ['stage', 'vombo'], ['overigvombo', 'vombo'],
];

/** The element names of leerlingType in XSD order (for writers that insert their own elements). */
export const LEERLING_VOLGORDE: readonly string[] = LEERLING_ELEMENTEN.map(([naam]) => naam);

/** Within onderwijsondersteuning, the handelingsplannen are their own category (cat_handelingsplannen). */
const HANDELINGSPLAN = 'handelingsplan';

/** How a dated item is placed in time: a period (an open end runs on) or one day. */
type Datering = { soort: 'periode'; van: string; tot?: string } | { soort: 'dag'; op: string } | undefined;

const tekst = (el: OsoElement | OsoElement[] | undefined, ...pad: string[]): string | undefined => {
  let at: OsoElement | OsoElement[] | undefined = el;
  for (const naam of pad) {
    if (at === undefined || typeof at === 'string' || Array.isArray(at)) return undefined;
    at = at[naam];
  }
  if (typeof at === 'string') return at || undefined;
  if (at && !Array.isArray(at) && typeof at['#'] === 'string') return at['#'] || undefined;
  return undefined;
};
const periode = (van: string | undefined, tot: string | undefined): Datering => (van ? { soort: 'periode', van, ...(tot ? { tot } : {}) } : undefined);
const dag = (op: string | undefined): Datering => (op ? { soort: 'dag', op } : undefined);

/** Support items are dated by their start (and end); a diagnosis or an arrangement without an end still holds. */
const ONDERSTEUNING_DATERING: Record<string, (e: OsoElement) => Datering> = {
  diagnose: (e) => periode(tekst(e, 'datum'), undefined),
  handelingsplan: (e) => periode(tekst(e, 'startdatum'), tekst(e, 'einddatum')),
  opp: (e) => periode(tekst(e, 'opp_ingangdatum'), tekst(e, 'opp_einddatum')),
  tlv: (e) => periode(tekst(e, 'tlvingangdatum'), tekst(e, 'tlveinddatum')),
  arrangement_cluster12: (e) => periode(tekst(e, 'arrangement_datum'), undefined),
  arrangement_pao: (e) => periode(tekst(e, 'arrangement_datum'), tekst(e, 'arrangement_einddatum')),
  lwoo: (e) => periode(tekst(e, 'lwoo_ingangdatum'), tekst(e, 'lwoo_einddatum')),
  rvc: (e) => periode(tekst(e, 'rvcdatum'), undefined),
};

const VOMBO_DATERING: Record<string, (e: OsoElement) => Datering> = {
  examenresultaat: (e) => dag(tekst(e, 'datumuitslag')),
  resultaatvakkenvo: (e) => dag(tekst(e, 'datumafgerond')),
  stage: (e) => periode(tekst(e, 'begindatum'), tekst(e, 'einddatum')),
};

function valtIn(d: Datering, p: Periode): boolean {
  if (!d) return true; // undated data (VVE, documents, parents) cannot be limited to years
  if (d.soort === 'dag') return d.op >= p.van && d.op <= p.tot;
  return d.van <= p.tot && (d.tot === undefined || d.tot >= p.van);
}

const lijst = (v: OsoElement | OsoElement[] | undefined): OsoElement[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const eenOfMeer = (items: OsoElement[]): OsoElement | OsoElement[] | undefined => (items.length === 0 ? undefined : items.length === 1 ? items[0]! : items);

/** A list element (`toetslijst` with `toets` items …) with only the items in the period; undefined when none is left. */
function filterLijst(container: OsoElement, item: string, datering: (e: OsoElement) => Datering, p: Periode): OsoElement | undefined {
  if (typeof container === 'string') return undefined;
  const items = lijst(container[item]).filter((e) => valtIn(datering(e), p));
  const rest = eenOfMeer(items);
  return rest === undefined ? undefined : { ...container, [item]: rest };
}

/** Onderwijsondersteuning with the children of the delivered categories in the period. */
function filterOndersteuning(el: OsoElement, ondersteuning: boolean, handelingsplannen: boolean, p: Periode): OsoElement | undefined {
  if (typeof el === 'string') return undefined;
  const out: Record<string, OsoElement | OsoElement[]> = {};
  for (const [naam, waarde] of Object.entries(el)) {
    if (naam.startsWith('@') || naam === '#') continue;
    if (!(naam === HANDELINGSPLAN ? handelingsplannen : ondersteuning)) continue;
    const datering = ONDERSTEUNING_DATERING[naam];
    const items = lijst(waarde).filter((e) => valtIn(datering?.(e), p));
    const rest = eenOfMeer(items);
    if (rest !== undefined) out[naam] = rest;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The school year a verzuim total belongs to: the one of the source's date (it counts up to that day). */
function verzuimDatering(bron: OsoBron): Datering {
  return dag(bron.documentDatum);
}

/** One category element of the source, limited to the period; undefined when nothing is left. */
function projecteer(naam: string, waarde: OsoElement | OsoElement[], bron: OsoBron, geleverd: (c: CategoryCode) => boolean, p: Periode): OsoElement | OsoElement[] | undefined {
  const een = (f: (e: OsoElement) => OsoElement | undefined) => eenOfMeer(lijst(waarde).map(f).filter((e): e is OsoElement => e !== undefined));
  switch (naam) {
    case 'schoolloopbaanlijst':
      return een((e) => filterLijst(e, 'schoolloopbaan', (s) => {
        const jaar = tekst(s, 'schooljaar');
        return /^\d{4}-\d{4}$/.test(jaar ?? '') ? periode(`${jaar!.slice(0, 4)}-08-01`, `${jaar!.slice(5)}-07-31`) : undefined;
      }, p));
    case 'toetslijst':
      return een((e) => filterLijst(e, 'toets', (t) => dag(tekst(t, 'afname', 'afnamedatum')), p));
    case 'cijferlijstlijst':
      return een((e) => filterLijst(e, 'cijferlijst', (c) => dag(tekst(c, 'afnamedatum')), p));
    case 'onderwijsondersteuning':
      return een((e) => filterOndersteuning(e, geleverd('onderwijsondersteuning'), geleverd('handelingsplannen'), p));
    case 'verzuim':
      return valtIn(verzuimDatering(bron), p) ? waarde : undefined;
    case 'eindtoets_basisonderwijs':
      return een((e) => (valtIn(dag(tekst(e, 'eindtoetsresultaat', 'datum_afname')), p) ? e : undefined));
    default: {
      const datering = VOMBO_DATERING[naam];
      return datering ? eenOfMeer(lijst(waarde).filter((e) => valtIn(datering(e), p))) : waarde;
    }
  }
}

/**
 * The children of `leerling` a new dossier carries from this source, in XSD order: every
 * element of the delivered categories (the Leerling category itself always), dated items
 * only within the period. The caller adds what the conversation decides (overstapadvies
 * contact, attached files).
 */
export function leerlingUitBron(bron: OsoBron, uitlevering: Record<CategoryCode, Uitlevering>, p: Periode): OsoChildren {
  const geleverd = (c: CategoryCode): boolean => uitlevering[c] === 'VERPLICHT' || uitlevering[c] === 'OPTIONEEL';
  const alles: Record<string, OsoElement | OsoElement[]> = { ...bron.leerling };
  for (const cat of Object.values(bron.categorieen)) Object.assign(alles, cat);
  const out: OsoChildren = [];
  for (const [naam, plek] of LEERLING_ELEMENTEN) {
    const waarde = alles[naam];
    if (waarde === undefined) continue;
    const mee = plek === 'onderwijsondersteuning-of-handelingsplannen' ? geleverd('onderwijsondersteuning') || geleverd('handelingsplannen') : geleverd(plek);
    if (!mee) continue;
    const rest = projecteer(naam, waarde, bron, geleverd, p);
    if (rest !== undefined) out.push([naam, rest]);
  }
  return out;
}

/** Every date: "has data" before the school years are chosen. */
export const ALTIJD: Periode = { van: '0000-01-01', tot: '9999-12-31' };

/** Whether the source holds data of this category within the period (all of it when no period is given). */
export function bronHeeftGegevens(bron: OsoBron, categorie: CategoryCode, p: Periode = ALTIJD): boolean {
  const alleenDeze = Object.fromEntries(
    (['leerling', categorie] as CategoryCode[]).map((c) => [c, 'OPTIONEEL' as Uitlevering]),
  ) as Record<CategoryCode, Uitlevering>;
  const plekken = new Set(LEERLING_ELEMENTEN.filter(([, plek]) => plek === categorie || (plek === 'onderwijsondersteuning-of-handelingsplannen' && (categorie === 'onderwijsondersteuning' || categorie === 'handelingsplannen'))).map(([naam]) => naam));
  return leerlingUitBron(bron, alleenDeze, p).some(([naam]) => plekken.has(naam));
}
