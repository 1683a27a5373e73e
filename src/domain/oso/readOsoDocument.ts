/**
 * Reads an OSO-gegevensset 2019.1 document (as an XmlElementNode tree) into the one pupil model
 * and the dossier facts around it: the form another school's system hands out (issue 19). Pure:
 * no parser, no storage. Every string is cleaned with cleanText on the way in; every element of
 * `leerling` is kept, the ones the bot works with as typed fields, all of them in `osoBron`.
 */
import { cleanStrings, cleanText } from '../text/cleanText';
import { parseDutchDate } from '../dates';
import * as leerlingnummer from '../identifiers/leerlingnummer';
import { pupilSchema, RELATIES, type Pupil, type PupilInput } from '../pupil';
import { OSO_NAMESPACE } from './osoCodes';
import { OSO_CATEGORIE_ELEMENTEN, type OsoBron, type OsoCategorieNaam, type OsoDocumentInfo, type OsoElement } from './sourceData';
import { child, childrenNamed, path, textOf, type XmlElementNode } from './xmlTree';

/** The dossier around the pupil: what the receiving side shows and stores. */
export interface OsoDossierFeiten {
  /** `metadata/overstap`: POPO, POVO, VOVO, BB … */
  overstap?: string;
  documentDatum?: string;
  pakket?: string;
  /** `categorie_uitlevering`: category code (without "cat_") → VERPLICHT/OPTIONEEL/OPT-UIT/VERBODEN. */
  uitlevering: Record<string, string>;
  inzage: { voorlopig?: boolean; inzage?: boolean; datum?: string; akkoord?: string; redenNietAkkoord?: string; toestemming?: string };
  school: { naam?: string; brin?: string; soort?: string; directeur?: string };
}

export type ReadOsoResult =
  | { ok: true; pupil: Pupil; dossier: OsoDossierFeiten; warnings: string[] }
  | { ok: false; problems: string[] };

/** Elements of `leerling` the typed fields are read from; everything else goes to osoBron.leerling too. */
const CATEGORIE_VAN = new Map<string, OsoCategorieNaam>(
  Object.entries(OSO_CATEGORIE_ELEMENTEN).flatMap(([cat, names]) => names.map((n) => [n, cat as OsoCategorieNaam] as const)),
);

export function readOsoDocument(root: XmlElementNode, options: { bestand?: string } = {}): ReadOsoResult {
  const problems: string[] = [];
  const warnings: string[] = [];
  if (root.name !== 'dossier' || root.namespace !== OSO_NAMESPACE) {
    return { ok: false, problems: [`Dit is geen OSO-dossier: het hoofdelement is <${root.name}>${root.namespace ? ` (${root.namespace})` : ''}, verwacht <dossier> in ${OSO_NAMESPACE}.`] };
  }
  const metadata = child(root, 'metadata');
  const school = child(root, 'huidigeschool');
  const leerling = child(school, 'leerling');
  if (!metadata) problems.push('het onderdeel <metadata> ontbreekt');
  if (!school) problems.push('het onderdeel <huidigeschool> ontbreekt');
  else if (!leerling) problems.push('het onderdeel <leerling> ontbreekt in <huidigeschool>');
  const versie = textOf(metadata, 'standaardversie');
  if (metadata && versie !== '2019.1') problems.push(`standaardversie is "${versie ?? ''}"; ik lees OSO-gegevensset 2019.1`);
  if (problems.length > 0 || !leerling) return { ok: false, problems };

  const dossier: OsoDossierFeiten = {
    overstap: t(textOf(metadata, 'overstap')),
    documentDatum: t(textOf(metadata, 'datum')),
    pakket: t(textOf(metadata, 'pakketnaam')),
    uitlevering: Object.fromEntries(
      (child(metadata, 'categorie_uitlevering')?.children ?? []).map((c) => [c.name.replace(/^cat_/, ''), cleanText(c.text.trim())]),
    ),
    inzage: readInzage(child(root, 'inzage')),
    school: { naam: t(textOf(school, 'naam')), brin: t(textOf(school, 'brincode')), soort: t(textOf(school, 'soort')), directeur: t(textOf(school, 'naamdirecteur')) },
  };

  const nummerText = textOf(leerling, 'bsn') ?? textOf(leerling, 'onderwijsnummer');
  let nummer: string | undefined;
  if (!nummerText) problems.push('de leerling heeft geen <bsn> en geen <onderwijsnummer>');
  else {
    const checked = leerlingnummer.validate(nummerText);
    if (checked.ok) nummer = checked.value.nummer;
    else problems.push(`het ${textOf(leerling, 'bsn') ? 'BSN' : 'onderwijsnummer'} ${leerlingnummer.mask(nummerText)} is niet geldig`);
  }
  const date = (label: string, value: string | undefined, required = false): string | undefined => {
    if (value === undefined) {
      if (required) problems.push(`${label} ontbreekt`);
      return undefined;
    }
    const parsed = parseDutchDate(value, '9999-12-31');
    if (!parsed.ok || !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
      problems.push(parsed.ok || parsed.problem.code !== 'bestaat-niet' ? `${label} "${value}" is geen datum als jjjj-mm-dd` : `${label} ${value} bestaat niet`);
      return undefined;
    }
    return parsed.value;
  };

  const voornamen = childrenNamed(leerling, 'voornaam').map((v) => cleanText(v.text.trim())).filter(Boolean);
  const roepnaam = t(textOf(leerling, 'roepnaam'));
  if (voornamen.length === 0) {
    // OSO allows voorletters only; the pupil model needs a first name to show.
    const fallback = roepnaam ?? t(textOf(leerling, 'voorletters-1'));
    if (fallback) {
      voornamen.push(fallback);
      warnings.push('de leerling heeft geen <voornaam>; de roepnaam of voorletters staan als voornaam');
    }
  }
  const schoolloopbaan = readSchoolloopbaan(leerling, date);
  const laatste = schoolloopbaan.at(-1);
  if (!laatste) warnings.push('het dossier heeft geen schoolloopbaan; de groep staat op "onbekend"');
  const adres = readAdres(child(leerling, 'adreslijst'), warnings, 'leerling');
  const contact = readCommunicatie(child(leerling, 'communicatielijst'));
  const datumInschrijving = date('datuminschrijving', textOf(leerling, 'datuminschrijving'));

  const bron: OsoBron = {
    ...(options.bestand ? { bestand: cleanText(options.bestand) } : {}),
    ...(dossier.documentDatum ? { documentDatum: dossier.documentDatum } : {}),
    ...(dossier.pakket ? { pakket: dossier.pakket } : {}),
    ...(dossier.overstap ? { overstap: dossier.overstap } : {}),
    school: strip({ naam: dossier.school.naam, brin: dossier.school.brin, vestiging: t(textOf(school, 'vestigingscode')), soort: dossier.school.soort }),
    leerling: {},
    categorieen: {},
  };
  for (const [naam, elements] of groupByName(leerling.children)) {
    const cat = CATEGORIE_VAN.get(naam);
    const value = elements.length === 1 ? toJson(elements[0]!) : elements.map(toJson);
    if (cat) (bron.categorieen[cat] ??= {})[naam] = value;
    else bron.leerling[naam] = value;
  }

  const candidate: PupilInput = {
    leerlingnummer: nummer ?? '',
    voornamen,
    ...(roepnaam ? { roepnaam } : {}),
    ...opt('voorvoegsel', textOf(leerling, 'voorvoegsel')),
    achternaam: t(textOf(leerling, 'achternaam')) ?? '',
    geboortedatum: date('geboortedatum', textOf(leerling, 'geboortedatum'), true) ?? '',
    geslacht: geslachtVanCode(textOf(leerling, 'geslacht')),
    groep: laatste?.groep ?? 'onbekend',
    ...opt('leerlingId', textOf(leerling, 'leerlingid')),
    ...(adres ? { adres } : {}),
    ...(textOf(leerling, 'adresgeheim') === 'true' ? { adresGeheim: true } : {}),
    ...opt('telefoon', contact.telefoon),
    ...opt('email', contact.email),
    ...(datumInschrijving ? { datumInschrijving } : {}),
    verzorgers: childrenNamed(leerling, 'verzorger').flatMap((v, i) => readVerzorger(v, i + 1, problems, warnings)),
    schoolloopbaan,
    ...readAdvies(child(leerling, 'overstapadvies')),
    verzuim: readVerzuim(child(leerling, 'verzuim'), dossier.documentDatum),
    toetsresultaten: readToetsen(child(leerling, 'toetslijst'), date),
    ondersteuning: readOndersteuning(child(leerling, 'onderwijsondersteuning'), date),
    ...readEindtoets(child(leerling, 'eindtoets_basisonderwijs'), date),
    documenten: readDocumenten(leerling),
    osoBron: cleanStrings(bron),
  };
  if (!candidate.achternaam) problems.push('de achternaam van de leerling ontbreekt');
  if (voornamen.length === 0) problems.push('de leerling heeft geen voornaam, roepnaam of voorletters');
  if (problems.length > 0) return { ok: false, problems };
  const parsed = pupilSchema.safeParse(candidate);
  if (!parsed.success) {
    // What is left is a value the model refuses (the checks above name the usual ones in their own words).
    return { ok: false, problems: parsed.error.issues.map((i) => `${i.path.map(String).join('.') || 'leerling'} heeft een waarde die ik niet kan overnemen`) };
  }
  return { ok: true, pupil: parsed.data, dossier, warnings };
}

// ---------------------------------------------------------------- parts

const t = (s: string | undefined): string | undefined => (s === undefined ? undefined : cleanText(s) || undefined);
const opt = <K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> =>
  t(value) ? ({ [key]: t(value) } as Record<K, string>) : {};
function strip<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function readInzage(el: XmlElementNode | undefined): OsoDossierFeiten['inzage'] {
  const bool = (name: string) => (textOf(el, name) === undefined ? undefined : textOf(el, name) === 'true');
  return strip({
    voorlopig: bool('voorlopigdossier'),
    inzage: bool('inzage'),
    datum: t(textOf(el, 'inzagedatum')),
    akkoord: t(textOf(el, 'akkoord')),
    redenNietAkkoord: t(textOf(el, 'redennietakkoord')),
    toestemming: t(textOf(el, 'toestemming')),
  });
}

/** Codelijst 14 as the examples use it: 1 vrouw, 2 man, 0 onbekend (see osoCodes.geslachtCode). */
function geslachtVanCode(code: string | undefined): Pupil['geslacht'] {
  return code === '2' ? 'M' : code === '1' ? 'V' : 'onbekend';
}

/** The home address: bezoek, then gba, then the first; a foreign or incomplete one is left in osoBron. */
function readAdres(lijst: XmlElementNode | undefined, warnings: string[], wie: string): PupilInput['adres'] | undefined {
  const adressen = childrenNamed(lijst, 'adres');
  const gekozen = ['bezoek', 'gba'].map((s) => adressen.find((a) => textOf(a, 'soortadres') === s)).find(Boolean) ?? adressen[0];
  if (!gekozen) return undefined;
  const postcode = t(textOf(gekozen, 'postcode'));
  const adres = { straat: t(textOf(gekozen, 'straat')), huisnummer: t(textOf(gekozen, 'nummer')), postcode, plaats: t(textOf(gekozen, 'plaats')) };
  if (!adres.straat || !adres.huisnummer || !adres.plaats || !postcode || !/^[1-9][0-9]{3}\s?[A-Za-z]{2}$/.test(postcode)) {
    warnings.push(`het adres van ${wie} is geen volledig Nederlands adres; het staat alleen bij de brongegevens`);
    return undefined;
  }
  return { ...adres, ...opt('toevoeging', textOf(gekozen, 'toevoeging')), ...opt('gemeente', textOf(gekozen, 'gemeente')) } as PupilInput['adres'];
}

/** The first telephone number and e-mail address that are not secret. */
function readCommunicatie(lijst: XmlElementNode | undefined): { telefoon?: string; email?: string } {
  const open = childrenNamed(lijst, 'communicatie').filter((c) => textOf(c, 'geheim') !== 'true');
  const emailSchema = pupilSchema.shape.email;
  const email = open.filter((c) => textOf(c, 'soort') === 'e-mail' || /@/.test(textOf(c, 'nummer') ?? '')).map((c) => t(textOf(c, 'nummer'))).find((e) => e && emailSchema.safeParse(e).success);
  const telefoon = open.filter((c) => textOf(c, 'soort') !== 'e-mail' && !/@/.test(textOf(c, 'nummer') ?? '')).map((c) => t(textOf(c, 'nummer'))).find(Boolean);
  return strip({ telefoon, email });
}

function readVerzorger(el: XmlElementNode, n: number, problems: string[], warnings: string[]): NonNullable<PupilInput['verzorgers']> {
  const achternaam = t(textOf(el, 'achternaam'));
  const code = textOf(el, 'relatietotkind');
  const relatie = code && /^[1-9]$/.test(code) ? RELATIES[Number(code) - 1] : undefined;
  if (!achternaam) {
    problems.push(`verzorger ${n}: achternaam ontbreekt`);
    return [];
  }
  if (!relatie) warnings.push(`verzorger ${n}: relatie tot kind "${code ?? ''}" ken ik niet; staat als "overig"`);
  const contact = readCommunicatie(child(el, 'communicatielijst'));
  const adres = readAdres(child(el, 'adreslijst'), warnings, `verzorger ${n}`);
  return [{
    voornamen: childrenNamed(el, 'voornaam').map((v) => cleanText(v.text.trim())).filter(Boolean),
    ...opt('voorletters', textOf(el, 'voorletters-1')),
    ...opt('voorvoegsel', textOf(el, 'voorvoegsel')),
    achternaam,
    geslacht: geslachtVanCode(textOf(el, 'geslacht')),
    relatie: relatie ?? 'overig',
    wettigVertegenwoordiger: textOf(el, 'wettigevertegenwoordiger') === 'true',
    ...contact,
    ...(adres ? { adres } : {}),
  }];
}

function readSchoolloopbaan(leerling: XmlElementNode, date: (l: string, v: string | undefined, r?: boolean) => string | undefined): Pupil['schoolloopbaan'] {
  return childrenNamed(child(leerling, 'schoolloopbaanlijst'), 'schoolloopbaan').flatMap((s) => {
    const schooljaar = textOf(s, 'schooljaar');
    const begindatum = date('schoolloopbaan begindatum', textOf(s, 'begindatum'));
    const groep = t(textOf(s, 'groepscode')) ?? t(textOf(s, 'groepsnaam')) ?? t(textOf(s, 'jaargroep'));
    if (!schooljaar || !/^\d{4}-\d{4}$/.test(schooljaar) || !begindatum || !groep) return [];
    const code = Number(textOf(s, 'jaargroep'));
    // Codelijst 13: 11–16 are VO leerjaar 1–6; the pupil model counts leerjaren as 1–6.
    const jaargroep = Number.isInteger(code) && code >= 0 && code <= 8 ? code : code >= 11 && code <= 16 ? code - 10 : undefined;
    const einddatum = date('schoolloopbaan einddatum', textOf(s, 'einddatum'));
    return [{ schooljaar, groep, ...(jaargroep !== undefined ? { jaargroep } : {}), begindatum, ...(einddatum ? { einddatum } : {}) }];
  }).sort((a, b) => a.begindatum.localeCompare(b.begindatum));
}

function readAdvies(el: XmlElementNode | undefined): Pick<PupilInput, 'overstapadvies'> {
  if (!el) return {};
  const advies = strip({
    advies: t(textOf(el, 'advies')),
    argumentatie: t(textOf(el, 'argumentatie')),
    aandachtspunten: t(textOf(el, 'aandachtspunten')),
    wensOuders: t(textOf(el, 'wensouders')),
    wensLeerling: t(textOf(el, 'wensleerling')),
    profiel: t(textOf(el, 'profiel')),
  });
  return Object.keys(advies).length > 0 ? { overstapadvies: advies } : {};
}

/** OSO's verzuim is one total, counted up to the document's date: it belongs to that school year. */
function readVerzuim(el: XmlElementNode | undefined, documentDatum: string | undefined): Pupil['verzuim'] {
  if (!el) return [];
  const n = (name: string) => {
    const v = Number(textOf(el, name));
    return Number.isInteger(v) && v >= 0 ? v : undefined;
  };
  const eenheid = n('urengeoorloofd') !== undefined || n('urenongeoorloofd') !== undefined ? 'uren' : n('dagdelengeoorloofd') !== undefined || n('dagdelenongeoorloofd') !== undefined ? 'dagdelen' : undefined;
  const geoorloofd = n(eenheid === 'uren' ? 'urengeoorloofd' : 'dagdelengeoorloofd');
  const ongeoorloofd = n(eenheid === 'uren' ? 'urenongeoorloofd' : 'dagdelenongeoorloofd');
  if (!eenheid || !documentDatum) return [];
  const start = Number(documentDatum.slice(0, 4)) - (documentDatum.slice(5) < '08-01' ? 1 : 0);
  return [{ schooljaar: `${start}-${start + 1}`, geoorloofdUren: geoorloofd ?? 0, ongeoorloofdUren: ongeoorloofd ?? 0, eenheid }];
}

function readToetsen(el: XmlElementNode | undefined, date: (l: string, v: string | undefined) => string | undefined): Pupil['toetsresultaten'] {
  return childrenNamed(el, 'toets').flatMap((toets) => {
    const id = child(toets, 'toetsidentificatie');
    const naam = t(textOf(id, 'toetsnaam')) ?? t(textOf(id, 'eldtoetscode'));
    const datum = date('toets afnamedatum', textOf(path(toets, 'afname'), 'afnamedatum'));
    const resultaat = child(toets, 'resultaat');
    const score = t(child(resultaat, 'toetsscore')?.children.map((c) => textOf(c)).find(Boolean)) ?? t(textOf(child(resultaat, 'referentiescore'), 'waarde'));
    if (!naam || !datum || !score) return [];
    return [{ datum, ...opt('code', textOf(id, 'eldtoetscode')), toets: naam, onderdeel: t(textOf(id, 'leergebied')) ?? naam, score }];
  });
}

function readOndersteuning(el: XmlElementNode | undefined, date: (l: string, v: string | undefined) => string | undefined): Pupil['ondersteuning'] {
  const plannen = childrenNamed(el, 'handelingsplan').map((h) => ({
    begindatum: date('handelingsplan startdatum', textOf(h, 'startdatum')),
    einddatum: date('handelingsplan einddatum', textOf(h, 'einddatum')),
    omschrijving: `Handelingsplan${textOf(h, 'isgerichtop') ? `: ${t(textOf(h, 'isgerichtop'))}` : ''}`,
  }));
  const opps = childrenNamed(el, 'opp').map((o) => ({
    begindatum: date('opp ingangsdatum', textOf(o, 'opp_ingangdatum')),
    einddatum: date('opp einddatum', textOf(o, 'opp_einddatum')),
    omschrijving: 'Ontwikkelingsperspectiefplan (OPP)',
  }));
  return [...plannen, ...opps].flatMap((o) => (o.begindatum ? [{ begindatum: o.begindatum, ...(o.einddatum ? { einddatum: o.einddatum } : {}), omschrijving: o.omschrijving }] : []));
}

function readEindtoets(el: XmlElementNode | undefined, date: (l: string, v: string | undefined) => string | undefined): Pick<PupilInput, 'eindtoets'> {
  const r = child(el, 'eindtoetsresultaat');
  const naam = t(textOf(r, 'toetsomschrijving')) ?? t(textOf(r, 'toetssoort'));
  if (!naam) return {};
  const datum = date('eindtoets datum', textOf(r, 'datum_afname'));
  return { eindtoets: { naam, ...(datum ? { datum } : {}), ...opt('score', textOf(r, 'standaardscore')), ...opt('advies', textOf(r, 'toets_advies')) } };
}

/** Every <document> below leerling, with the category it sits in. */
function readDocumenten(leerling: XmlElementNode): OsoDocumentInfo[] {
  const found: OsoDocumentInfo[] = [];
  const walk = (el: XmlElementNode, categorie: string) => {
    for (const c of el.children) {
      if (c.name === 'document') {
        const bestandsnaam = t(textOf(c, 'bestandsnaam'));
        if (bestandsnaam) found.push({ categorie, bestandsnaam, ...opt('omschrijving', textOf(c, 'omschrijving')) });
      } else walk(c, categorie);
    }
  };
  for (const c of leerling.children) walk(c, CATEGORIE_VAN.get(c.name) ?? 'leerling');
  return found;
}

function groupByName(children: XmlElementNode[]): Map<string, XmlElementNode[]> {
  const map = new Map<string, XmlElementNode[]>();
  for (const c of children) map.set(c.name, [...(map.get(c.name) ?? []), c]);
  return map;
}

/** An element as OsoElement JSON (see sourceData.ts). */
export function toJson(el: XmlElementNode): OsoElement {
  const attrs = Object.entries(el.attributes);
  if (el.children.length === 0 && attrs.length === 0) return el.text.trim();
  const out: Record<string, OsoElement | OsoElement[]> = {};
  for (const [k, v] of attrs) out[`@${k}`] = v;
  if (el.text.trim()) out['#'] = el.text.trim();
  for (const [naam, elements] of groupByName(el.children)) out[naam] = elements.length === 1 ? toJson(elements[0]!) : elements.map(toJson);
  return out;
}
