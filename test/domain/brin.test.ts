import { describe, expect, it } from 'vitest';
import * as brin from '../../src/domain/identifiers/brin';

describe('BRIN validate', () => {
  it('accepts 12AB', () => {
    expect(brin.validate('12AB')).toEqual({ ok: true, value: { code: '12AB' } });
  });

  it.each(['12ab', '12aB', ' 12ab ', '12 ab', '12-ab'])('upper-cases and compacts %j to 12AB', (input) => {
    expect(brin.validate(input)).toEqual({ ok: true, value: { code: '12AB' } });
  });

  it.each([
    ['12AB00', '00'],
    ['12ab01', '01'],
    ['12AB 99', '99'],
  ])('accepts %j with vestigingscode %s', (input, vestiging) => {
    expect(brin.validate(input)).toEqual({ ok: true, value: { code: '12AB', vestiging } });
  });

  it('refuses the typo 12A8 and suggests 12AB', () => {
    const r = brin.validate('12A8');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem.code).toBe('vorm');
      expect(r.problem.message).toContain('"12A8" is geen geldig BRIN-nummer');
      expect(r.problem.message).toContain('2 cijfers en 2 letters');
      expect(r.problem.message).toContain('Bedoelt u 12AB?');
    }
  });

  it.each([
    ['12a8', '12AB'],
    ['1ZAB', '12AB'],
    ['I2AB', '12AB'],
    ['125B', '12SB'],
    ['12AB0O', '12AB00'],
  ])('suggests for look-alike typo %j: %s', (input, suggestion) => {
    const r = brin.validate(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem.message).toContain(`Bedoelt u ${suggestion}?`);
  });

  it.each(['12ABC', 'ABCD', '1234', '12AB0', '12AB000', '12A'])('refuses %j without a suggestion', (input) => {
    const r = brin.validate(input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem.code).toBe('vorm');
      expect(r.problem.message).toContain('bijvoorbeeld 12AB');
      expect(r.problem.message).not.toContain('Bedoelt u');
    }
  });

  it('asks for a BRIN when the answer is empty', () => {
    const r = brin.validate('  ');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem.code).toBe('leeg');
      expect(r.problem.message).toContain('Vul een BRIN-nummer in');
    }
  });

  it('isValid follows validate', () => {
    expect(brin.isValid('12ab00')).toBe(true);
    expect(brin.isValid('12A8')).toBe(false);
  });
});

describe('BRIN format and sameSchool', () => {
  it('formats with and without vestiging', () => {
    expect(brin.format({ code: '12AB' })).toBe('12AB');
    expect(brin.format({ code: '12AB', vestiging: '00' })).toBe('12AB00');
  });

  it('two vestigingen of one school are the same school; another code is not', () => {
    expect(brin.sameSchool({ code: '12AB' }, { code: '12AB', vestiging: '01' })).toBe(true);
    expect(brin.sameSchool({ code: '12AB', vestiging: '00' }, { code: '12AB', vestiging: '01' })).toBe(true);
    expect(brin.sameSchool({ code: '12AB' }, { code: '12AC' })).toBe(false);
  });
});
