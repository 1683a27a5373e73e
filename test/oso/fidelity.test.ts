/**
 * Fidelity (issue 19): with an official example dossier as the pupil's source, the document the
 * bot makes carries exactly the source's data of the chosen categories and school years, and
 * nothing else; and it validates against the XSD, the official business rules, and those rules
 * with the templates below `leerling` switched on (the official file never applies them).
 *
 * The expected content is worked out here from the source tree with the rules written out
 * plainly (which element is which category, which date places an item in a school year), not
 * with the product's projection. The examples date from the 2015-2016 school year, so the bot's
 * clock is set in that year.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { optionalCategories, uitlevering, type CategoryCode } from '../../src/domain/categories';
import type { Pupil } from '../../src/domain/pupil';
import type { School } from '../../src/domain/school';
import type { AantalSchooljaren } from '../../src/domain/schooljaren';
import { soortenOverstapVoor, type SoortOverstap } from '../../src/domain/soortOverstap';
import { buildOsoDocument } from '../../src/domain/oso/buildOsoDocument';
import { listOsoProblems } from '../../src/domain/oso/checkOsoRules';
import { readOsoDocument, toJson } from '../../src/domain/oso/readOsoDocument';
import { child, childrenNamed, textOf, type XmlElementNode } from '../../src/domain/oso/xmlTree';
import { cleanText } from '../../src/domain/text/cleanText';
import { createOfficialValidator, RULES_FILE, XSD_FILE, type OfficialValidator } from '../../src/oso/officialValidator';
import { parseXml } from '../../src/oso/parseXml';
import { skipNote } from '../helpers/skipReason';
import { OSO_DIR, PAKKET, basisschool, makeDossier, officialFilesAvailable, voSchool } from './fixtures';

/** Mid school year 2015-2016: three school years are 2013-2014 up to 2015-2016. */
const TODAY = '2016-03-01';
const EXAMPLES_DIR = path.join(OSO_DIR, 'examples');
const EXAMPLES = officialFilesAvailable ? fs.readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.xml')).sort() : [];

interface Source {
  naam: string;
  /** The school the example comes from, as this bot's school: primary, or VO for the VOVO examples. */
  school: School;
  leerling: XmlElementNode;
  documentDatum: string;
  pupil: Pupil;
}

// ------------------------------------------------------------------ the rules, written out

/** Which category each element below leerling belongs to (the official validator's OPT-UIT checks). */
const CATEGORIE: Record<string, CategoryCode> = {
  verzorgersaansprakelijk: 'oudersverzorgers', aansprakelijkeinstelling: 'oudersverzorgers', verzorger: 'oudersverzorgers',
  overstapadvies: 'overstapadvies',
  vanpeuterspeelzaal: 'vve', naampeuterspeelzaal: 'vve', voorschools: 'vve', vroegschools: 'vve',
  schoolloopbaanlijst: 'schoolloopbaan',
  onderwijsondersteuning: 'onderwijsondersteuning',
  verzuim: 'verzuim',
  eindtoets_basisonderwijs: 'eindtoetsbo',
  toetslijst: 'toetsresultaten',
  cijferlijstlijst: 'cijferlijsten',
  overigdocumentlijst: 'bijlagedocs',
  bevorderd: 'vombo', examenresultaat: 'vombo', resultaatvakkenvo: 'vombo', certificaat: 'vombo', competenties: 'vombo', stage: 'vombo', overigvombo: 'vombo',
};
/** Forbidden in every overstapdossier (OVa.LL10, OVa.LL11). */
const VERBODEN = new Set(['geboorteplaats', 'nationaliteit']);

/** Start and end fields of support items; an item without an end still runs. */
const START = ['datum', 'startdatum', 'opp_ingangdatum', 'tlvingangdatum', 'arrangement_datum', 'lwoo_ingangdatum', 'rvcdatum'];
const EINDE = ['einddatum', 'opp_einddatum', 'tlveinddatum', 'arrangement_einddatum', 'lwoo_einddatum'];
const eerste = (el: XmlElementNode, namen: string[]): string | undefined => namen.map((n) => textOf(el, n)).find(Boolean);

interface Venster {
  van: string;
  tot: string;
}
const opDag = (d: string | undefined, v: Venster): boolean => d === undefined || (d >= v.van && d <= v.tot);
const overlapt = (van: string | undefined, tot: string | undefined, v: Venster): boolean => van === undefined || (van <= v.tot && (tot === undefined || tot >= v.van));

const metKinderen = (el: XmlElementNode, children: XmlElementNode[]): XmlElementNode => ({ ...el, children });

/** The source's leerling children that should go out, as [name, JSON] in document order. */
function verwacht(bron: Source, gekozen: (c: CategoryCode) => boolean, v: Venster): [string, unknown][] {
  const out: XmlElementNode[] = [];
  for (const el of bron.leerling.children) {
    if (VERBODEN.has(el.name)) continue;
    const cat = CATEGORIE[el.name];
    if (cat === undefined) {
      out.push(el); // the Leerling category, always
      continue;
    }
    if (el.name === 'onderwijsondersteuning') {
      const kept = el.children.filter((c) => (c.name === 'handelingsplan' ? gekozen('handelingsplannen') : gekozen('onderwijsondersteuning')) && overlapt(eerste(c, START), eerste(c, EINDE), v));
      if (kept.length > 0) out.push(metKinderen(el, kept));
      continue;
    }
    if (!gekozen(cat)) continue;
    switch (el.name) {
      case 'schoolloopbaanlijst': {
        const kept = el.children.filter((s) => {
          const jaar = textOf(s, 'schooljaar')!;
          return overlapt(`${jaar.slice(0, 4)}-08-01`, `${jaar.slice(5)}-07-31`, v);
        });
        if (kept.length > 0) out.push(metKinderen(el, kept));
        break;
      }
      case 'toetslijst': {
        const kept = el.children.filter((t) => opDag(textOf(child(t, 'afname'), 'afnamedatum'), v));
        if (kept.length > 0) out.push(metKinderen(el, kept));
        break;
      }
      case 'cijferlijstlijst': {
        const kept = el.children.filter((c) => opDag(textOf(c, 'afnamedatum'), v));
        if (kept.length > 0) out.push(metKinderen(el, kept));
        break;
      }
      case 'verzuim':
        if (opDag(bron.documentDatum, v)) out.push(el);
        break;
      case 'eindtoets_basisonderwijs':
        if (opDag(textOf(child(el, 'eindtoetsresultaat'), 'datum_afname'), v)) out.push(el);
        break;
      case 'examenresultaat':
        if (opDag(textOf(el, 'datumuitslag'), v)) out.push(el);
        break;
      case 'resultaatvakkenvo':
        if (opDag(textOf(el, 'datumafgerond'), v)) out.push(el);
        break;
      case 'stage':
        if (overlapt(textOf(el, 'begindatum'), textOf(el, 'einddatum'), v)) out.push(el);
        break;
      default:
        out.push(el);
    }
  }
  return groepeer(out);
}

/** [name, JSON] per element name (repeated names as one array), like toJson does for children; strings as the import cleans them. */
function groepeer(elements: XmlElementNode[]): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const el of elements) {
    const json = schoon(toJson(el));
    const last = out.at(-1);
    if (last && last[0] === el.name) last[1] = [...(Array.isArray(last[1]) ? last[1] : [last[1]]), json];
    else out.push([el.name, json]);
  }
  return out;
}
const schoon = (v: unknown): unknown =>
  typeof v === 'string' ? cleanText(v) : Array.isArray(v) ? v.map(schoon) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, w]) => [k, schoon(w)])) : v;

/** The contact fields are the conversation's, not the source's: compared apart. */
const CONTACT = ['contactnodig', 'contactpersoon', 'contacttelefoon', 'contactemail'];
function zonderContact(children: [string, unknown][]): [string, unknown][] {
  return children.map(([naam, v]) => (naam === 'overstapadvies' && v && typeof v === 'object' ? [naam, Object.fromEntries(Object.entries(v).filter(([k]) => !CONTACT.includes(k)))] : [naam, v]));
}

// ------------------------------------------------------------------ set-up

async function leesVoorbeeld(naam: string): Promise<Source> {
  const parsed = await parseXml(fs.readFileSync(path.join(EXAMPLES_DIR, naam)));
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  const read = readOsoDocument(parsed.root, { bestand: naam });
  if (!read.ok) throw new Error(read.problems.join('; '));
  const leerling = child(child(parsed.root, 'huidigeschool'), 'leerling')!;
  const vo = read.dossier.overstap === 'VOVO';
  return { naam, school: vo ? voSchool : basisschool, leerling, documentDatum: textOf(child(parsed.root, 'metadata'), 'datum')!, pupil: read.pupil };
}

/**
 * A copy of the official rules with the `xsl:apply-templates` below `leerling` restored (it is
 * commented out in the official file), so the advice, parent and test rules run too.
 */
function restoredRulesDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oso-rules-restored-'));
  fs.copyFileSync(path.join(OSO_DIR, XSD_FILE), path.join(dir, XSD_FILE));
  fs.cpSync(path.join(OSO_DIR, 'include'), path.join(dir, 'include'), { recursive: true });
  const rules = fs.readFileSync(path.join(OSO_DIR, RULES_FILE), 'utf8');
  const commentedOut = '\t\t<xsl:apply-templates/>-->\n  </xsl:template>\n  <xsl:template match="od:verzorger">';
  if (rules.split(commentedOut).length !== 2) throw new Error('the official rules changed: the commented-out apply-templates below leerling is not where it was');
  fs.writeFileSync(path.join(dir, RULES_FILE), rules.replace(commentedOut, '-->\n    <xsl:apply-templates/>\n  </xsl:template>\n  <xsl:template match="od:verzorger">'));
  return dir;
}

interface Keuze {
  voorbeeld: number;
  soort: number;
  categorieen: boolean[];
  jaren: AantalSchooljaren;
}

describe.skipIf(!officialFilesAvailable)(`fidelity: the official examples as source${skipNote(!officialFilesAvailable, 'the official OSO-gegevensset files are not in ../shared/oso-gegevensset')}`, () => {
  let official: OfficialValidator;
  let restored: OfficialValidator;
  let restoredDir: string;
  let bronnen: Source[];

  beforeAll(async () => {
    restoredDir = restoredRulesDir();
    [official, restored, bronnen] = await Promise.all([
      createOfficialValidator(OSO_DIR),
      createOfficialValidator(restoredDir, { cacheDir: path.join(restoredDir, 'cache') }),
      Promise.all(EXAMPLES.map(leesVoorbeeld)),
    ]);
  }, 120_000);
  afterAll(() => {
    official?.close();
    restored?.close();
    if (restoredDir) fs.rmSync(restoredDir, { recursive: true, force: true });
  });

  /** Makes the dossier for these choices, checks it, and compares its leerling with the source. */
  async function check(bron: Source, school: School, soort: SoortOverstap, categorieen: CategoryCode[], jaren: AantalSchooljaren): Promise<void> {
    const dossier = makeDossier(bron.pupil, {
      soortOverstap: soort,
      categorieen,
      aantalSchooljaren: jaren,
      inzage: { gehad: true, datum: '2016-02-20', medewerker: 'Juf Test' },
      ...(soort === 'POVO' ? { schooladvies: '20' } : {}),
      ...(soort === 'VOVO' ? { toestemming: 'Ja' as const } : {}),
    });
    const input = { dossier, pupil: bron.pupil, school, today: TODAY, pakket: PAKKET };
    const label = `${bron.naam} as ${soort}, [${categorieen.join(', ')}], ${jaren} jaar`;
    const start = Number(TODAY.slice(0, 4)) - (TODAY.slice(5) < '08-01' ? 1 : 0);
    const venster = { van: `${start - jaren + 1}-08-01`, tot: `${start + 1}-07-31` };

    // A source without parents or without a school career in these years cannot make a valid
    // dossier: the bot names exactly that (in Dutch) instead of making something up.
    const loopbaan = childrenNamed(child(bron.leerling, 'schoolloopbaanlijst'), 'schoolloopbaan').map((s) => textOf(s, 'schooljaar')!);
    const ontbreekt = [
      ...(childrenNamed(bron.leerling, 'verzorger').length === 0 ? ['verzorger'] : []),
      ...(loopbaan.some((j) => overlapt(`${j.slice(0, 4)}-08-01`, `${j.slice(5)}-07-31`, venster)) ? [] : ['schoolloopbaan']),
    ];
    const problems = listOsoProblems(input);
    expect(problems.map((p) => p.code), label).toEqual(ontbreekt);
    if (ontbreekt.length > 0) {
      expect(problems.every((p) => /Esis/.test(p.message))).toBe(true);
      return;
    }
    const xml = buildOsoDocument(input);
    expect(official.validate(xml), label).toEqual({ xsdErrors: [], ruleErrors: [] });
    expect(restored.validate(xml), label).toEqual({ xsdErrors: [], ruleErrors: [] });

    const parsed = await parseXml(xml);
    if (!parsed.ok) throw new Error(parsed.problems.join('; '));
    const leerling = child(child(parsed.root, 'huidigeschool'), 'leerling')!;
    const u = uitlevering(soort, categorieen);
    const gekozen = (c: CategoryCode): boolean => u[c] === 'VERPLICHT' || u[c] === 'OPTIONEEL';
    expect(zonderContact(groepeer(leerling.children)), label).toEqual(zonderContact(verwacht(bron, gekozen, venster)));

    // The contact for the new school is the one given in the conversation.
    const advies = child(leerling, 'overstapadvies')!;
    expect(textOf(advies, 'contactpersoon')).toBe(dossier.contactpersoon.naam);
    expect(textOf(advies, 'contacttelefoon')).toBe(dossier.contactpersoon.telefoon);
    expect(textOf(advies, 'contactnodig')).toBe(String(dossier.contactGewenst));
    expect(childrenNamed(leerling, 'verzorger').length).toBe(childrenNamed(bron.leerling, 'verzorger').length);
  }

  it('the restored copy also runs the rules below leerling that the official file skips (contact needed without a contact person)', () => {
    const povo = fs.readFileSync(path.join(EXAMPLES_DIR, 'Voorbeelddossier_OV_POVO_full.xml'), 'utf8');
    const zonder = povo.replace(/<contactpersoon>[^<]*<\/contactpersoon>/, '');
    expect(zonder).not.toBe(povo);
    expect(official.validate(zonder)).toEqual({ xsdErrors: [], ruleErrors: [] });
    expect(restored.validate(zonder).ruleErrors.join('\n')).toMatch(/Contactpersoon verplicht als contact nodig is/);
  });

  it('reads all eight official examples as pupils', () => {
    expect(bronnen.map((b) => b.naam)).toEqual(EXAMPLES);
    expect(EXAMPLES).toHaveLength(8);
  });

  it('every example from its own kind of school, every soort that school may send, all categories and three years: valid, and the source content exactly', async () => {
    for (const bron of bronnen) {
      for (const soort of soortenOverstapVoor(bron.school.soort)) {
        await check(bron, bron.school, soort, optionalCategories(soort).map((c) => c.code), 3);
      }
    }
  }, 300_000);

  it('generated choices of example, soort, categories and 1-3 years: valid, and exactly the chosen part', async () => {
    const keuze: fc.Arbitrary<Keuze> = fc.record({
      voorbeeld: fc.nat({ max: 7 }),
      soort: fc.nat({ max: 5 }),
      categorieen: fc.array(fc.boolean(), { minLength: 16, maxLength: 16 }),
      jaren: fc.constantFrom(1 as const, 2 as const, 3 as const),
    });
    await fc.assert(
      fc.asyncProperty(keuze, async (k) => {
        const bron = bronnen[k.voorbeeld % bronnen.length]!;
        const school = bron.school;
        const soorten = soortenOverstapVoor(school.soort);
        const soort = soorten[k.soort % soorten.length]!;
        const categorieen = optionalCategories(soort).map((c) => c.code).filter((_, i) => k.categorieen[i]);
        await check(bron, school, soort, categorieen, k.jaren);
      }),
      { numRuns: 30, seed: 20261202 },
    );
  }, 300_000);
});
