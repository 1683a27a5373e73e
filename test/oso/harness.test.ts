/**
 * Proves the validation harness itself: the standard's own example dossiers pass both the XSD
 * and the business-rule validator, and documents that break the rules are reported.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOfficialValidator, type OfficialValidator } from '../../src/oso/officialValidator';
import { OSO_DIR, officialFilesAvailable, SKIP_MESSAGE } from './fixtures';
import { skipNote } from '../helpers/skipReason';

const examplesDir = path.join(OSO_DIR, 'examples');
const examples = officialFilesAvailable ? fs.readdirSync(examplesDir).filter((f) => f.endsWith('.xml')).sort() : [];
const example = (name: string): string => fs.readFileSync(path.join(examplesDir, name), 'utf8');

describe.skipIf(!officialFilesAvailable)(`official OSO validator harness${skipNote(!officialFilesAvailable, 'the official OSO-gegevensset files are not in ../shared/oso-gegevensset')}`, () => {
  let validator: OfficialValidator;
  beforeAll(async () => {
    validator = await createOfficialValidator(OSO_DIR);
  });
  afterAll(() => validator?.close());

  it('finds all eight example dossiers', () => {
    expect(examples).toHaveLength(8);
  });

  it.each(examples)('example %s passes the XSD and the validator', (name) => {
    expect(validator.validate(example(name))).toEqual({ xsdErrors: [], ruleErrors: [] });
  });

  it('reports a dossier the parents have not seen (inzage false)', () => {
    const xml = example('Voorbeelddossier_OV_POPO_opt_out.xml').replace('<inzage>true</inzage>', '<inzage>false</inzage>');
    const { xsdErrors, ruleErrors } = validator.validate(xml);
    expect(xsdErrors).toEqual([]);
    expect(ruleErrors).toEqual([expect.stringContaining("'Inzage ouders' moet waarde \"Ja\" (true) bevatten")]);
  });

  it('reports data of a category that is VERBODEN', () => {
    // The POPO full example carries VVE data; for POVO that category is forbidden.
    const full = example('Voorbeelddossier_OV_POPO_full.xml');
    expect(full).toContain('<voorschools>');
    const xml = full.replace(/<cat_vve>[A-Z-]+<\/cat_vve>/, '<cat_vve>VERBODEN</cat_vve>');
    const { ruleErrors } = validator.validate(xml);
    expect(ruleErrors).toContainEqual(expect.stringMatching(/categorie "VVE" bevatten wanneer deze categorie is verboden/));
  });

  it('reports data of an optional category that was left out (OPT-UIT)', () => {
    const xml = example('Voorbeelddossier_OV_POPO_full.xml').replace(/<cat_verzuim>[A-Z-]+<\/cat_verzuim>/, '<cat_verzuim>OPT-UIT</cat_verzuim>');
    expect(validator.validate(xml).ruleErrors).toContainEqual(expect.stringContaining('"Verzuim" bevatten wanneer deze categorie is uitgezet'));
  });

  it('reports elements out of XSD order and text that is not XML', () => {
    const swapped = example('Voorbeelddossier_OV_POPO_opt_out.xml').replace(
      '<pakketnaam>LeerlingInZicht</pakketnaam>\n    <pakketversie>1</pakketversie>',
      '<pakketversie>1</pakketversie>\n    <pakketnaam>LeerlingInZicht</pakketnaam>',
    );
    expect(validator.validate(swapped).xsdErrors).toContainEqual(expect.stringMatching(/pakketversie/));
    expect(validator.validate('<dossier>').xsdErrors).toHaveLength(1);
  });
});

// The skipped describe above shows in the report; this says why.
if (!officialFilesAvailable) console.warn(SKIP_MESSAGE);
