import { describe, expect, it } from 'vitest';
import { adviesInWoorden, parseSchooladvies, VO_ADVIEZEN } from '../../src/domain/oso/schooladvies';
import { isVoAdviesCode } from '../../src/domain/oso/osoCodes';

describe('parseSchooladvies', () => {
  it.each([
    ['5', '60'],
    ['havo', '60'],
    ['HAVO/VWO', '61'],
    ['vmbo-kb', '40'],
    ['VMBO KB', '40'],
    ['vmbo gl/tl', '50'],
    ['praktijkonderwijs', '10'],
    ['60', '60'],
    ['33', '33'],
  ])('reads %j as DUO code %s', (input, code) => {
    expect(parseSchooladvies(input)).toEqual({ ok: true, value: code });
  });

  it.each(['99', 'mbo', '', '9'])('refuses %j with the choices in words', (input) => {
    const r = parseSchooladvies(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem.message).toContain('5. havo');
  });

  it('every advice offered is a code the official validator accepts, and is explained in words', () => {
    for (const a of VO_ADVIEZEN) expect(isVoAdviesCode(a.code)).toBe(true);
    expect(adviesInWoorden('40')).toBe('vmbo kaderberoepsgerichte leerweg (vmbo-kb), code 40');
    expect(adviesInWoorden('60')).toBe('havo, code 60');
  });
});
