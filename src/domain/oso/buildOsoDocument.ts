/**
 * Builds the OSO-gegevensset 2019.1 document (an overstapdossier) for a dossier that is made
 * ready. Element order follows the XSD's sequences exactly; what goes in is decided by
 * selectOsoData (chosen categories, chosen school years). Run checkOsoRules first: this
 * function assumes the data is complete and throws when something it cannot do without is
 * missing, rather than send an incomplete document.
 */
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces';
import { CATEGORIES } from '../categories';
import * as brin from '../identifiers/brin';
import * as leerlingnummer from '../identifiers/leerlingnummer';
import type { Adres, Pupil, Verzorger } from '../pupil';
import type { School } from '../school';
import {
  AANLEVERPUNT, LAND_NEDERLAND, OSO_NAMESPACE, OVERDRACHTSOORT, STANDAARDVERSIE, VALIDATIEVERSIE,
  geslachtCode, isVoAdviesCode, jaargroepCode, relatieCode, voorletters,
} from './osoCodes';
import { datumInschrijving, delivered, schooladviesCode, selectOsoData, type OsoInput, type OsoSelection } from './selection';
import { writeZip } from '../../lib/zip';
import { safeFileName } from '../text/fileName';
import type { OsoElement } from './sourceData';
import { LEERLING_VOLGORDE, leerlingUitBron, type OsoChildren } from './sourceProjection';

/** The sending software, as named in the metadata. */
export interface Pakket {
  naam: string;
  versie: string;
}

export interface BuildOsoInput extends OsoInput {
  pakket: Pakket;
}

export function buildOsoDocument(input: BuildOsoInput): string {
  const { dossier, school, today, pakket } = input;
  const sel = selectOsoData(input);
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele(OSO_NAMESPACE, 'dossier');

  const metadata = root.ele('metadata');
  // LAS: administrative data; LVS: pupil-monitoring data (test results) on top of it.
  // A pupil from an OSO document goes out as that document's own elements (once projected here).
  const uitBron = input.pupil.osoBron ? leerlingUitBron(input.pupil.osoBron, sel.uitlevering, sel.periode) : undefined;
  const lvs = uitBron ? uitBron.some(([naam]) => naam === 'toetslijst') : sel.toetsresultaten.length > 0;
  metadata.ele('deeldossier').txt(lvs ? 'LASLVS' : 'LAS');
  metadata.ele('pakketnaam').txt(pakket.naam);
  metadata.ele('pakketversie').txt(pakket.versie);
  metadata.ele('datum').txt(today);
  metadata.ele('standaardversie').txt(STANDAARDVERSIE);
  metadata.ele('validatieversie').txt(VALIDATIEVERSIE);
  const cats = metadata.ele('categorie_uitlevering');
  for (const c of CATEGORIES) cats.ele(c.element).txt(sel.uitlevering[c.code]);
  metadata.ele('overstap').txt(dossier.soortOverstap);

  root.ele('overdrachtsoort').txt(OVERDRACHTSOORT);

  const inzage = root.ele('inzage');
  inzage.ele('voorlopigdossier').txt(String(dossier.voorlopig));
  inzage.ele('inzage').txt(String(dossier.inzage.gehad));
  if (dossier.inzage.datum) inzage.ele('inzagedatum').txt(dossier.inzage.datum);
  inzage.ele('akkoord').txt(dossier.akkoord);
  if (dossier.akkoord === 'Nee' && dossier.redenNietAkkoord?.trim()) inzage.ele('redennietakkoord').txt(dossier.redenNietAkkoord.trim());
  // Required for VOVO (OVa.IZ05): the parents' consent as asked in the conversation; a dossier
  // made before that question existed says honestly that it is unknown.
  if (dossier.soortOverstap === 'VOVO') inzage.ele('toestemming').txt(dossier.toestemming ?? 'Onbekend');

  const huidigeschool = root.ele('huidigeschool');
  addSchool(huidigeschool, school);
  const leerling = huidigeschool.ele('leerling');
  if (uitBron) addLeerlingUitBron(leerling, input, sel, uitBron);
  else addLeerling(leerling, input, sel);

  escapeAmpersands(root.node as unknown as DomNode);
  return root.end({ prettyPrint: true });
}

/**
 * What staff typed must reach the receiver exactly: "&bogus;", "&#0;" and "&lt;b&gt;" too.
 * xmlbuilder2 (4.x) escapes `&` only where it does not already start an entity or character
 * reference, so those would go out as markup (not well-formed, or read as `<b>`). Every `&`
 * in the text is given to it as `&amp;`, which it writes unchanged. The round trip through a
 * real XML parser is tested (test/oso/xmlText.test.ts), so a change in xmlbuilder2 shows.
 */
function escapeAmpersands(node: DomNode): void {
  for (const child of Array.from(node.childNodes)) {
    if (child.nodeType === TEXT_NODE) child.data = (child.data ?? '').replace(/&/g, '&amp;');
    else escapeAmpersands(child);
  }
}

/** The part of xmlbuilder2's DOM that escapeAmpersands walks. */
interface DomNode {
  nodeType: number;
  childNodes: ArrayLike<DomNode>;
  data?: string;
}
const TEXT_NODE = 3;

function addSchool(el: XMLBuilder, school: School): void {
  const b = brin.validate(school.brin);
  if (!b.ok) throw new Error(`OSO: the school's BRIN "${school.brin}" is not valid`);
  el.ele('naam').txt(school.naam);
  if (school.adres) addAdressen(el, [school.adres]);
  addCommunicatie(el, school.telefoon, school.email, 'werk');
  el.ele('brincode').txt(b.value.code);
  el.ele('vestigingscode').txt(b.value.vestiging ?? '00');
  el.ele('aanleverpunt').txt(AANLEVERPUNT);
  el.ele('soort').txt(school.soort);
  if (school.directeur?.trim()) el.ele('naamdirecteur').txt(school.directeur.trim());
}

function addLeerling(el: XMLBuilder, input: OsoInput, sel: OsoSelection): void {
  const { pupil, school } = input;
  const u = sel.uitlevering;
  const nummer = leerlingnummer.validate(pupil.leerlingnummer);
  if (!nummer.ok) throw new Error('OSO: the pupil has no valid BSN or onderwijsnummer');
  const inschrijving = datumInschrijving(pupil);
  if (!inschrijving) throw new Error('OSO: the pupil has no enrolment date');

  // Leerling (always required).
  for (const v of pupil.voornamen) el.ele('voornaam').txt(v);
  const letters = voorletters(pupil.voornamen);
  if (letters) el.ele('voorletters-1').txt(letters);
  if (pupil.voorvoegsel) el.ele('voorvoegsel').txt(pupil.voorvoegsel);
  el.ele('achternaam').txt(pupil.achternaam);
  if (pupil.roepnaam) el.ele('roepnaam').txt(pupil.roepnaam);
  el.ele('geboortedatum').txt(pupil.geboortedatum);
  el.ele('geslacht').txt(geslachtCode(pupil.geslacht));
  const geheim = pupil.adresGeheim === true;
  el.ele('adresgeheim').txt(String(geheim));
  if (!geheim && pupil.adres) addAdressen(el, [pupil.adres]);
  addCommunicatie(el, pupil.telefoon, pupil.email, 'prive');
  el.ele(nummer.value.soort === 'bsn' ? 'bsn' : 'onderwijsnummer').txt(nummer.value.nummer);
  // The school's own pupil code, only when the administration has one (required for POVO: checkOsoRules).
  if (pupil.leerlingId?.trim()) el.ele('leerlingid').txt(pupil.leerlingId.trim());
  el.ele('datuminschrijving').txt(inschrijving);

  // Ouders/verzorgers: the carers the source names are the ones the school deals with. Who of
  // them is the legal representative travels per carer (wettigevertegenwoordiger); "false"
  // here would claim an aansprakelijke instelling, which no source names (OSO then demands one).
  if (delivered(u.oudersverzorgers)) {
    el.ele('verzorgersaansprakelijk').txt(String(pupil.verzorgers.length > 0));
  }

  if (delivered(u.overstapadvies)) addOverstapadvies(el.ele('overstapadvies'), input);

  if (sel.schoolloopbaan.length > 0) {
    const lijst = el.ele('schoolloopbaanlijst');
    const b = brin.validate(school.brin);
    for (const s of sel.schoolloopbaan) {
      const code = jaargroepCode(s, school.soort);
      if (!code) throw new Error(`OSO: no jaargroep for school year ${s.schooljaar}`);
      const sl = lijst.ele('schoolloopbaan');
      sl.ele('schooljaar').txt(s.schooljaar);
      sl.ele('groepscode').txt(s.groep);
      sl.ele('jaargroep').txt(code);
      sl.ele('begindatum').txt(s.begindatum);
      if (s.einddatum) sl.ele('einddatum').txt(s.einddatum);
      sl.ele('brincode').txt(b.ok ? b.value.code : school.brin);
      sl.ele('vestigingscode').txt((b.ok && b.value.vestiging) || '00');
      sl.ele('schoolsoort').txt(school.soort);
    }
  }

  if (sel.ondersteuning.length > 0) {
    // The roster's support periods are arrangements within passend onderwijs.
    const oo = el.ele('onderwijsondersteuning');
    for (const o of sel.ondersteuning) {
      const a = oo.ele('arrangement_pao');
      a.ele('arrangement_datum').txt(o.begindatum);
      a.ele('arrangement_kenmerk').txt(o.omschrijving);
      if (o.einddatum) a.ele('arrangement_einddatum').txt(o.einddatum);
    }
  }

  if (sel.verzuim.length > 0) {
    // Counted in the unit the administration used: half days (dagdelen, primary schools) or hours.
    const v = el.ele('verzuim');
    const som = (eenheid: 'uren' | 'dagdelen', veld: 'geoorloofdUren' | 'ongeoorloofdUren') =>
      sel.verzuim.filter((x) => (x.eenheid ?? 'uren') === eenheid).reduce((n, x) => n + x[veld], 0);
    if (sel.verzuim.some((x) => x.eenheid === 'dagdelen')) {
      v.ele('dagdelengeoorloofd').txt(String(som('dagdelen', 'geoorloofdUren')));
      v.ele('dagdelenongeoorloofd').txt(String(som('dagdelen', 'ongeoorloofdUren')));
    }
    if (sel.verzuim.some((x) => (x.eenheid ?? 'uren') === 'uren')) {
      v.ele('urengeoorloofd').txt(String(som('uren', 'geoorloofdUren')));
      v.ele('urenongeoorloofd').txt(String(som('uren', 'ongeoorloofdUren')));
    }
  }

  if (sel.toetsresultaten.length > 0) {
    const lijst = el.ele('toetslijst');
    for (const t of sel.toetsresultaten) addToets(lijst.ele('toets'), t);
  }

  if (sel.bijlagen.length > 0) {
    const lijst = el.ele('overigdocumentlijst');
    for (const d of bijlageDocumenten(input, sel)) writeElement(lijst, 'document', d);
  }

  if (delivered(u.oudersverzorgers)) for (const v of pupil.verzorgers) addVerzorger(el.ele('verzorger'), v);
}

/** The files attached in the conversation, as OSO documents (zipped, base64). */
function bijlageDocumenten(input: OsoInput, sel: OsoSelection): OsoElement[] {
  return sel.bijlagen.map((b) => {
    const content = input.bijlageInhoud?.[b.id];
    if (!content || content.length === 0) throw new Error(`OSO: no content for attachment ${b.id}`);
    // Cleaned when received; again here for dossiers stored before that: never a path in the zip.
    const naam = safeFileName(b.naam);
    return { bestandsnaam: naam, bestandsinhoud: writeZip([{ name: naam, data: Buffer.from(content) }], { compress: false }).toString('base64') };
  });
}

const OVERSTAPADVIES_VOLGORDE = [
  'advies', 'wensouders', 'wensleerling', 'herzienadvies', 'motivatie_herzienadvies', 'profiel', 'argumentatie',
  'contactnodig', 'contactpersoon', 'contacttelefoon', 'contactemail', 'aandachtspunten',
] as const;

/**
 * A pupil who came from an OSO document: the source's own elements of the delivered
 * categories and years (sourceProjection), as they came. Only what the conversation decides is
 * the bot's: the contact for the new school, the advice asked at POVO when the source had none,
 * and the files attached in the chat.
 */
function addLeerlingUitBron(el: XMLBuilder, input: OsoInput, sel: OsoSelection, uitBron: OsoChildren): void {
  const { dossier, pupil } = input;
  const u = sel.uitlevering;
  const children = new Map<string, OsoElement | OsoElement[]>(uitBron);
  if (!children.has('bsn') && !children.has('onderwijsnummer')) throw new Error('OSO: the source has no BSN or onderwijsnummer');
  if (!children.has('datuminschrijving')) throw new Error('OSO: the source has no enrolment date');

  if (delivered(u.oudersverzorgers) && !children.has('verzorgersaansprakelijk')) {
    children.set('verzorgersaansprakelijk', String(pupil.verzorgers.length > 0));
  }
  if (delivered(u.overstapadvies)) {
    const bron = children.get('overstapadvies');
    const advies: Record<string, OsoElement | OsoElement[]> = bron && typeof bron === 'object' && !Array.isArray(bron) ? { ...bron } : {};
    const code = schooladviesCode(input);
    if (!advies.advies && code) advies.advies = code;
    const contact = dossier.contactpersoon;
    const gesprek: Record<string, string | undefined> = {
      contactnodig: String(dossier.contactGewenst),
      contactpersoon: contact.naam.trim() || undefined,
      contacttelefoon: contact.telefoon.trim() || undefined,
      contactemail: contact.email?.trim() || undefined,
    };
    const geordend: Record<string, OsoElement | OsoElement[]> = {};
    for (const naam of OVERSTAPADVIES_VOLGORDE) {
      const waarde = naam in gesprek ? gesprek[naam] : advies[naam];
      if (waarde !== undefined) geordend[naam] = waarde;
    }
    children.set('overstapadvies', geordend);
  }
  if (sel.bijlagen.length > 0) {
    const lijst = children.get('overigdocumentlijst');
    const bestaande = lijst && typeof lijst === 'object' && !Array.isArray(lijst) ? lijst.document : undefined;
    const documenten = [...(bestaande === undefined ? [] : Array.isArray(bestaande) ? bestaande : [bestaande]), ...bijlageDocumenten(input, sel)];
    children.set('overigdocumentlijst', { document: documenten });
  }

  const ordered: OsoChildren = LEERLING_VOLGORDE.flatMap((naam) => (children.has(naam) ? [[naam, children.get(naam)!] as OsoChildren[number]] : []));
  for (const [naam, waarde] of ordered) writeElement(el, naam, waarde);
}

/** Writes an element as sourceData's JSON form describes it: "@x" attributes, "#" text, children in order. */
function writeElement(parent: XMLBuilder, naam: string, waarde: OsoElement | OsoElement[]): void {
  if (Array.isArray(waarde)) {
    for (const w of waarde) writeElement(parent, naam, w);
    return;
  }
  if (typeof waarde === 'string') {
    parent.ele(naam).txt(waarde);
    return;
  }
  const attributes = Object.fromEntries(Object.entries(waarde).filter(([k]) => k.startsWith('@')).map(([k, v]) => [k.slice(1), String(v)]));
  const el = parent.ele(naam, attributes);
  const text = waarde['#'];
  if (typeof text === 'string') el.txt(text);
  for (const [k, v] of Object.entries(waarde)) if (!k.startsWith('@') && k !== '#') writeElement(el, k, v);
}

function addOverstapadvies(el: XMLBuilder, input: OsoInput): void {
  const { dossier, pupil } = input;
  const advies = pupil.overstapadvies;
  const code = advies?.advies?.trim();
  const duoCode = schooladviesCode(input);
  if (duoCode) el.ele('advies').txt(duoCode);
  // An advice in words (not a DUO code) still reaches the new school, in the argumentation.
  const argumentatie = [code && !isVoAdviesCode(code) ? `Schooladvies: ${code}.` : undefined, advies?.argumentatie?.trim()]
    .filter(Boolean)
    .join(' ');
  if (argumentatie) el.ele('argumentatie').txt(argumentatie);
  el.ele('contactnodig').txt(String(dossier.contactGewenst));
  const contact = dossier.contactpersoon;
  if (contact.naam.trim()) el.ele('contactpersoon').txt(contact.naam.trim());
  if (contact.telefoon.trim()) el.ele('contacttelefoon').txt(contact.telefoon.trim());
  if (contact.email?.trim()) el.ele('contactemail').txt(contact.email.trim());
  if (advies?.aandachtspunten?.trim()) el.ele('aandachtspunten').txt(advies.aandachtspunten.trim());
}

function addToets(el: XMLBuilder, t: Pupil['toetsresultaten'][number]): void {
  const id = el.ele('toetsidentificatie');
  // Required by OSO; checkOsoRules refuses a chosen test without one rather than make one up.
  if (!t.code) throw new Error('OSO: a test result has no ELD test code');
  id.ele('eldtoetscode').txt(t.code);
  id.ele('leergebied').txt(t.onderdeel);
  id.ele('toetsnaam').txt(t.toets);
  el.ele('afname').ele('afnamedatum').txt(t.datum);
  const resultaat = el.ele('resultaat');
  const score = t.score.trim();
  if (/^\d+([.,]\d+)?$/.test(score)) {
    resultaat.ele('toetsscore').ele('vaardigheidsscore').txt(score.replace(',', '.'));
  } else {
    // Levels A–E and I–V are the usual Dutch norm scores (codelijst 11: AE, IV); other words are a norm.
    const code = /^[A-E][+-]?$/i.test(score) ? 'AE' : /^(I|II|III|IV|V)[+-]?$/i.test(score) ? 'IV' : 'Norm';
    const r = resultaat.ele('referentiescore');
    r.ele('codereferentiescore').txt(code);
    r.ele('codevergelijkingsgroep').txt('Landelijk');
    r.ele('waarde').txt(score);
  }
}

function addVerzorger(el: XMLBuilder, v: Verzorger): void {
  for (const n of v.voornamen) el.ele('voornaam').txt(n);
  const letters = v.voorletters?.trim() || voorletters(v.voornamen);
  if (letters) el.ele('voorletters-1').txt(letters);
  if (v.voorvoegsel) el.ele('voorvoegsel').txt(v.voorvoegsel);
  el.ele('achternaam').txt(v.achternaam);
  el.ele('geslacht').txt(geslachtCode(v.geslacht));
  if (v.adres) addAdressen(el, [v.adres]);
  addCommunicatie(el, v.telefoon, v.email, 'prive');
  el.ele('relatietotkind').txt(relatieCode(v.relatie));
  el.ele('wettigevertegenwoordiger').txt(String(v.wettigVertegenwoordiger));
}

function addAdressen(el: XMLBuilder, adressen: Adres[]): void {
  const lijst = el.ele('adreslijst');
  for (const a of adressen) {
    const ad = lijst.ele('adres');
    ad.ele('soortadres').txt('bezoek');
    ad.ele('straat').txt(a.straat);
    ad.ele('nummer').txt(a.huisnummer);
    if (a.toevoeging) ad.ele('toevoeging').txt(a.toevoeging);
    ad.ele('postcode').txt(a.postcode);
    ad.ele('plaats').txt(a.plaats);
    if (a.gemeente) ad.ele('gemeente').txt(a.gemeente);
    ad.ele('land', { omschrijving: 'Nederland' }).txt(LAND_NEDERLAND);
  }
}

function addCommunicatie(el: XMLBuilder, telefoon: string | undefined, email: string | undefined, aanduiding: 'werk' | 'prive'): void {
  const items: [string, string][] = [];
  if (telefoon?.trim()) items.push(['telefoon', telefoon.trim()]);
  if (email?.trim()) items.push(['e-mail', email.trim()]);
  if (items.length === 0) return;
  const lijst = el.ele('communicatielijst');
  for (const [soort, nummer] of items) {
    const c = lijst.ele('communicatie');
    c.ele('soort').txt(soort);
    c.ele('aanduiding').txt(aanduiding);
    c.ele('nummer').txt(nummer);
  }
}
