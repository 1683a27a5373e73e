import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SOORT_OVERSTAP,
  SOORT_OVERSTAP_UITLEG,
  SOORTEN_OVERSTAP,
  parseSoortOverstap,
} from '../../src/domain/soortOverstap';

describe('parseSoortOverstap', () => {
  it.each([
    ['popo', 'POPO'],
    ['POPO', 'POPO'],
    ['PO-PO', 'POPO'],
    ['Po Po', 'POPO'],
    [' po/po ', 'POPO'],
    ['po vo', 'POVO'],
    ['PO-VO', 'POVO'],
    ['vovo', 'VOVO'],
    ['VO - VO', 'VOVO'],
  ])('reads %j as %s', (input, soort) => {
    expect(parseSoortOverstap(input)).toEqual({ ok: true, value: soort });
  });

  it.each(['garbage', 'vopo', 'PO', 'MBO', 'popo ok', '', '123'])('refuses %j with the choices', (input) => {
    const r = parseSoortOverstap(input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem.message).toContain('geen soort overstap');
      expect(r.problem.message).toContain('POPO, POVO of VOVO');
      expect(r.problem.message).toContain('voor LDOS: POPO');
    }
  });

  it('POPO is the default and every soort has a Dutch explanation', () => {
    expect(DEFAULT_SOORT_OVERSTAP).toBe('POPO');
    expect(SOORTEN_OVERSTAP).toEqual(['POPO', 'POVO', 'VOVO']);
    expect(SOORT_OVERSTAP_UITLEG.POPO).toContain('basisschool naar basisschool');
    expect(SOORT_OVERSTAP_UITLEG.POVO).toContain('voortgezet onderwijs');
    expect(SOORT_OVERSTAP_UITLEG.VOVO).toContain('voortgezet onderwijs naar voortgezet onderwijs');
  });
});
