import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as bsn from '../../src/domain/identifiers/bsn';
import * as onderwijsnummer from '../../src/domain/identifiers/onderwijsnummer';
import * as leerlingnummer from '../../src/domain/identifiers/leerlingnummer';

// Hand-checked: all start with 10 and have weighted sum ≡ 5 (mod 11).
const VALID_ONR = ['100012961', '100017946', '100038883'];
const WEIGHTS = [9, 8, 7, 6, 5, 4, 3, 2, -1];
const weightedSum = (n: string): number => [...n].reduce((s, ch, i) => s + WEIGHTS[i]! * Number(ch), 0);

describe('onderwijsnummer validate', () => {
  it.each(VALID_ONR)('accepts %s (starts with 10, weighted sum mod 11 = 5)', (n) => {
    expect(weightedSum(n) % 11).toBe(5);
    expect(onderwijsnummer.validate(n)).toEqual({ ok: true, value: n });
  });

  it('accepts it with separators', () => {
    expect(onderwijsnummer.validate('1000.12.961')).toEqual({ ok: true, value: '100012961' });
    expect(onderwijsnummer.validate('100 012 961')).toEqual({ ok: true, value: '100012961' });
  });

  it('refuses a number with weighted sum mod 11 = 5 that does not start with 10', () => {
    expect(weightedSum('200000014') % 11).toBe(5); // 2*9 + 1*2 - 4 = 16
    const r = onderwijsnummer.validate('200000014');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem.code).toBe('begin');
      expect(r.problem.message).toContain('begint altijd met 10');
    }
  });

  it('refuses a number starting with 10 whose check fails, naming the controlegetal', () => {
    const r = onderwijsnummer.validate('100012962');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem.code).toBe('elfproef');
      expect(r.problem.message).toContain('100012962');
      expect(r.problem.message).toContain('controlegetal');
    }
  });

  it('refuses a valid BSN that starts with 10 (sum ≡ 0, not 5)', () => {
    expect(bsn.isValid('100001324')).toBe(true);
    expect(onderwijsnummer.isValid('100001324')).toBe(false);
  });

  it.each([
    ['', 'leeg', 'Vul een onderwijsnummer in'],
    ['10001296', 'lengte', 'heeft er 8'],
    ['1000129610', 'lengte', 'heeft er 10'],
    ['10001296x', 'tekens', 'alleen uit cijfers'],
  ])('refuses %j with code %s', (input, code, text) => {
    const r = onderwijsnummer.validate(input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem.code).toBe(code);
      expect(r.problem.message).toContain(text);
    }
  });

  it('masks to the last 4 digits', () => {
    expect(onderwijsnummer.mask('100012961')).toBe('*****2961');
    expect(onderwijsnummer.format('100 012 961')).toBe('100012961');
  });
});

describe('BSN and onderwijsnummer exclude each other', () => {
  it('property: no 9-digit number is both a valid BSN and a valid onderwijsnummer', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{9}$/), (n) => {
        expect(bsn.isValid(n) && onderwijsnummer.isValid(n)).toBe(false);
      }),
      { numRuns: 5000 },
    );
  });

  it('property: the same holds for every number starting with 10 (where both could apply)', () => {
    const startsWith10 = fc.stringMatching(/^[0-9]{7}$/).map((s) => `10${s}`);
    fc.assert(
      fc.property(startsWith10, (n) => {
        expect(bsn.isValid(n) && onderwijsnummer.isValid(n)).toBe(false);
      }),
      { numRuns: 5000 },
    );
  });

  it('property: every constructed onderwijsnummer is accepted and is not a BSN', () => {
    const onr = fc
      .stringMatching(/^[0-9]{6}$/)
      .map((six) => {
        const s8 = weightedSum(`10${six}0`);
        const check = (((s8 - 5) % 11) + 11) % 11;
        return `10${six}${check}`;
      })
      .filter((n) => n.length === 9);
    fc.assert(
      fc.property(onr, (n) => {
        expect(onderwijsnummer.isValid(n)).toBe(true);
        expect(bsn.isValid(n)).toBe(false);
        expect(leerlingnummer.validate(n)).toEqual({ ok: true, value: { soort: 'onderwijsnummer', nummer: n } });
      }),
    );
  });
});

describe('leerlingnummer (BSN or onderwijsnummer)', () => {
  it('recognises a BSN, also with separators and leading zero', () => {
    expect(leerlingnummer.validate('1234.56.782')).toEqual({ ok: true, value: { soort: 'bsn', nummer: '123456782' } });
    expect(leerlingnummer.validate('012345672')).toEqual({ ok: true, value: { soort: 'bsn', nummer: '012345672' } });
  });

  it('recognises an onderwijsnummer', () => {
    expect(leerlingnummer.validate('100012961')).toEqual({
      ok: true,
      value: { soort: 'onderwijsnummer', nummer: '100012961' },
    });
  });

  it('a number starting with 10 that is neither says so', () => {
    const r = leerlingnummer.validate('100012962');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem.code).toBe('elfproef');
      expect(r.problem.message).toMatch(/geen geldig BSN en ook geen geldig onderwijsnummer/);
    }
  });

  it('other bad numbers get the BSN message', () => {
    const r = leerlingnummer.validate('123456789');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem.message).toContain('elfproef');
    const short = leerlingnummer.validate('12345678');
    expect(short.ok).toBe(false);
    if (!short.ok) expect(short.problem.code).toBe('lengte');
  });

  it.each([
    ['123456782', true],
    ['1234.56.782', true],
    [' 1234 56 782 ', true],
    ['Zoë', false],
    ['Jan 2', false],
    ['', false],
  ])('looksLikeNumber(%j) = %s', (input, expected) => {
    expect(leerlingnummer.looksLikeNumber(input)).toBe(expected);
  });

  it('masks to the last four digits', () => {
    expect(leerlingnummer.mask('123456782')).toBe('*****6782');
  });
});
