import { describe, expect, it } from 'vitest';
import { formatAdres, parseAdres, splitHuisnummer } from '../../src/domain/adres';

const value = (input: string) => {
  const r = parseAdres(input);
  if (!r.ok) throw new Error(r.problem.message);
  return r.value;
};

describe('parseAdres: one typed line', () => {
  it.each([
    ['Schoolstraat 1, 1234 AB Utrecht', { straat: 'Schoolstraat', huisnummer: '1', postcode: '1234AB', plaats: 'Utrecht' }],
    ['schoolstraat 1a 1234ab utrecht', { straat: 'schoolstraat', huisnummer: '1', toevoeging: 'A', postcode: '1234AB', plaats: 'utrecht' }],
    ['  Laan van Meerdervoort 12-3 ,  2517 AB ,  Den Haag. ', { straat: 'Laan van Meerdervoort', huisnummer: '12', toevoeging: '3', postcode: '2517AB', plaats: 'Den Haag' }],
    ['Schoolstraat 1, Utrecht, 1234 AB', { straat: 'Schoolstraat', huisnummer: '1', postcode: '1234AB', plaats: 'Utrecht' }],
    ['Laan 1940-1945 12 bis, 1234 AB Utrecht', { straat: 'Laan 1940-1945', huisnummer: '12', toevoeging: 'BIS', postcode: '1234AB', plaats: 'Utrecht' }],
    ['2e Hugo de Grootstraat 7, 1052 LB Amsterdam', { straat: '2e Hugo de Grootstraat', huisnummer: '7', postcode: '1052LB', plaats: 'Amsterdam' }],
  ])('%s', (input, expected) => {
    expect(value(input)).toEqual(expected);
  });

  it('says what is missing, with an example', () => {
    const problem = (input: string) => {
      const r = parseAdres(input);
      return r.ok ? '' : r.problem.message;
    };
    expect(problem('Schoolstraat 1 Utrecht')).toBe(
      'In "Schoolstraat 1 Utrecht" vind ik geen postcode (4 cijfers en 2 letters). Typ straat en huisnummer, postcode en plaats, bijvoorbeeld: Schoolstraat 1, 1234 AB Utrecht.',
    );
    expect(problem('Schoolstraat, 1234 AB Utrecht')).toContain('geen straat met huisnummer vóór de postcode');
    expect(problem('Schoolstraat 1, 1234 AB')).toContain('geen plaats na de postcode');
    expect(problem('Schoolstraat 1, 0234 AB Utrecht')).toContain('geen postcode'); // a postcode never starts with 0
    expect(problem('')).toContain('Vul het adres in');
  });

  it('formats an address so that it reads back the same', () => {
    for (const input of ['Schoolstraat 1A, 1234 AB Utrecht', 'Laan van Meerdervoort 12-3, 2517 AB Den Haag', 'Kerkplein 4, 9999 ZZ Ee']) {
      expect(formatAdres(value(input))).toBe(input);
      expect(value(formatAdres(value(input)))).toEqual(value(input));
    }
  });

  it('splits a house number from its addition', () => {
    expect(splitHuisnummer('12a')).toEqual({ ok: true, value: { huisnummer: '12', toevoeging: 'A' } });
    expect(splitHuisnummer('12')).toEqual({ ok: true, value: { huisnummer: '12' } });
    expect(splitHuisnummer('twaalf').ok).toBe(false);
  });
});
