import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CATEGORIES,
  CATEGORY_CODES,
  category,
  checkChosenCategories,
  optionalCategories,
  parseCategorySelection,
  requiredCategories,
  uitlevering,
  type CategoryCode,
} from '../../src/domain/categories';
import type { SoortOverstap } from '../../src/domain/soortOverstap';
import { skipNote } from '../helpers/skipReason';

const REQUIRED = ['metadata', 'ouderinzage', 'school', 'leerling', 'oudersverzorgers', 'schoolloopbaan', 'overstapadvies'];
const codes = (cs: readonly { code: CategoryCode }[]): CategoryCode[] => cs.map((c) => c.code);

describe('category profiles per soort overstap', () => {
  it.each(['POPO', 'POVO', 'VOVO'] as const)('%s: the seven required categories', (soort) => {
    expect(codes(requiredCategories(soort))).toEqual(REQUIRED);
  });

  it('POPO offers VVE but not VO-MBO', () => {
    expect(codes(optionalCategories('POPO'))).toEqual([
      'vve', 'onderwijsondersteuning', 'verzuim', 'eindtoetsbo', 'toetsresultaten', 'handelingsplannen', 'cijferlijsten', 'bijlagedocs',
    ]);
  });

  it('POVO offers neither VVE nor VO-MBO', () => {
    expect(codes(optionalCategories('POVO'))).toEqual([
      'onderwijsondersteuning', 'verzuim', 'eindtoetsbo', 'toetsresultaten', 'handelingsplannen', 'cijferlijsten', 'bijlagedocs',
    ]);
  });

  it('VOVO offers VO-MBO but not VVE', () => {
    expect(codes(optionalCategories('VOVO'))).toEqual([
      'onderwijsondersteuning', 'verzuim', 'eindtoetsbo', 'toetsresultaten', 'handelingsplannen', 'cijferlijsten', 'vombo', 'bijlagedocs',
    ]);
  });

  it('required and optional never overlap and every category has a name, explanation and element', () => {
    for (const soort of ['POPO', 'POVO', 'VOVO'] as const) {
      const req = new Set(codes(requiredCategories(soort)));
      expect(codes(optionalCategories(soort)).filter((c) => req.has(c))).toEqual([]);
    }
    expect(codes(CATEGORIES)).toEqual([...CATEGORY_CODES]);
    for (const c of CATEGORIES) {
      expect(c.naam.trim()).not.toBe('');
      expect(c.uitleg.trim()).not.toBe('');
      expect(c.element).toBe(`cat_${c.code}`);
    }
    expect(category('vombo').naam).toBe('VO-MBO');
    expect(category('eindtoetsbo').naam).toBe('Eindtoets BO');
  });
});

describe('parseCategorySelection', () => {
  it('reads numbers from the offered list: "1, 3 en 5"', () => {
    expect(parseCategorySelection('1, 3 en 5', 'POPO')).toEqual({ ok: true, value: ['vve', 'verzuim', 'toetsresultaten'] });
  });

  it('numbers refer to the list for that soort (1 is Onderwijsondersteuning for VOVO)', () => {
    expect(parseCategorySelection('1, 3 en 5', 'VOVO')).toEqual({
      ok: true,
      value: ['onderwijsondersteuning', 'eindtoetsbo', 'handelingsplannen'],
    });
  });

  it.each(['1 3 5', '1;3;5', '1 & 3 + 5', '5, 3, 1', '1,1,3,5'])('other ways to type 1, 3 and 5: %j', (input) => {
    expect(parseCategorySelection(input, 'POPO')).toEqual({ ok: true, value: ['vve', 'verzuim', 'toetsresultaten'] });
  });

  it('reads names, case- and punctuation-insensitive, in list order', () => {
    expect(parseCategorySelection('Toetsresultaten en verzuim', 'POPO')).toEqual({ ok: true, value: ['verzuim', 'toetsresultaten'] });
    expect(parseCategorySelection('eindtoets bo, VVE', 'POPO')).toEqual({ ok: true, value: ['vve', 'eindtoetsbo'] });
    expect(parseCategorySelection('vo-mbo', 'VOVO')).toEqual({ ok: true, value: ['vombo'] });
    expect(parseCategorySelection('2 en bijlagedocs.', 'POPO')).toEqual({ ok: true, value: ['onderwijsondersteuning', 'bijlagedocs'] });
  });

  it.each(['alle', 'Alle', 'allemaal', 'alles!'])('%j chooses every optional category of the soort', (input) => {
    expect(parseCategorySelection(input, 'POVO')).toEqual({ ok: true, value: codes(optionalCategories('POVO')) });
    expect(parseCategorySelection(input, 'VOVO')).toEqual({ ok: true, value: codes(optionalCategories('VOVO')) });
  });

  it.each(['geen', 'Geen', 'niets', 'niks'])('%j chooses none', (input) => {
    expect(parseCategorySelection(input, 'POPO')).toEqual({ ok: true, value: [] });
  });

  it('a required category named by the user is simply already included', () => {
    expect(parseCategorySelection('leerling, verzuim', 'POPO')).toEqual({ ok: true, value: ['verzuim'] });
  });

  it.each([
    ['9', 'POPO', 8],
    ['0', 'POPO', 8],
    ['8', 'POVO', 7],
    ['1, 12', 'VOVO', 8],
  ] as const)('refuses number %j for %s: out of range', (input, soort, max) => {
    const r = parseCategorySelection(input, soort);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem.code).toBe('nummer');
      expect(r.problem.message).toContain('Er is geen categorie');
      expect(r.problem.message).toContain(`1 tot en met ${max}`);
    }
  });

  it('refuses an unknown name, quoting it, with an example', () => {
    const r = parseCategorySelection('verzuim, rapporten', 'POPO');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem.code).toBe('naam');
      expect(r.problem.message).toContain('"rapporten" ken ik niet als categorie');
      expect(r.problem.message).toContain('1, 3 en 5');
    }
  });

  it.each([
    ['VVE', 'POVO'],
    ['vve', 'VOVO'],
    ['VO-MBO', 'POPO'],
    ['vombo', 'POVO'],
  ] as const)('refuses %s for %s: forbidden by the profile', (input, soort) => {
    const r = parseCategorySelection(input, soort);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem.code).toBe('verboden');
      expect(r.problem.message).toMatch(new RegExp(`(VVE|VO-MBO) mag niet worden meegestuurd bij ${soort}`));
    }
  });

  it.each(['', '  ', ',', ' en '])('an empty answer (%j) asks for numbers, names, alle or geen', (input) => {
    const r = parseCategorySelection(input, 'POPO');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem.code).toBe('leeg');
      expect(r.problem.message).toContain('"alle" of "geen"');
    }
  });
});

describe('checkChosenCategories', () => {
  it('keeps only optional categories, in list order', () => {
    expect(checkChosenCategories('POPO', ['verzuim', 'metadata', 'vve'])).toEqual({ ok: true, value: ['vve', 'verzuim'] });
  });

  it('refuses a forbidden category', () => {
    const r = checkChosenCategories('POVO', ['verzuim', 'vve']);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem.code).toBe('verboden');
      expect(r.problem.message).toBe('VVE mag niet worden meegestuurd bij POVO.');
    }
  });
});

describe('uitlevering (categorie_uitlevering)', () => {
  it('POPO with Verzuim chosen', () => {
    const u = uitlevering('POPO', ['verzuim']);
    expect(Object.keys(u)).toEqual([...CATEGORY_CODES]);
    for (const code of REQUIRED) expect(u[code as CategoryCode]).toBe('VERPLICHT');
    expect(u.verzuim).toBe('OPTIONEEL');
    expect(u.vve).toBe('OPT-UIT');
    expect(u.toetsresultaten).toBe('OPT-UIT');
    expect(u.vombo).toBe('VERBODEN');
  });

  it('a forbidden category stays VERBODEN even when passed as chosen', () => {
    expect(uitlevering('POPO', ['vombo']).vombo).toBe('VERBODEN');
    expect(uitlevering('POVO', ['vve']).vve).toBe('VERBODEN');
  });

  it('VOVO with VO-MBO chosen', () => {
    const u = uitlevering('VOVO', ['vombo']);
    expect(u.vombo).toBe('OPTIONEEL');
    expect(u.vve).toBe('VERBODEN');
    expect(u.bijlagedocs).toBe('OPT-UIT');
  });

  // Compare with the official example dossiers of the standard: opt_out = nothing optional chosen,
  // full = everything optional chosen.
  const exampleDir = path.resolve(__dirname, '../../../shared/oso-gegevensset/examples');
  const haveExamples = existsSync(exampleDir);
  if (!haveExamples) console.warn(`OSO example dossiers not found at ${exampleDir}; skipping the comparison with them.`);

  const fromExample = (file: string): [string, string][] =>
    [...readFileSync(path.join(exampleDir, file), 'utf8').matchAll(/<cat_([a-z]+)>([A-Z-]+)<\/cat_\1>/g)].map((m) => [m[1]!, m[2]!]);

  it.runIf(haveExamples).each([
    ['POPO', 'opt_out'],
    ['POPO', 'full'],
    ['POVO', 'opt_out'],
    ['POVO', 'full'],
    ['VOVO', 'opt_out'],
    ['VOVO', 'full'],
  ] as const)(`%s %s matches Voorbeelddossier_OV_%s_%s.xml in content and order${skipNote(!haveExamples, 'the official OSO example dossiers are not in ../shared/oso-gegevensset/examples')}`, (soort, variant) => {
    const chosen = variant === 'full' ? codes(optionalCategories(soort as SoortOverstap)) : [];
    const expected = fromExample(`Voorbeelddossier_OV_${soort}_${variant}.xml`);
    expect(expected).toHaveLength(16);
    expect(Object.entries(uitlevering(soort, chosen))).toEqual(expected);
  });
});
