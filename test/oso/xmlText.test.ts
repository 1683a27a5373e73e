/**
 * Issue 17: what staff typed reaches the receiver exactly as typed. Text that looks like XML
 * markup ("&bogus;", "&#0;", "&lt;b&gt;", "<b>") is escaped, so a real XML parser (libxml2, the
 * official check's parser) reads the document and gets back exactly the typed characters.
 */
import { describe, expect, it } from 'vitest';
import { buildOsoDocument } from '../../src/domain/oso/buildOsoDocument';
import { OSO_NAMESPACE } from '../../src/domain/oso/osoCodes';
import { listOsoProblems } from '../../src/domain/oso/checkOsoRules';
import { loadLibxml2 } from '../../src/oso/officialValidator';
import { wellFormedProblem } from '../../src/oso/wellFormed';
import { PAKKET, TODAY, anna, basisschool, makeDossier } from './fixtures';

const TRICKY = ['&bogus;', '&#0;', '&lt;b&gt;', '<b>vet</b>', 'A & B', '&amp;', ']]>', '&#x41;'];

interface Node { content: string }
interface Doc {
  find(xpath: string, ns: Record<string, string>): Node[];
  dispose(): void;
}

async function textsOf(xml: string, element: string): Promise<string[]> {
  const lib = await loadLibxml2();
  const doc = lib.XmlDocument.fromString(xml) as unknown as Doc;
  try {
    return doc.find(`//o:${element}`, { o: OSO_NAMESPACE }).map((n) => n.content);
  } finally {
    doc.dispose();
  }
}

describe('OSO document text is escaped exactly', () => {
  it.each(TRICKY)('%s in contact name, reason for akkoord Nee, pupil and school name reads back as typed', async (typed) => {
    const pupil = { ...anna, voornamen: [`Anna${typed}`], achternaam: `Berg ${typed}` };
    const school = { ...basisschool, naam: `School ${typed}` };
    const dossier = makeDossier(pupil, {
      categorieen: ['overstapadvies'],
      akkoord: 'Nee',
      redenNietAkkoord: `Ouders: ${typed}`,
      contactpersoon: { naam: `Juf ${typed}`, telefoon: '0201234568', email: 'juf.test@example.com' },
    });
    const input = { dossier, pupil, school, today: TODAY, pakket: PAKKET };
    expect(listOsoProblems(input)).toEqual([]);
    const xml = buildOsoDocument(input);

    expect(await wellFormedProblem(xml)).toBeUndefined();
    expect(await textsOf(xml, 'contactpersoon')).toEqual([`Juf ${typed}`]);
    expect(await textsOf(xml, 'redennietakkoord')).toEqual([`Ouders: ${typed}`]);
    expect((await textsOf(xml, 'voornaam'))[0]).toBe(`Anna${typed}`);
    expect((await textsOf(xml, 'achternaam'))[0]).toBe(`Berg ${typed}`);
    expect((await textsOf(xml, 'naam'))[0]).toBe(`School ${typed}`);
  });
});

describe('wellFormedProblem', () => {
  it('names the line where a broken document stops, and accepts only an OSO dossier root', async () => {
    expect(await wellFormedProblem('<?xml version="1.0"?>\n<dossier xmlns="' + OSO_NAMESPACE + '">\n<a>&bogus;</a></dossier>')).toMatchObject({ line: 3 });
    expect(await wellFormedProblem('<dossier xmlns="' + OSO_NAMESPACE + '">x\u0001</dossier>')).toBeDefined();
    expect(await wellFormedProblem('<dossier>ok</dossier>')).toMatchObject({ detail: expect.stringContaining('not an OSO dossier') });
    expect(await wellFormedProblem('<dossier xmlns="' + OSO_NAMESPACE + '"/>')).toBeUndefined();
  });
});
