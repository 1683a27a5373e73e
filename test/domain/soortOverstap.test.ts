import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SOORT_OVERSTAP,
  SOORT_OVERSTAP_UITLEG,
  SOORTEN_OVERSTAP,
  parseSoortOverstap,
  soortenOverstapVoor,
  standaardSoortOverstap,
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

describe('soort overstap follows the school', () => {
  it.each([
    ['BAO', ['POPO', 'POVO']],
    ['SBO', ['POPO', 'POVO']],
    ['SO', ['POPO', 'POVO']],
    ['VSO', ['VOVO']],
    ['VO', ['VOVO']],
  ] as const)('a %s school sends %j', (school, soorten) => {
    expect(soortenOverstapVoor(school)).toEqual(soorten);
  });

  it('a basisschool cannot send VOVO, with the reason in Dutch', () => {
    const r = parseSoortOverstap('vo-vo', 'BAO');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem.message).toContain('VOVO (van voortgezet onderwijs naar voortgezet onderwijs) past niet bij uw school');
      expect(r.problem.message).toContain('school voor basisonderwijs (BAO)');
      expect(r.problem.message).toContain('Kies POPO of POVO (voor LDOS: POPO).');
    }
    expect(parseSoortOverstap('po vo', 'SO')).toEqual({ ok: true, value: 'POVO' });
  });

  it('a VO school cannot send POPO or POVO', () => {
    for (const input of ['popo', 'POVO']) {
      const r = parseSoortOverstap(input, 'VO');
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.problem.message).toContain('past niet bij uw school: dit is een school voor voortgezet onderwijs (VO)');
        expect(r.problem.message).toContain('Kies VOVO.');
      }
    }
    expect(parseSoortOverstap('vovo', 'VSO')).toEqual({ ok: true, value: 'VOVO' });
  });

  it('proposes the earlier answer only when the school can send it', () => {
    expect(standaardSoortOverstap('BAO', 'POVO')).toBe('POVO');
    expect(standaardSoortOverstap('BAO', 'VOVO')).toBe('POPO');
    expect(standaardSoortOverstap('VO', 'POPO')).toBe('VOVO');
    expect(standaardSoortOverstap('VO')).toBe('VOVO');
  });
});
