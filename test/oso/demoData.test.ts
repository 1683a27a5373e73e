/**
 * Every demo pupil (src/demo/demoData.ts) gives a valid OSO document for POPO, POVO and VOVO,
 * with no and with all optional categories, for 1–3 school years. POVO needs a DUO advice
 * code; a demo pupil without one must be refused for exactly that reason, never let through,
 * and with a code filled in its document must then be valid.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { optionalCategories } from '../../src/domain/categories';
import type { Pupil } from '../../src/domain/pupil';
import type { School } from '../../src/domain/school';
import type { AantalSchooljaren } from '../../src/domain/schooljaren';
import { SOORTEN_OVERSTAP, type SoortOverstap } from '../../src/domain/soortOverstap';
import { buildOsoDocument } from '../../src/domain/oso/buildOsoDocument';
import { listOsoProblems } from '../../src/domain/oso/checkOsoRules';
import { createOfficialValidator, type OfficialValidator } from '../../src/oso/officialValidator';
import { OSO_DIR, PAKKET, SKIP_MESSAGE, makeDossier, officialFilesAvailable, repoRoot } from './fixtures';
import { skipNote } from '../helpers/skipReason';

const demoFile = path.join(repoRoot, 'src/demo/demoData.ts');
const demoPresent = fs.existsSync(demoFile);
// Mid school year for every soort; the first day of a school year (a fresh, one-year career) for POPO.
const RUNS: [string, SoortOverstap][] = [...SOORTEN_OVERSTAP.map((s) => ['2026-03-16', s] as [string, SoortOverstap]), ['2026-08-01', 'POPO']];
// None or all optional categories, with few and with many school years.
const SHAPES: [boolean, AantalSchooljaren][] = [[false, 3], [true, 1], [true, 3]];

describe.skipIf(!officialFilesAvailable || !demoPresent)(`OSO documents of the demo pupils${skipNote(!officialFilesAvailable || !demoPresent, officialFilesAvailable ? `no demo data at ${demoFile}` : 'the official OSO-gegevensset files are not in ../shared/oso-gegevensset')}`, () => {
  let validator: OfficialValidator;
  let demo: (today: string) => { school: School; pupils: Pupil[] };
  beforeAll(async () => {
    validator = await createOfficialValidator(OSO_DIR);
    // Loaded by path: the demo data is another module's, and may not exist in every checkout.
    const specifier = demoFile;
    demo = ((await import(specifier)) as { demoData: typeof demo }).demoData;
  });
  afterAll(() => validator?.close());

  it.each(RUNS)('on %s, %s: every demo pupil validates (for POVO once it has an advice code)', (today, soort) => {
    const { school, pupils } = demo(today);
    expect(pupils.length).toBeGreaterThan(0);
    const refused = new Set<string>();
    for (const pupil of pupils) {
      for (const [alle, aantalSchooljaren] of SHAPES) {
        const categorieen = alle ? optionalCategories(soort).map((c) => c.code) : [];
        const dossier = makeDossier(pupil, { soortOverstap: soort, categorieen, aantalSchooljaren });
        let input = { dossier, pupil, school, today };
        const problems = listOsoProblems(input);
        if (problems.length > 0) {
          expect(soort, `${pupil.achternaam}: ${problems.map((p) => p.message).join(' | ')}`).toBe('POVO');
          expect(problems.map((p) => p.code)).toEqual(['advies']);
          refused.add(pupil.leerlingnummer);
          // The rest of the pupil's POVO document must still be right once Esis has the code.
          input = { ...input, pupil: { ...pupil, overstapadvies: { ...pupil.overstapadvies, advies: '60' } } };
          expect(listOsoProblems(input)).toEqual([]);
        }
        const result = validator.validate(buildOsoDocument({ ...input, pakket: PAKKET }));
        expect(result, `${pupil.achternaam} ${soort} ${categorieen.length} cat. ${aantalSchooljaren} jaar`).toEqual({ xsdErrors: [], ruleErrors: [] });
      }
    }
    if (refused.size > 0) console.info(`${soort} refused (no DUO advice code in the demo data): ${refused.size} of ${pupils.length} demo pupils`);
  });
});

// The skipped describe above shows in the report; this says why.
if (!officialFilesAvailable || !demoPresent) console.warn(officialFilesAvailable ? `skipped: no demo data at ${demoFile}` : SKIP_MESSAGE);
