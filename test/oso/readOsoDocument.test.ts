/**
 * Issue 19, "the source can be complete": each official example dossier, read as a pupil
 * source, gives a pupil holding the document's values. The expectations are read from the
 * same file independently, with XPath, so the test compares structure against structure.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OSO_NAMESPACE } from '../../src/domain/oso/osoCodes';
import { readOsoDocument } from '../../src/domain/oso/readOsoDocument';
import { RELATIES } from '../../src/domain/pupil';
import { loadLibxml2 } from '../../src/oso/officialValidator';
import { parseXml } from '../../src/oso/parseXml';
import { buildOsoDocument } from '../../src/domain/oso/buildOsoDocument';
import { anna, basisschool, makeDossier, OSO_DIR, PAKKET, TODAY } from './fixtures';

const EXAMPLES = path.join(OSO_DIR, 'examples');
const present = fs.existsSync(EXAMPLES);
const files = present ? fs.readdirSync(EXAMPLES).filter((f) => f.endsWith('.xml')).sort() : [];

interface XNode { content: string }
interface XDoc { find(xpath: string, ns: Record<string, string>): XNode[]; get(xpath: string, ns: Record<string, string>): XNode | null; dispose(): void }

async function xpathReader(file: string) {
  const libxml2 = (await loadLibxml2()) as unknown as { XmlDocument: { fromBuffer(b: Uint8Array): XDoc } };
  const doc = libxml2.XmlDocument.fromBuffer(fs.readFileSync(file));
  const ns = { o: OSO_NAMESPACE };
  const L = '/o:dossier/o:huidigeschool/o:leerling';
  return {
    all: (xp: string) => doc.find(xp.replace(/^L/, L), ns).map((n) => n.content.trim()),
    one: (xp: string) => doc.get(xp.replace(/^L/, L), ns)?.content.trim(),
    count: (xp: string) => doc.find(xp.replace(/^L/, L), ns).length,
    nodes: (xp: string) => doc.find(xp.replace(/^L/, L), ns),
    dispose: () => doc.dispose(),
  };
}

describe.skipIf(!present)('readOsoDocument on the official example dossiers', () => {
  it('finds the 8 examples', () => {
    expect(files).toHaveLength(8);
  });

  it.each(files)('%s: the pupil holds the document\'s values', async (name) => {
    const file = path.join(EXAMPLES, name);
    const xml = await parseXml(fs.readFileSync(file));
    if (!xml.ok) throw new Error(xml.problems.join('\n'));
    const read = readOsoDocument(xml.root, { bestand: name });
    if (!read.ok) throw new Error(read.problems.join('\n'));
    const p = read.pupil;
    const x = await xpathReader(file);
    try {
      expect(p.leerlingnummer).toBe(x.one('L/o:bsn') ?? x.one('L/o:onderwijsnummer'));
      expect(p.voornamen).toEqual(x.all('L/o:voornaam'));
      expect(p.achternaam).toBe(x.one('L/o:achternaam'));
      expect(p.voorvoegsel).toBe(x.one('L/o:voorvoegsel'));
      expect(p.roepnaam).toBe(x.one('L/o:roepnaam'));
      expect(p.geboortedatum).toBe(x.one('L/o:geboortedatum'));
      expect(p.leerlingId).toBe(x.one('L/o:leerlingid'));
      expect(p.datumInschrijving).toBe(x.one('L/o:datuminschrijving'));
      expect(p.adres?.straat).toBe(x.one('L/o:adreslijst/o:adres[1]/o:straat'));

      // Parents: name, relation (codelijst 41) and legal representation, in document order.
      const verzorgers = x.count('L/o:verzorger');
      expect(p.verzorgers).toHaveLength(verzorgers);
      p.verzorgers.forEach((v, i) => {
        const at = `L/o:verzorger[${i + 1}]`;
        expect(v.achternaam).toBe(x.one(`${at}/o:achternaam`));
        expect(v.voornamen).toEqual(x.all(`${at}/o:voornaam`));
        expect(v.relatie).toBe(RELATIES[Number(x.one(`${at}/o:relatietotkind`)) - 1]);
        expect(v.wettigVertegenwoordiger).toBe(x.one(`${at}/o:wettigevertegenwoordiger`) === 'true');
      });

      // Schoolloopbaan: one row per element, with its school year, group and dates.
      expect(p.schoolloopbaan.map((s) => [s.schooljaar, s.groep, s.begindatum, s.einddatum])).toEqual(
        x.nodes('L/o:schoolloopbaanlijst/o:schoolloopbaan').map((_, i) => {
          const at = `L/o:schoolloopbaanlijst/o:schoolloopbaan[${i + 1}]`;
          return [x.one(`${at}/o:schooljaar`), x.one(`${at}/o:groepscode`), x.one(`${at}/o:begindatum`), x.one(`${at}/o:einddatum`)];
        }),
      );
      if (p.schoolloopbaan.length > 0) expect(p.groep).toBe(p.schoolloopbaan.at(-1)!.groep);

      expect(p.overstapadvies?.advies).toBe(x.one('L/o:overstapadvies/o:advies'));
      expect(p.overstapadvies?.wensOuders).toBe(x.one('L/o:overstapadvies/o:wensouders'));
      expect(p.overstapadvies?.argumentatie).toBe(x.one('L/o:overstapadvies/o:argumentatie'));

      expect(p.eindtoets?.naam).toBe(x.one('L/o:eindtoets_basisonderwijs/o:eindtoetsresultaat/o:toetsomschrijving'));
      expect(p.eindtoets?.score).toBe(x.one('L/o:eindtoets_basisonderwijs/o:eindtoetsresultaat/o:standaardscore'));
      expect(p.eindtoets?.advies).toBe(x.one('L/o:eindtoets_basisonderwijs/o:eindtoetsresultaat/o:toets_advies'));

      expect(p.toetsresultaten).toHaveLength(x.count('L/o:toetslijst/o:toets'));

      const uren = x.one('L/o:verzuim/o:urengeoorloofd');
      const dagdelen = x.one('L/o:verzuim/o:dagdelengeoorloofd');
      if (uren ?? dagdelen) {
        expect(p.verzuim).toHaveLength(1);
        expect(p.verzuim[0]!.geoorloofdUren).toBe(Number(uren ?? dagdelen));
        expect(p.verzuim[0]!.ongeoorloofdUren).toBe(Number(x.one(uren ? 'L/o:verzuim/o:urenongeoorloofd' : 'L/o:verzuim/o:dagdelenongeoorloofd')));
        expect(p.verzuim[0]!.eenheid).toBe(uren ? 'uren' : 'dagdelen');
      } else expect(p.verzuim).toEqual([]);

      expect(p.ondersteuning).toHaveLength(x.count('L/o:onderwijsondersteuning/o:handelingsplan') + x.count('L/o:onderwijsondersteuning/o:opp'));
      expect(p.documenten?.map((d) => d.bestandsnaam)).toEqual(x.all('L//o:document/o:bestandsnaam'));

      // Everything else is kept as it came: VVE, cijfers, VO-MBO and the leerling's own extras.
      const bron = p.osoBron!;
      expect(bron.bestand).toBe(name);
      expect(bron.school.brin).toBe(x.one('/o:dossier/o:huidigeschool/o:brincode'));
      const keptNames = new Set([...Object.keys(bron.leerling), ...Object.values(bron.categorieen).flatMap((c) => Object.keys(c!))]);
      const docNames = new Set(x.nodes('L/*').map((n) => (n as unknown as { name: string }).name));
      expect(keptNames).toEqual(docNames);
      if (x.count('L/o:voorschools') > 0) expect(bron.categorieen.vve?.voorschools).toBeDefined();
      if (x.count('L/o:cijferlijstlijst') > 0) {
        expect(JSON.stringify(bron.categorieen.cijferlijsten)).toContain(x.one('L/o:cijferlijstlijst/o:cijferlijst[1]//o:onderdeel[1]/o:naam')!);
      }
    } finally {
      x.dispose();
    }
  });
});

describe('readOsoDocument refuses what is no pupil source', () => {
  it('a document that is not well-formed, with its line', async () => {
    const xml = await parseXml('<dossier xmlns="http://www.edustandaard.nl/oso_gegevensset/2019/dossier"><metadata></dossier>');
    expect(xml.ok).toBe(false);
    if (!xml.ok) expect(xml.problems[0]).toMatch(/^regel 1: /);
  });

  it('another XML document, an impossible birth date and a bad BSN, in Dutch', async () => {
    const other = await parseXml('<roster><leerling/></roster>');
    expect(other.ok && readOsoDocument(other.root)).toMatchObject({ ok: false, problems: [expect.stringMatching(/^Dit is geen OSO-dossier/)] });
    const doc = `<dossier xmlns="${OSO_NAMESPACE}"><metadata><standaardversie>2019.1</standaardversie></metadata><huidigeschool><leerling>`
      + '<voornaam>Jan</voornaam><achternaam>Jansen</achternaam><geboortedatum>2015-02-31</geboortedatum><bsn>123456789</bsn></leerling></huidigeschool></dossier>';
    const parsed = await parseXml(doc);
    const read = parsed.ok ? readOsoDocument(parsed.root) : undefined;
    expect(read).toEqual({ ok: false, problems: ['het BSN *****6789 is niet geldig', 'geboortedatum 2015-02-31 bestaat niet'] });
    const naamloos = await parseXml(doc.replace('<voornaam>Jan</voornaam><achternaam>Jansen</achternaam>', '').replace('123456789', '999990007').replace('2015-02-31', '2015-02-28'));
    expect(naamloos.ok && readOsoDocument(naamloos.root)).toEqual({
      ok: false,
      problems: ['de achternaam van de leerling ontbreekt', 'de leerling heeft geen voornaam, roepnaam of voorletters'],
    });
  });

  it('does not read external entities (XXE) and survives entity expansion', async () => {
    const xxe = await parseXml(`<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><d>a&x;b</d>`);
    expect(xxe.ok && xxe.root.text).toBe('ab');
    const laughs = '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">' + Array.from({ length: 9 }, (_, i) => `<!ENTITY ${String.fromCharCode(98 + i)} "${`&${String.fromCharCode(97 + i)};`.repeat(10)}">`).join('') + ']><d>&j;</d>';
    const bomb = await parseXml(laughs);
    // Either refused or left unexpanded; never a gigabyte of text.
    expect(bomb.ok ? bomb.root.text.length : 0).toBeLessThan(1_000_000);
  });
});

describe('readOsoDocument on the bot\'s own documents', () => {
  it('reads back what the bot itself writes: a dossier made here can be received by another school running this bot', async () => {
    const dossier = makeDossier(anna, { soortOverstap: 'POVO', categorieen: ['verzuim', 'toetsresultaten'] });
    const xml = await parseXml(buildOsoDocument({ dossier, pupil: anna, school: basisschool, today: TODAY, pakket: PAKKET }));
    const read = xml.ok ? readOsoDocument(xml.root) : undefined;
    if (!read?.ok) throw new Error(JSON.stringify(read));
    const p = read.pupil;
    expect([p.leerlingnummer, p.voornamen, p.voorvoegsel, p.achternaam, p.geboortedatum, p.geslacht]).toEqual([
      anna.leerlingnummer, anna.voornamen, anna.voorvoegsel, anna.achternaam, anna.geboortedatum, anna.geslacht,
    ]);
    expect(p.verzorgers.map((v) => [v.achternaam, v.relatie, v.wettigVertegenwoordiger])).toEqual(anna.verzorgers.map((v) => [v.achternaam, v.relatie, v.wettigVertegenwoordiger]));
    expect(p.overstapadvies?.advies).toBe(anna.overstapadvies?.advies);
    expect(read.dossier).toMatchObject({ overstap: 'POVO', school: { brin: '12AB', naam: basisschool.naam } });
    // Three school years of the five, as the dossier asked.
    expect(p.schoolloopbaan.map((s) => s.schooljaar)).toEqual(['2023-2024', '2024-2025', '2025-2026']);
  });
});

